import { testPorts } from './ports.js';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { say, type SayDeps } from '../src/app/chat/say.js';
import { systemCycleDeps } from '../src/wiring/cycle-deps.js';
import { syncOnce } from '../src/app/sync/once.js';
import { parseChatLog } from '../src/core/chatlog/parse.js';
import { isOisError } from '../src/core/errors.js';
import { CLI } from './cli-process.js';
import { git, joinAs, startGitDaemon, teamSandbox, type GitDaemon, type Sandbox } from './git-repos.js';

export interface ConvergenceOptions {
  /** Clones writing at once (default 8). */
  writers?: number;
  /** Entries each clone writes (default 25). */
  entries?: number;
  /** `ois`: the team repo's `.gitattributes` as `ois init` writes it; `union`: `chat/*.md merge=union` (baseline). */
  mergeMode?: 'ois' | 'union';
  /** How clones reach the bare remote: its path (default) or `git daemon` on 127.0.0.1. */
  transport?: 'file' | 'git-daemon';
  /**
   * `in-process`: the `say` app function, every writer in this process (default); `process`: each writer
   * in its own Node.js process running the `say` app function, as on its own machine (bench build only:
   * it runs the compiled convergence-writer.js); `cli`: the built CLI (`dist/cli/bin.js say`) per entry.
   */
  runner?: 'in-process' | 'process' | 'cli';
  /** The whole run (writing and final syncs) must finish within this (default 150 s); each CLI process is killed after 60 s. */
  timeoutMs?: number;
  /**
   * How many `ois say` each writer runs at once (default 1: one after the other). Above 1, entries
   * appended while a cycle runs go out together in the next one, as they do when an agent does not wait.
   */
  inFlight?: number;
  /** The team's `sync.pushRetries` (default: the config's default). */
  pushRetries?: number;
  /** Called after each entry is written (and its sync attempted), e.g. to print progress. */
  onProgress?: (done: number, total: number) => void;
}

export interface ConvergenceResult {
  writers: number;
  entries: number;
  /** Wall time from the first write until every clone holds the final state. */
  seconds: number;
  /** Entries written but missing from at least one clone at the end. */
  lost: number;
  /** Entries present more than once in at least one clone. */
  duplicated: number;
  /** Conflicts shown to anyone: CONFLICT errors during the run, plus clones left with conflict markers or unmerged files. */
  conflicts: number;
  /** Entries whose text differs from what was written in at least one clone (spliced by a line merge). */
  corrupted: number;
  /** Whether, in every clone's day files, each writer's entries are in the order it wrote them. */
  ordered: boolean;
  /** Commits on the remote's branch that moved or removed an entry an earlier commit had pushed (must be 0). */
  moved: number;
  /** Whether every clone ended on the remote's commit. */
  converged: boolean;
  /** Sync errors met while writing, by code (e.g. PUSH_REJECTED under contention); the entries were kept. */
  syncErrors: Record<string, number>;
  mergeMode: 'ois' | 'union';
  transport: 'file' | 'git-daemon';
  runner: 'in-process' | 'process' | 'cli';
}

const MARKER = /^(?:<{7}|>{7}|={7}|\|{7})(?: |$)/m;

/**
 * N clones each append M entries with `ois say` and sync at the same time against one bare remote;
 * then every clone syncs until all sit on the remote's commit, and each clone's chat files are checked:
 * every entry exactly once, its text intact, in time order, no conflict marker. Temp dirs are removed
 * and the git daemon stopped whatever happens. Used by test/git/chat-convergence.test.ts and the bench.
 */
