/**
 * Installs the real OpenClaw the end-to-end tests run (npm `openclaw`, pinned with its whole
 * dependency tree in test/openclaw/install/package-lock.json) into `.cache/openclaw` of this checkout,
 * once: 647 MB, ~25 s, so it is not a devDependency of ois (every `npm ci` would pay for it).
 *
 * Used by test/openclaw/*.test.ts and by .ci/run (`node test/openclaw/install.ts`, Node 24 runs it as
 * TypeScript): self-contained, node: imports only. npm runs with the project's Node 24 first on PATH
 * (with Node 20, OpenClaw's own install script refuses). npm 11 skips the install scripts of a few of
 * OpenClaw's dependencies that have no `allowScripts` entry (koffi, protobufjs, openclaw's postinstall
 * that prunes stale dist files): the Gateway, its agent turns, exec and skills work without them
 * (measured for 2026.9.6), so none are allowed.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPENCLAW_VERSION = '2026.9.6';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const target = join(root, '.cache', 'openclaw');
const pinned = join(here, 'install');

export type OpenClawInstall = { ok: true; entry: string; version: string } | { ok: false; reason: string };

/** Where `openclaw.mjs` is once installed. */
export function openclawEntry(): string {
  return join(target, 'node_modules', 'openclaw', 'openclaw.mjs');
}

/**
 * Makes sure `.cache/openclaw` holds OpenClaw as pinned; installs it (`npm ci`, bounded to 10 min)
 * when it is missing or another version. Never throws: a failure (no network, no npm) is a reason.
 */
export async function ensureOpenClaw(): Promise<OpenClawInstall> {
  const wanted = await readFile(join(pinned, 'package-lock.json'), 'utf8');
  const installed = await readFile(join(target, 'package-lock.json'), 'utf8').catch(() => undefined);
  const version = await installedVersion();
  if (installed === wanted && version === OPENCLAW_VERSION) return { ok: true, entry: openclawEntry(), version };
  try {
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await copyFile(join(pinned, 'package.json'), join(target, 'package.json'));
    await writeFile(join(target, 'package-lock.json'), wanted);
    const bin = join(root, 'node_modules', '.bin');
    const env = { ...process.env, PATH: `${bin}${delimiter}${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], target, env, 600_000);
  } catch (error) {
    await rm(join(target, 'package-lock.json'), { force: true });
    return { ok: false, reason: `npm ci of openclaw@${OPENCLAW_VERSION} into .cache/openclaw failed: ${(error as Error).message.trim().split('\n').slice(-3).join(' / ')}` };
  }
  const after = await installedVersion();
  if (after !== OPENCLAW_VERSION) return { ok: false, reason: `.cache/openclaw holds openclaw ${after ?? 'nothing'} after npm ci, not ${OPENCLAW_VERSION}` };
  return { ok: true, entry: openclawEntry(), version: after };
}

async function installedVersion(): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(join(target, 'node_modules', 'openclaw', 'package.json'), 'utf8')) as { version?: string };
    return json.version;
  } catch {
    return undefined;
  }
}

function run(program: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { cwd, env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve();
    });
  });
}

// `node test/openclaw/install.ts` (from .ci/run): install, say what happened, never fail the run.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const result = await ensureOpenClaw();
  if (result.ok) console.log(`openclaw ${result.version} ready in .cache/openclaw (${Math.round((Date.now() - started) / 1000)} s)`);
  else console.log(`openclaw not installed: ${result.reason}; the real-Gateway tests will be skipped`);
}
