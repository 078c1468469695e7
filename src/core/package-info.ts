/**
 * The published package: its npm name (scoped, so that nobody else can publish under it once the
 * scope is ours: an unscoped name that is free today can be taken tomorrow) and version. Kept equal
 * to package.json by a unit test; used by `ois --version`, by the team's CI pin (`ois init`) and in
 * every install instruction.
 */
export const PACKAGE_NAME = '@ois-sync/ois';
export const VERSION = '0.1.0';

/** @example packageSpec() // '@ois-sync/ois@0.1.0' */
export function packageSpec(): string {
  return `${PACKAGE_NAME}@${VERSION}`;
}