export async function runConvergence(options: ConvergenceOptions = {}): Promise<ConvergenceResult> {
  const writers = options.writers ?? 8;
  const entries = options.entries ?? 25;
  const mergeMode = options.mergeMode ?? 'ois';
  const transport = options.transport ?? 'file';
  const runner = options.runner ?? 'in-process';
  const deadline = Date.now() + (options.timeoutMs ?? 150_000);
  const box = await teamSandbox('convergence', options.pushRetries === undefined ? undefined : { pushRetries: options.pushRetries });
  let daemon: GitDaemon | undefined;
  try {
    if (mergeMode === 'union') await useUnion(box);
    if (transport === 'git-daemon') daemon = await startGitDaemon(box.root, box.env);
    const remote = daemon ? daemon.url('origin.git') : box.remote;
    const ids = Array.from({ length: writers }, (_, k) => `w${k + 1}`);
    const dirs = await Promise.all(ids.map((id) => joinAs(box, id, remote)));
    const written = new Map<string, string>();
    const syncErrors: Record<string, number> = {};
    const started = Date.now();
    const inFlight = Math.max(1, options.inFlight ?? 1);
    const record = (result: Written, message: string): void => {
      written.set(result.id, message);
      if (result.error) syncErrors[result.error] = (syncErrors[result.error] ?? 0) + 1;
      options.onProgress?.(written.size, writers * entries);
    };
    const write = runner === 'cli' ? sayWithCli : sayInProcess;
    const runs =
      runner === 'process'
        ? await Promise.allSettled(dirs.map((dir, k) => writerProcess(dir, ids[k] ?? '', entries, inFlight, box.env, deadline, record)))
        : await Promise.allSettled(
            dirs.flatMap((dir, k) => {
              let next = 0;
              const lane = async (): Promise<void> => {
                for (let j = next++; j < entries; j = next++) {
                  if (Date.now() > deadline) throw new Error(`convergence run timed out while writing (writer ${k + 1}, entry ${j + 1})`);
                  const message = `entry ${j + 1} of ${ids[k]} ✓ 你好`;
                  record(await write(dir, box.env, message), message);
                }
              };
              return Array.from({ length: inFlight }, lane);
            }),
          );
    // Every writer has stopped before anything is thrown (and the sandbox removed).
    const failed = runs.find((run) => run.status === 'rejected');
    if (failed) throw failed.reason;
    const converged = await finalSyncs(box, dirs, syncErrors, deadline);
    const seconds = (Date.now() - started) / 1000;
    const checks = await Promise.all(dirs.map((dir) => checkClone(box, dir, written)));
    const moved = await movedOnRemote(box);
    const union = (pick: (c: CloneCheck) => Set<string>): number => new Set(checks.flatMap((c) => [...pick(c)])).size;
    return {
      writers,
      entries,
      seconds,
      lost: union((c) => c.missing),
      duplicated: union((c) => c.duplicated),
      conflicts: (syncErrors.CONFLICT ?? 0) + checks.filter((c) => c.conflicted).length,
      corrupted: union((c) => c.corrupted),
      ordered: checks.every((c) => c.ordered),
      moved,
      converged,
      syncErrors,
      mergeMode,
      transport,
      runner,
    };
  } finally {
    await daemon?.stop();
    await box.cleanup();
  }
}

interface Written {
  id: string;
  /** The sync error's code, when the entry was kept but not synced. */
  error?: string;
}

const sayDeps = (): SayDeps => ({
  now: () => new Date(),
  randomBytes: (size) => new Uint8Array(randomBytes(size)),
  cycle: systemCycleDeps(),
});

async function sayInProcess(dir: string, env: Record<string, string>, message: string): Promise<Written> {
  const result = await say({ cwd: dir, ports: testPorts(env), message, sync: true }, sayDeps());
  return result.syncError ? { id: result.id, error: result.syncError.code } : { id: result.id };
}

