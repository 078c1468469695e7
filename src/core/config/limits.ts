/**
 * Limits on ois.config.json, in a module of their own: importing a constant from team.ts would load
 * zod (its schemas are built when the module loads), which the short commands avoid (see
 * app/clone/config-cache.ts: `ois say` reads a cached validated config and never loads the validator).
 */

/** The largest ois.config.json ois reads, in UTF-8 bytes (a full one is under 1 KiB). */
export const MAX_CONFIG_BYTES = 64 * 1024;
