/**
 * Removes credentials from URLs in a text (`https://user:token@host` → `https://***@host`), so that no
 * message or log line ever carries them.
 * @example redactUrls('fatal: unable to access https://bob:s3cret@git.example/x') // '... https://***@git.example/x'
 */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}
