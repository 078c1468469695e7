/**
 * The vocabulary of AGENTS.md fields and the pure checks shared by the parser's zod schema and the
 * lint rules, so that "valid" means the same thing in both places. Each `check…` returns a problem
 * (a sentence that never repeats the value) or `undefined` when the value is fine.
 */

/** Canonical keys ois reads, in the order the docs list them. */
export const KNOWN_FIELDS = ['id', 'kind', 'gateway', 'session', 'wake', 'token', 'hooks-token', 'role', 'status'] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

/** How each canonical key is spelled in messages and docs. */
export const FIELD_LABEL: Record<KnownField, string> = {
  id: 'Id',
  kind: 'Kind',
  gateway: 'Gateway',
  session: 'Session',
  wake: 'Wake',
  token: 'Token',
  'hooks-token': 'Hooks-Token',
  role: 'Role',
  status: 'Status',
};

export const DEFAULT_SESSION = 'agent:main:main';
export const WAKE_MODES = ['invoke', 'hooks'] as const;
/** What a section describes: an OpenClaw agent (the default) or a person who takes part through `ois web`. */
export const MEMBER_KINDS = ['agent', 'human'] as const;
/** The fields that only mean something for a member ois wakes (so never for a `Kind: human`). */
export const WAKE_FIELDS = ['gateway', 'session', 'wake', 'token', 'hooks-token'] as const;
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** `@all` mentions everyone, so no agent may be called `all`. */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['all']);

/**
 * Canonical form of a field key: case-insensitive, spaces and underscores count as `-`.
 * @example canonicalKey('Hooks Token') // 'hooks-token'
 */
export function canonicalKey(key: string): string {
  return key.trim().toLowerCase().replace(/[\s_]+/g, '-');
}

export function isKnownField(key: string): key is KnownField {
  return (KNOWN_FIELDS as readonly string[]).includes(key);
}

/**
 * The default id for a display name: ASCII letters and digits, runs of anything else as `-`.
 * Names without any ASCII letter or digit (Chinese, emoji only) give `''`: they need an `Id` field.
 * @example slugify('ARIA ⚔️') // 'aria'
 * @example slugify('Zoë Müller') // 'zoe-muller'
 */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** @example checkId('aria') // undefined */
export function checkId(id: string): string | undefined {
  if (id === '') return 'an id must not be empty';
  if (RESERVED_IDS.has(id.toLowerCase())) return `"${id}" is reserved (\`@all\` mentions everyone)`;
  if (ID_PATTERN.test(id)) return undefined;
  if (ID_PATTERN.test(id.toLowerCase())) return 'an id is lower case';
  return 'an id is 1 to 64 of a-z, 0-9 and "-", starting with a letter or digit';
}

/**
 * A Gateway base URL: http or https, a host, an optional port (default 80/443), an optional path
 * prefix, and nothing else (no credentials, query or fragment).
 * @example checkGatewayUrl('http://10.0.0.5:18789') // undefined
 * @example checkGatewayUrl('ftp://x') // 'the Gateway URL must use http:// or https://'
 */
export function checkGatewayUrl(value: string): string | undefined {
  if (value === '') return 'the Gateway URL is empty';
  if (/\s/.test(value)) return 'the Gateway URL contains whitespace';
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'the Gateway URL must start with http:// or https://';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'the Gateway URL is not a valid URL (check the host and the port)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'the Gateway URL must use http:// or https://';
  if (url.hostname === '') return 'the Gateway URL has no host';
  if (url.username !== '' || url.password !== '') return 'the Gateway URL must not carry credentials';
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    return 'the Gateway URL must be a base URL, without a query or a fragment';
  }
  if (url.port === '0') return 'the Gateway URL has port 0';
  return undefined;
}

/**
 * A session key `agent:<agentId>:<rest>` (OpenClaw's canonical form), or the bare `main`
 * (valid but discouraged: see the `no-bare-main-session` rule).
 * @example checkSessionKey('agent:main:main') // undefined
 */
export function checkSessionKey(value: string): string | undefined {
  if (value === 'main') return undefined;
  if (value === '') return 'the session key is empty';
  if (/\s/.test(value)) return 'a session key has no whitespace';
  const parts = value.split(':');
  if (parts[0] !== 'agent' || parts.length < 3) {
    return 'a session key reads agent:<agentId>:<session>, for example agent:main:main';
  }
  if (parts.some((part) => part === '')) return 'a session key has no empty part between colons';
  if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(parts[1] ?? '')) {
    return 'the agent id in a session key is lower case a-z, 0-9, "_" and "-"';
  }
  return undefined;
}

/** @example parseWakeMode('Invoke') // 'invoke' */
export function parseWakeMode(value: string): (typeof WAKE_MODES)[number] | undefined {
  const lower = value.trim().toLowerCase();
  return WAKE_MODES.find((mode) => mode === lower);
}

/** @example parseMemberKind('Human') // 'human' */
export function parseMemberKind(value: string): (typeof MEMBER_KINDS)[number] | undefined {
  const lower = value.trim().toLowerCase();
  return MEMBER_KINDS.find((kind) => kind === lower);
}

/**
 * A token reference: `env:NAME`, where NAME is an environment variable starting with `OIS_`.
 * Only the environment is allowed (no `file:`), and only `OIS_` names, so that a registry edit cannot
 * make ois read an unrelated secret (an SSH key file, `AWS_SECRET_ACCESS_KEY`) and send it to a Gateway.
 * @example checkTokenReference('env:OIS_TOKEN_ARIA') // undefined
 */
export function checkTokenReference(value: string): string | undefined {
  if (value === '') return 'the token reference is empty';
  const match = /^env:(.*)$/i.exec(value);
  if (match === null) return 'a token is a reference `env:OIS_…`, never the secret itself';
  const name = match[1] ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'an environment variable name is letters, digits and "_"';
  if (!value.startsWith('env:')) return 'write the prefix as lower-case `env:`';
  if (!name.startsWith('OIS_')) return 'the variable name must start with OIS_ (for example env:OIS_TOKEN_ARIA)';
  return undefined;
}
