import { objectInfo, readBlobs, type ObjectInfo } from '../../core/git/objects.js';
import type { Git } from '../../ports/index.js';
import { MAX_REGISTRY_BYTES } from '../../core/registry/limits.js';
import { lintRegistryText } from '../../core/registry/lint/index.js';
import { parseRegistry } from '../../core/registry/parse.js';
import type { Agent } from '../../core/registry/types.js';
import { fileHistory, type FileVersion } from './history.js';
import type { FileProblem } from './problem.js';

export const REGISTRY_FILE = 'AGENTS.md';

/** The registry ois acts on at a commit, and why it is not that commit's AGENTS.md when it is not. */
export interface RegistryInForce {
  agents: Agent[];
  /** The blob in force (undefined: no AGENTS.md, or none usable). */
  blob?: string;
  problem?: FileProblem;
}

type Failed = { ok: false; line: number; column: number; message: string };
type Verdict = { ok: true } | Failed;

const DELETED: Failed = { ok: false, line: 1, column: 1, message: 'AGENTS.md was deleted (or replaced by something that is not a file), which would remove every member' };

/** Verdicts and parsed agents by blob id: a version is linted once per process. */
const verdicts = new Map<string, Verdict>();
const parsed = new Map<string, Agent[]>();
const MAX_CACHED = 64;

/**
 * The registry in force at `rev` (default HEAD): its AGENTS.md when that passes lint (errors; warnings
 * do not count), else the newest earlier version that did (from the file's history), so that a pushed
 * AGENTS.md that fails lint, is over the size limit (MAX_REGISTRY_BYTES) or was deleted degrades and
 * never stops a clone or re-routes a token. The problem names the file, line, commit and author. When
 * no version in the last 50 changes passes, the failing version's valid sections are used (every
 * run-time check still applies: tokens keyed by id, trust pins, clashes refused).
 *
 * @example const { agents, problem } = await registryInForce(repo.git, 'HEAD')
 */
export async function registryInForce(git: Git, rev = 'HEAD'): Promise<RegistryInForce> {
  const [info] = await git.exec(objectInfo([`${rev}:${REGISTRY_FILE}`]));
  const current = info?.type === 'blob' ? info : undefined;
  if (current !== undefined && (await verdictOf(git, current)).ok) return { agents: await agentsOf(git, current), blob: current.sha };
  const history = await fileHistory(git, rev, REGISTRY_FILE);
  if (current === undefined && history.length === 0) return { agents: [] }; // never had one
  const culpritAt = Math.max(0, current === undefined ? 0 : history.findIndex((v) => v.object?.sha === current.sha));
  const culprit: FileVersion | undefined = history[culpritAt];
  // The current version failed (its verdict is cached), or there is none.
  const verdict = (current === undefined ? DELETED : await verdictOf(git, current)) as Failed;
  const problem: FileProblem = {
    file: REGISTRY_FILE,
    line: verdict.line,
    column: verdict.column,
    message: verdict.message,
    ...(culprit === undefined ? {} : { commit: culprit.commit, author: culprit.author }),
  };
  for (const version of history.slice(culpritAt + 1)) {
    if (version.object === undefined || !(await verdictOf(git, version.object)).ok) continue;
    return { agents: await agentsOf(git, version.object), blob: version.object.sha, problem: { ...problem, inForce: version.commit } };
  }
  const agents = current === undefined || current.size > MAX_REGISTRY_BYTES ? [] : await agentsOf(git, current);
  return { agents, ...(current === undefined ? {} : { blob: current.sha }), problem: { ...problem, fallback: 'valid-sections' } };
}

/** Lints one version (once per process): the first error, with its position, or ok. Never reads a blob over the limit. */
async function verdictOf(git: Git, object: ObjectInfo): Promise<Verdict> {
  const known = verdicts.get(object.sha);
  if (known !== undefined) return known;
  let verdict: Verdict;
  if (object.size > MAX_REGISTRY_BYTES) {
    verdict = { ok: false, line: 1, column: 1, message: `the file is ${object.size} bytes, over the ${MAX_REGISTRY_BYTES / 1024} KiB limit; it was not read (file-size)` };
  } else {
    const [text = ''] = await git.exec(readBlobs([object.sha]));
    const first = lintRegistryText(text).diagnostics.find((d) => d.severity === 'error');
    verdict = first === undefined ? { ok: true } : { ok: false, line: first.position.start.line, column: first.position.start.column, message: `${first.message} (${first.ruleId})` };
    if (first === undefined) remember(parsed, object.sha, parseRegistry(text).registry.agents);
  }
  remember(verdicts, object.sha, verdict);
  return verdict;
}

async function agentsOf(git: Git, object: ObjectInfo): Promise<Agent[]> {
  const known = parsed.get(object.sha);
  if (known !== undefined) return known;
  const [text = ''] = object.size > MAX_REGISTRY_BYTES ? [''] : await git.exec(readBlobs([object.sha]));
  const agents = parseRegistry(text).registry.agents;
  remember(parsed, object.sha, agents);
  return agents;
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
}