async function sayWithCli(dir: string, env: Record<string, string>, message: string): Promise<Written> {
  const child = spawn(process.execPath, [CLI, 'say', '--json', message], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  let parsed: { id?: string; error?: { code: string } | null } = {};
  try {
    parsed = JSON.parse(stdout) as typeof parsed;
  } catch {
    throw new Error(`ois say exited ${code} without JSON: ${stderr.trim()}`);
  }
  if (!parsed.id) throw new Error(`ois say exited ${code}: ${stderr.trim()}`);
  return parsed.error ? { id: parsed.id, error: parsed.error.code } : { id: parsed.id };
}

/** Runs one writer as its own process (convergence-writer.js beside this file), bounded by `deadline`. */
async function writerProcess(
  dir: string,
  id: string,
  entries: number,
  inFlight: number,
  env: Record<string, string>,
  deadline: number,
  record: (result: Written, message: string) => void,
): Promise<void> {
  const script = join(import.meta.dirname, 'convergence-writer.js');
  const child = spawn(process.execPath, [script, dir, id, String(entries), String(inFlight)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines.filter(Boolean)) {
      const parsed = JSON.parse(line) as { id: string; message: string; error?: string };
      record(parsed.error ? { id: parsed.id, error: parsed.error } : { id: parsed.id }, parsed.message);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), Math.max(1_000, deadline - Date.now()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`writer ${id} exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
}

/** `.gitattributes` with `chat/*.md merge=union`, committed to the remote before anyone clones. */
async function useUnion(box: Sandbox): Promise<void> {
  const dir = join(box.root, 'union-setup');
  await git(box.root, ['clone', '-q', box.bare, dir], box.env);
  await writeFile(join(dir, '.gitattributes'), '* text=auto eol=lf\nchat/*.md merge=union\n');
  await git(dir, ['commit', '-q', '--no-verify', '-am', 'test: merge=union baseline'], box.env);
  await git(dir, ['push', '-q', 'origin', 'HEAD:main'], box.env);
}

/** Sync every clone, one after the other, until all sit on the remote's commit (at most 4 rounds). */
async function finalSyncs(box: Sandbox, dirs: readonly string[], syncErrors: Record<string, number>, deadline: number): Promise<boolean> {
  for (let round = 0; round < 4; round += 1) {
    for (const dir of dirs) {
      if (Date.now() > deadline) throw new Error('convergence run timed out in the final syncs');
      try {
        await syncOnce(dir, testPorts(box.env), systemCycleDeps());
      } catch (error) {
        const code = isOisError(error) ? error.code : 'INTERNAL';
        syncErrors[code] = (syncErrors[code] ?? 0) + 1;
      }
    }
    const remoteHead = (await git(box.bare, ['rev-parse', 'main'], box.env)).trim();
    const heads = await Promise.all(dirs.map(async (dir) => (await git(dir, ['rev-parse', 'HEAD'], box.env)).trim()));
    if (heads.every((head) => head === remoteHead)) return true;
  }
  return false;
}

/**
 * Walks the remote's branch commit by commit: each day file's entries (by id) before a commit must be
 * the first entries after it. Counts the commits that break that (a pushed entry moved or removed).
 */
async function movedOnRemote(box: Sandbox): Promise<number> {
  const commits = (await git(box.bare, ['rev-list', '--first-parent', '--reverse', 'main'], box.env)).trim().split('\n').filter(Boolean);
  const files = (await git(box.bare, ['ls-tree', '--name-only', 'main', 'chat/'], box.env)).trim().split('\n').filter((f) => f.endsWith('.md'));
  let moved = 0;
  for (const file of files) {
    let before: string[] = [];
    for (const sha of commits) {
      const text = await git(box.bare, ['show', `${sha}:${file}`], box.env).catch(() => '');
      const ids = parseChatLog(text).entries.map((e) => e.id ?? e.raw);
      if (before.some((id, i) => ids[i] !== id)) moved += 1;
      before = ids;
    }
  }
  return moved;
}

interface CloneCheck {
  missing: Set<string>;
  duplicated: Set<string>;
  corrupted: Set<string>;
  ordered: boolean;
  conflicted: boolean;
}

async function checkClone(box: Sandbox, dir: string, written: ReadonlyMap<string, string>): Promise<CloneCheck> {
  const files = (await readdir(join(dir, 'chat'))).filter((name) => /^\d{4}-\d{2}-\d{2}\.md$/.test(name)).sort();
  const seen = new Map<string, number>();
  const corrupted = new Set<string>();
  let ordered = true;
  let conflicted = (await git(dir, ['ls-files', '-u'], box.env)).trim() !== '';
  for (const name of files) {
    const text = await readFile(join(dir, 'chat', name), 'utf8');
    if (MARKER.test(text)) conflicted = true;
    // The remote's entries stay where they were pushed, so across writers the file is in push order;
    // each writer's own entries are in the order it wrote them.
    const last = new Map<string, string>();
    for (const entry of parseChatLog(text).entries) {
      if (entry.id === undefined) continue;
      seen.set(entry.id, (seen.get(entry.id) ?? 0) + 1);
      if (written.has(entry.id) && entry.body !== written.get(entry.id)) corrupted.add(entry.id);
      if (entry.at !== undefined && entry.author !== undefined) {
        if (entry.at < (last.get(entry.author) ?? '')) ordered = false;
        last.set(entry.author, entry.at);
      }
    }
  }
  const missing = new Set([...written.keys()].filter((id) => !seen.has(id)));
  const duplicated = new Set([...seen].filter(([, n]) => n > 1).map(([id]) => id));
  return { missing, duplicated, corrupted, ordered, conflicted };
}
