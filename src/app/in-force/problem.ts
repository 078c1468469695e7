import { oneLine } from '../../core/safe-text.js';

/** A tracked file that ois will not use as it is: which version fails, why, and what is in force instead. */
export interface FileProblem {
  file: 'AGENTS.md' | 'ois.config.json';
  line: number;
  column: number;
  /** What is wrong, one sentence (a lint message, with its rule id in parentheses, or a validation issue). */
  message: string;
  /** The commit that brought the failing version; undefined when it is an uncommitted edit in the working tree. */
  commit?: string;
  /** That commit's author, `Name <email>`. */
  author?: string;
  /** The commit whose version is in force instead; undefined when none passes (see `fallback`). */
  inForce?: string;
  /** What is in force when no earlier version passes: ois's defaults (config) or the failing version's valid sections (registry). */
  fallback?: 'defaults' | 'valid-sections';
}

/**
 * One line for status, doctor and the log: the file, line and column, the problem, the commit and its
 * author, and what stays in force. Repository text in it (the author, the message) is made one clean line.
 *
 * @example describeProblem({ file: 'AGENTS.md', line: 12, column: 3, message: 'bad (token-reference)', commit: 'abc1234567', author: 'Eve <e@x>', inForce: 'def4567890' })
 * // 'AGENTS.md:12:3: bad (token-reference), in commit abc12345 by Eve <e@x>; the version of commit def45678 stays in force'
 */
export function describeProblem(problem: FileProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const who = problem.commit === undefined ? ', an uncommitted edit in the working tree' : `, in commit ${problem.commit.slice(0, 8)}${problem.author === undefined ? '' : ` by ${oneLine(problem.author)}`}`;
  const kept =
    problem.inForce !== undefined
      ? `the version of commit ${problem.inForce.slice(0, 8)} stays in force`
      : problem.fallback === 'defaults'
        ? "no earlier version is valid: ois's defaults are in force"
        : 'no earlier version passes lint: only its valid sections are used, with every run-time check';
  return `${where}: ${oneLine(problem.message)}${who}; ${kept}`;
}

/** The fix, for doctor and status hints. */
export function problemHint(problem: FileProblem): string {
  return problem.file === 'AGENTS.md'
    ? 'Fix AGENTS.md (`ois lint AGENTS.md` shows every problem) and commit the fix; everything else keeps syncing meanwhile.'
    : 'Fix ois.config.json (`ois lint ois.config.json`, docs/config-format.md) and commit the fix; everything else keeps syncing meanwhile.';
}
