/**
 * `GET <gateway>/healthz` without any token: whether something answers there, bounded by a timeout.
 * Used when ois must not (or cannot) send a token to a Gateway, yet wants to know it is up.
 *
 * @example await probeHealth('http://127.0.0.1:18789', 3000) // { reachable: true, status: 200 }
 */
export async function probeHealth(baseUrl: string, timeoutMs: number): Promise<{ reachable: boolean; status?: number; detail?: string }> {
  let url: URL;
  try {
    url = new URL(`${baseUrl.replace(/\/+$/, '')}/healthz`);
  } catch {
    return { reachable: false, detail: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reachable: false, detail: 'not an http(s) URL' };
  try {
    const response = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    return { reachable: true, status: response.status };
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { reachable: false, detail: `no answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { reachable: false, detail: cause ?? 'the connection failed' };
  }
}
