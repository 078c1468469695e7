import { matchesGlob } from './glob.js';

export type ExclusionReason = 'too-large' | 'editor-temp' | 'secret-file' | 'team-ignore' | 'lint' | 'symlink';

export interface Exclusion {
  path: string;
  reason: ExclusionReason;
  /** Words a user can act on. */
  detail: string;
}

export interface Candidate {
  path: string;
  /** Size in bytes; undefined for deletions. */
  size?: number;
  deleted: boolean;
  /** A symbolic link in the working tree, or a path git records as one (mode 120000): never committed. */
  symlink?: boolean;
}

export interface FilterRules {
  maxFileBytes: number;
  ignore: readonly string[];
}

const EDITOR_TEMP: readonly RegExp[] = [
  /\.sw[a-p]$/, // vim swap files
  /~$/, // emacs/gedit backups
  /^\.#/, // emacs lock files
  /^#.*#$/, // emacs auto-save
  /^4913$/, // vim's write probe
  /\.(?:tmp|temp|part|crdownload)$/i,
  /^\.DS_Store$/,
  /^Thumbs\.db$/i,
  /\.ois-tmp-[^/]*$/, // ois's own atomic-write temp files
];

const SECRET_FILES: readonly RegExp[] = [
  /^\.env(?:\..*)?$/,
  /\.(?:pem|key|p12|pfx|jks|keystore)$/i,
  /^id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?$/,
  /^\.?(?:netrc|npmrc|pgpass)$/,
  /^tokens?\.json$/i,
  /^(?:credentials|secrets?)(?:\.[a-z]+)?$/i,
];

/**
 * Splits changed paths into those to commit and those to leave out (and report).
 * Deletions are always committed: they cannot leak anything. Symbolic links never are.
 *
 * @example filterChanges([{path:'shared/big.bin', size: 9e9, deleted:false}], {maxFileBytes: 1e6, ignore: []})
 */
export function filterChanges(
  candidates: readonly Candidate[],
  rules: FilterRules,
): { commit: string[]; excluded: Exclusion[] } {
  const commit: string[] = [];
  const excluded: Exclusion[] = [];
  for (const candidate of candidates) {
    const exclusion = candidate.deleted ? undefined : exclusionFor(candidate, rules);
    if (exclusion) excluded.push(exclusion);
    else commit.push(candidate.path);
  }
  return { commit, excluded };
}

function exclusionFor(candidate: Candidate, rules: FilterRules): Exclusion | undefined {
  const { path } = candidate;
  if (candidate.symlink === true) {
    return {
      path,
      reason: 'symlink',
      detail: 'a symbolic link: ois never commits one (a link could lead every clone out of itself); replace it with the file itself, or remove it',
    };
  }
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (EDITOR_TEMP.some((pattern) => pattern.test(name))) {
    return { path, reason: 'editor-temp', detail: 'an editor or temporary file' };
  }
  if (SECRET_FILES.some((pattern) => pattern.test(name))) {
    return {
      path,
      reason: 'secret-file',
      detail: 'looks like a secret (keys, tokens, .env): keep it out of the team repository',
    };
  }
  const pattern = rules.ignore.find((glob) => matchesGlob(path, glob));
  if (pattern !== undefined) {
    return { path, reason: 'team-ignore', detail: `matches "${pattern}" in ois.config.json "ignore"` };
  }
  if (candidate.size !== undefined && candidate.size > rules.maxFileBytes) {
    return {
      path,
      reason: 'too-large',
      detail: `${formatBytes(candidate.size)} is over the ${formatBytes(rules.maxFileBytes)} limit (limits.maxFileBytes in ois.config.json)`,
    };
  }
  return undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
