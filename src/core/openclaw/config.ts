import type { WakeMode } from '../registry/types.js';

/** The oldest OpenClaw that `ois openclaw setup` knows to work (tested against it). */
export const MIN_OPENCLAW = '2026.9.6';

/**
 * The version in `openclaw --version` output (`OpenClaw 2026.9.6 (eb377ac)`), or undefined.
 *
 * @example parseOpenClawVersion('OpenClaw 2026.9.6 (eb377ac)') // '2026.9.6'
 */
export function parseOpenClawVersion(output: string): string | undefined {
  return /\b(\d+)\.(\d+)\.(\d+)\b/.exec(output)?.[0];
}

/**
 * Whether `version` is at least `minimum` (numeric, part by part).
 *
 * @example versionAtLeast('2026.10.1', '2026.9.6') // true
 */
export function versionAtLeast(version: string, minimum: string): boolean {
  const a = version.split('.').map(Number);
  const b = minimum.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** What ois needs to know of the Gateway's config (`openclaw config get hooks` and `… gateway`). */
export interface GatewayConfigFacts {
  hooksEnabled: boolean;
  /** Whether a hooks token is configured (OpenClaw prints it redacted). */
  hooksToken: boolean;
  /** `gateway.tools.allow` as configured (undefined: unset). */
  toolsAllow?: string[];
  /** `gateway.tools.deny` as configured. */
  toolsDeny?: string[];
  /** `gateway.port` as configured. */
  port?: number;
}

export interface ConfigPlanInput {
  mode: WakeMode;
  facts: GatewayConfigFacts;
  /** This agent's hooks token as ois has it (`ois token set ID --hooks` or the environment). */
  haveOwnHooksToken: boolean;
  /** The running Gateway refused that token (a probe said 401). */
  ownHooksTokenRefused?: boolean;
  /** `--new-hooks-token`. */
  rotate?: boolean;
  /** A freshly generated token, used when one is needed. */
  newToken: string;
}

/** The change to make through `openclaw config patch`, and why, in words. */
export interface ConfigPlan {
  /** The JSON5 patch (undefined: nothing to change). */
  patch?: Record<string, unknown>;
  /** Set when the patch carries a new hooks token (to store and hand to teammates). */
  newHooksToken?: string;
  /** What is done or kept, one sentence each. */
  notes: string[];
  /** What the owner must do by hand (ois never overrides an explicit deny). */
  blockers: string[];
}

/**
 * Plans the Gateway config change that lets teammates wake this agent. `hooks`: hooks enabled with a
 * hooks token that ois also holds for this agent (its own catch-up needs it), freshly generated when
 * hooks are off, no token is known to ois, the running Gateway refused the known one, or on request;
 * otherwise kept (rotating would cut off every teammate holding it). `invoke`: `sessions_send` added to
 * `gateway.tools.allow`, keeping what is there; never over an explicit `gateway.tools.deny`.
 *
 * @example
 * planGatewayConfig({ mode: 'invoke', facts: { hooksEnabled: false, hooksToken: false }, haveOwnHooksToken: false, newToken: 't' }).patch
 * // { gateway: { tools: { allow: ['sessions_send'] } } }
 */
export function planGatewayConfig(input: ConfigPlanInput): ConfigPlan {
  const { facts } = input;
  if (input.mode === 'invoke') {
    const allow = facts.toolsAllow ?? [];
    if ((facts.toolsDeny ?? []).includes('sessions_send')) {
      return { notes: [], blockers: ['gateway.tools.deny lists sessions_send: remove it there (ois does not override a deny), or use Wake: hooks'] };
    }
    if (allow.includes('sessions_send')) return { notes: ['gateway.tools.allow already lists sessions_send'], blockers: [] };
    return {
      patch: { gateway: { tools: { allow: [...allow, 'sessions_send'] } } },
      notes: ['sessions_send added to gateway.tools.allow, so that teammates holding your gateway token can wake you (POST /tools/invoke)'],
      blockers: [],
    };
  }
  const why = input.rotate
    ? 'a new hooks token, as asked'
    : !facts.hooksEnabled
      ? 'hooks enabled with a new hooks token'
      : !facts.hooksToken
        ? 'a hooks token set (hooks had none)'
        : !input.haveOwnHooksToken
          ? 'a new hooks token (ois did not know the configured one; teammates holding the old one need the new one)'
          : input.ownHooksTokenRefused
            ? 'a new hooks token (the Gateway refused the one ois had)'
            : undefined;
  if (why === undefined) return { notes: ['hooks already enabled, with the hooks token ois holds for you (kept: your teammates use it)'], blockers: [] };
  return { patch: { hooks: { enabled: true, token: input.newToken } }, newHooksToken: input.newToken, notes: [`${why}, so that teammates can wake you (POST /hooks/wake)`], blockers: [] };
}

/**
 * A patch safe to print: the hooks token replaced by a placeholder.
 *
 * @example maskPatch({ hooks: { enabled: true, token: 'secret' } }) // { hooks: { enabled: true, token: '<new hooks token>' } }
 */
export function maskPatch(patch: Record<string, unknown>): Record<string, unknown> {
  const hooks = patch.hooks;
  if (typeof hooks !== 'object' || hooks === null || !('token' in hooks)) return patch;
  return { ...patch, hooks: { ...hooks, token: '<new hooks token>' } };
}

/**
 * Reads the facts from the JSON of `openclaw config get hooks --json` and `openclaw config get
 * gateway --json` (either may be undefined: unset). Anything unexpected counts as unset.
 *
 * @example readGatewayConfig({ enabled: true, token: '__OPENCLAW_REDACTED__' }, { port: 18789 }) // { hooksEnabled: true, hooksToken: true, port: 18789 }
 */
export function readGatewayConfig(hooks: unknown, gateway: unknown): GatewayConfigFacts {
  const h = isRecord(hooks) ? hooks : {};
  const g = isRecord(gateway) ? gateway : {};
  const tools = isRecord(g.tools) ? g.tools : {};
  const facts: GatewayConfigFacts = { hooksEnabled: h.enabled === true, hooksToken: typeof h.token === 'string' && h.token !== '' };
  const allow = strings(tools.allow);
  const deny = strings(tools.deny);
  if (allow !== undefined) facts.toolsAllow = allow;
  if (deny !== undefined) facts.toolsDeny = deny;
  if (typeof g.port === 'number') facts.port = g.port;
  return facts;
}

/** An installed skill as `openclaw skills info NAME --json` reports it. */
export interface SkillInfo {
  filePath?: string;
  eligible: boolean;
  modelVisible: boolean;
  disabled: boolean;
  /** Unmet requirements in words: `bins: ois`, `env: X`. */
  missing: string[];
}

/**
 * Reads `openclaw skills info NAME --json` (undefined when the skill is not found or the output is
 * not that shape).
 *
 * @example readSkillInfo({ name: 'ois', eligible: true, modelVisible: true, missing: { bins: [] } })?.eligible // true
 */
export function readSkillInfo(json: unknown): SkillInfo | undefined {
  if (!isRecord(json) || json.ok === false || typeof json.name !== 'string') return undefined;
  const missing: string[] = [];
  if (isRecord(json.missing)) {
    for (const [kind, value] of Object.entries(json.missing)) {
      const list = strings(value) ?? [];
      if (list.length > 0) missing.push(`${kind}: ${list.join(', ')}`);
    }
  }
  const info: SkillInfo = { eligible: json.eligible === true, modelVisible: json.modelVisible === true, disabled: json.disabled === true, missing };
  if (typeof json.filePath === 'string') info.filePath = json.filePath;
  return info;
}

/**
 * The JSON value a command printed on standard output (OpenClaw prints one document; a line of noise
 * before it is skipped), or undefined.
 *
 * @example parseJsonOutput('warning: x\n{"ok":true}') // { ok: true }
 */
export function parseJsonOutput(stdout: string): unknown {
  const start = stdout.search(/^[[{"]|^(?:true|false|null|-?\d)/m);
  if (start === -1) return undefined;
  try {
    return JSON.parse(stdout.slice(start));
  } catch {
    return undefined;
  }
}

function strings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
