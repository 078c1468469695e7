/**
 * A word as a POSIX shell user would type it: as is when it holds only safe characters, else in
 * single quotes. For commands ois prints for people to paste; ois itself never runs a shell.
 *
 * @example shellWord('/tmp/a b') // "'/tmp/a b'"
 */
export function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
