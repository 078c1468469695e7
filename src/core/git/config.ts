import type { GitOperation } from './operation.js';

/**
 * One config value, or undefined when the key is not set (`git config --get` exits 1); `local`: the
 * clone's own config only, not the user's or the system's.
 */
export const configGet = (key: string, options: { file?: string; local?: boolean } = {}): GitOperation<string | undefined> => ({
  name: 'config',
  args: ['config', ...(options.file ? ['--file', options.file] : []), ...(options.local ? ['--local'] : []), '--get', key],
  okExitCodes: [1],
  parse: (out, code) => (code === 0 ? out.toString('utf8').replace(/\n$/, '') : undefined),
});

/** Sets a value in the clone's config (or in `file`). */
export const configSet = (key: string, value: string, options: { file?: string } = {}): GitOperation<void> => ({
  name: 'config',
  args: ['config', ...(options.file ? ['--file', options.file] : []), key, value],
  parse: () => undefined,
});

/** Removes a key (all its values); a key that is not set is fine (exit 5). */
export const configUnset = (key: string): GitOperation<void> => ({
  name: 'config',
  args: ['config', '--unset-all', key],
  okExitCodes: [5],
  parse: () => undefined,
});

/** Removes a whole section (`branch.master`) from the clone's config; a missing one fails (exit 128). */
export const configRemoveSection = (section: string): GitOperation<void> => ({
  name: 'config',
  args: ['config', '--local', '--remove-section', section],
  parse: () => undefined,
});

/**
 * The values of the keys matching `pattern` (a POSIX extended regular expression), last value of a key
 * winning as in git; keys lower-cased. Nothing matching is an empty map (exit 1).
 */
export const configMatching = (pattern: string): GitOperation<Map<string, string>> => ({
  name: 'config',
  args: ['config', '-z', '--get-regexp', pattern],
  okExitCodes: [1],
  parse: (out) => parseConfigZ(out.toString('utf8')),
});

/** Parses `git config -z` output: `key\nvalue\0` records (a key alone when it has no value). */
export function parseConfigZ(out: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const record of out.split('\0')) {
    if (!record) continue;
    const cut = record.indexOf('\n');
    const key = (cut === -1 ? record : record.slice(0, cut)).toLowerCase();
    values.set(key, cut === -1 ? '' : record.slice(cut + 1));
  }
  return values;
}
