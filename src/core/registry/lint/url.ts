import { PACKAGE_NAME, VERSION } from '../../package-info.js';

/** `source` of every lint message (remark-lint's messages say `remark-lint`). */
export const SOURCE = 'ois';

/**
 * Where a rule (or an engine diagnostic such as `file-size`) is documented: its section of
 * docs/lint-rules.md in the published package of this version (the page ships with the package).
 * @example ruleUrl('unique-ids') // 'https://unpkg.com/@ois-sync/ois@0.1.0/docs/lint-rules.md#unique-ids'
 */
export function ruleUrl(ruleId: string): string {
  const anchor = ENGINE_IDS.has(ruleId) ? 'diagnostics-from-the-engine' : ruleId;
  return `https://unpkg.com/${PACKAGE_NAME}@${VERSION}/docs/lint-rules.md#${anchor}`;
}

/** The engine's own diagnostics: documented together, in one table. */
const ENGINE_IDS = new Set(['file-read', 'symlink', 'file-encoding', 'file-size', 'parse-error', 'internal-error']);
