/**
 * Finds token-like values in text without ever returning them: each finding says where it is and
 * describes it ("a 48-character hex string"), so that messages can never leak the secret.
 */

export interface SecretFinding {
  /** 0-based offsets into the scanned string. */
  start: number;
  end: number;
  description: string;
}

interface Detector {
  pattern: RegExp;
  /** Which capture group is the secret (0: the whole match). */
  group?: number;
  accept?: (value: string, line: string) => boolean;
  describe: (value: string) => string;
}

const HASH_CONTEXT = /sha-?(?:1|256|384|512)|checksum|digest|integrity|commit/i;

const DETECTORS: readonly Detector[] = [
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/g, describe: () => 'a private key block' },
  {
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    describe: (v) => `a JSON Web Token (${v.length} characters)`,
  },
  { pattern: /\bsk-[A-Za-z0-9_-]{20,}/g, describe: (v) => `an API key of the sk-… kind (${v.length} characters)` },
  { pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/g, describe: () => 'a GitHub token' },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, describe: () => 'a Slack token' },
  { pattern: /\bAKIA[0-9A-Z]{16}\b/g, describe: () => 'an AWS access key id' },
  { pattern: /\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b/g, describe: () => 'a Telegram bot token' },
  {
    pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{8,}=*)/g,
    group: 1,
    accept: (v) => !isPlaceholder(v) && (/\d/.test(v) || v.length >= 20),
    describe: () => 'a Bearer credential',
  },
  {
    pattern: /(?<![A-Za-z0-9])[0-9a-fA-F]{32,}(?![A-Za-z0-9])/g,
    accept: (v, line) => /[a-fA-F]/.test(v) && /\d/.test(v) && v.length !== 40 && !HASH_CONTEXT.test(line),
    describe: (v) => `a ${v.length}-character hex string`,
  },
  {
    pattern:
      /\b(?:[A-Za-z0-9]+[_-])*(?:token|secret|password|passwd|api[_-]?key|apikey|access[_-]?key)["']?[ \t]*[:=][ \t]*["']?([^\s"'<>`]{12,})/gi,
    group: 1,
    accept: (v) => !isReference(v) && !isPlaceholder(v) && /[A-Za-z]/.test(v) && /\d/.test(v),
    describe: () => 'a value assigned to a secret-named key',
  },
  {
    pattern: /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}={0,2}/g,
    accept: (v, line) => !line.includes('base64,') && looksRandom(v),
    describe: (v) => `a ${v.length}-character high-entropy string`,
  },
];

/** At most this many findings per line: enough to fail, bounded on junk. */
const MAX_FINDINGS = 20;

/**
 * Every secret-looking span in one line of text, left to right, without overlaps.
 * Some detectors look at the whole line for context (`sha256:` before a hex digest).
 * @example findSecrets('Token: ' + 'ab12'.repeat(12))[0]?.description // 'a 48-character hex string'
 */
export function findSecrets(line: string): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const detector of DETECTORS) {
    detector.pattern.lastIndex = 0;
    for (let m = detector.pattern.exec(line); m !== null; m = detector.pattern.exec(line)) {
      if (found.length >= MAX_FINDINGS) break;
      const value = m[detector.group ?? 0] ?? '';
      const start = m.index + m[0].length - value.length;
      const end = start + value.length;
      if (value === '' || found.some((f) => start < f.end && f.start < end)) continue;
      if (detector.accept && !detector.accept(value, line)) continue;
      found.push({ start, end, description: detector.describe(value) });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whether a single value (a field's value) looks like a secret. */
export function looksLikeSecret(value: string): boolean {
  return findSecrets(value).length > 0;
}

function isReference(value: string): boolean {
  return /^(?:env:|file:|\$|%|\{\{)/i.test(value);
}

/** `YOUR_TOKEN`, `xxxx`, `****`, `...`: letters only or filler, no digits. */
function isPlaceholder(value: string): boolean {
  return /^(?:[A-Za-z_]+|[x*.]+)$/.test(value);
}

/** Mixed case and digits, and close to random (Shannon entropy per character). */
function looksRandom(value: string): boolean {
  const count = (re: RegExp) => value.match(re)?.length ?? 0;
  if (count(/[A-Z]/g) < 2 || count(/[a-z]/g) < 2 || count(/\d/g) < 2) return false;
  return entropy(value) >= 4.2;
}

function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
