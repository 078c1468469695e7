import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * This user's ois directory (tokens, trust pins): `$OIS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/ois`,
 * else `~/.config/ois`. Never inside a repository.
 *
 * @example oisConfigDir({ XDG_CONFIG_HOME: '/home/a/.config' }) // '/home/a/.config/ois'
 */
export function oisConfigDir(env: Readonly<Record<string, string | undefined>>): string {
  if (env.OIS_CONFIG_DIR) return env.OIS_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'ois');
  return join(env.HOME || homedir(), '.config', 'ois');
}
