import { join } from 'node:path';
import type { System } from '../../ports/index.js';

/**
 * This user's ois directory (tokens, trust pins): `$OIS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/ois`,
 * else `$HOME/.config/ois` (the system's home folder when HOME is unset). Never inside a repository.
 *
 * @example oisConfigDir({ env: { XDG_CONFIG_HOME: '/home/a/.config' }, home: '/home/a' }) // '/home/a/.config/ois'
 */
export function oisConfigDir(system: Pick<System, 'env' | 'home'>): string {
  const { env } = system;
  if (env.OIS_CONFIG_DIR) return env.OIS_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'ois');
  return join(env.HOME || system.home, '.config', 'ois');
}
