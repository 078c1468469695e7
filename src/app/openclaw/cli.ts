import type { OpenClawCli } from './locate.js';
import { OisError } from '../../core/errors.js';
import { parseJsonOutput, parseOpenClawVersion, readSkillInfo, type SkillInfo } from '../../core/openclaw/config.js';
import { redactUrls } from '../../core/redact.js';

/**
 * The few `openclaw` commands ois uses, their output read defensively. Config is only ever changed
 * through `openclaw config patch` (validated by OpenClaw itself), never by editing openclaw.json.
 */
export interface OpenClaw {
  readonly display: string;
  /** `openclaw --version` → `2026.9.6`, or undefined when it does not say. */
  version(): Promise<string | undefined>;
  /** `openclaw config get PATH --json`: the value, or undefined when unset. */
  configGet(path: string): Promise<unknown>;
  /** `openclaw config file --json`: the config file in use. */
  configFile(): Promise<string | undefined>;
  /** `openclaw config patch --stdin [--dry-run]` (the patch on standard input: it may carry a token). */
  configPatch(patch: Record<string, unknown>, dryRun: boolean): Promise<{ restartHint?: string }>;
  /** `openclaw skills info NAME --json` (undefined: not installed). */
  skillInfo(name: string): Promise<SkillInfo | undefined>;
  /** `openclaw skills install DIR --force`: installs or replaces the workspace skill. */
  installSkill(dir: string): Promise<void>;
}

export function openClaw(cli: OpenClawCli): OpenClaw {
  const fail = (what: string, result: { stdout: string; stderr: string; startError?: string }, secret?: string): OisError => {
    let said = oneLine(messageOf(parseJsonOutput(result.stdout)) ?? result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? result.startError ?? 'no output');
    if (secret !== undefined && secret !== '') said = said.split(secret).join('<token>');
    return new OisError('OPENCLAW_FAILED', `\`openclaw ${what}\` failed: ${said}`, { hint: 'Run the same `openclaw` command yourself to see the whole message; `ois openclaw setup --dry-run` shows what ois would change.' });
  };
  return {
    display: cli.display,
    async version() {
      const result = await cli.run(['--version'], { timeoutMs: 15_000 });
      return result.code === 0 ? parseOpenClawVersion(result.stdout) : undefined;
    },
    async configGet(path) {
      const result = await cli.run(['config', 'get', path, '--json']);
      const json = parseJsonOutput(result.stdout);
      if (result.code === 0) return json;
      if (/unset/i.test(messageOf(json) ?? '')) return undefined;
      throw fail(`config get ${path}`, result);
    },
    async configFile() {
      const result = await cli.run(['config', 'file', '--json']);
      const json = parseJsonOutput(result.stdout) as { path?: unknown } | undefined;
      return result.code === 0 && typeof json?.path === 'string' ? json.path : undefined;
    },
    async configPatch(patch, dryRun) {
      const result = await cli.run(['config', 'patch', '--stdin', ...(dryRun ? ['--dry-run'] : [])], { input: `${JSON.stringify(patch)}\n`, timeoutMs: 60_000 });
      const token = (patch.hooks as { token?: unknown } | undefined)?.token;
      if (result.code !== 0) throw fail(`config patch${dryRun ? ' --dry-run' : ''}`, result, typeof token === 'string' ? token : undefined);
      const hint = /Restart the gateway to apply\.|Change will apply without restarting the gateway\.|No gateway restart needed\./.exec(result.stdout)?.[0];
      return hint === undefined ? {} : { restartHint: hint };
    },
    async skillInfo(name) {
      const result = await cli.run(['skills', 'info', name, '--json']);
      return readSkillInfo(parseJsonOutput(result.stdout));
    },
    async installSkill(dir) {
      const result = await cli.run(['skills', 'install', dir, '--force'], { timeoutMs: 60_000 });
      if (result.code !== 0) throw fail('skills install', result);
    },
  };
}

function messageOf(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const error = (json as { error?: unknown; errors?: unknown }).error;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  const errors = (json as { errors?: unknown }).errors;
  if (Array.isArray(errors)) return errors.map((e) => (typeof e === 'object' && e !== null ? String((e as { message?: unknown }).message ?? '') : '')).join('; ');
  return undefined;
}

/** A short line, URLs redacted (a config may hold credentials in URLs). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = redactUrls(text.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim());
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
