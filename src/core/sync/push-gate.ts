import { parseChatLog } from '../chatlog/parse.js';
import { isDamaged, pushedDamage, startsWithEntries, type PushedDamage } from '../chatlog/prefix.js';
import type { ChatEntry } from '../chatlog/types.js';
import { isChatLog } from './message.js';
import type { SyncNotice } from './notices.js';

/** One file a commit about to be pushed changed: its text in the commit's parent and in the commit. */
export interface GateFile {
  path: string;
  before?: string;
  after?: string;
}

export interface GateCommit {
  sha: string;
  subject: string;
  files: readonly GateFile[];
}

/** A blocking lint finding (only what the gate needs of a diagnostic). */
export interface GateFinding {
  line: number;
  column: number;
  message: string;
  ruleId: string;
}

export interface GateInput {
  /** Each day file the commits touch, as the remote has it (undefined: not on the remote). */
  pushed: ReadonlyMap<string, string | undefined>;
  /** The commits about to be pushed, oldest first, with the registry, config and chat files they change. */
  commits: readonly GateCommit[];
  /** The errors that keep a registry or config text from being pushed (lint). */
  lint: (path: string, text: string) => readonly GateFinding[];
}

export interface GatePlan {
  /** Registry or config files whose changes are not pushed: the rewrite leaves them as on the remote, the change stays in the working tree. */
  drop: string[];
  /** Day files whose pushed entries a commit removed, moved or reopened: the rewrite restores them. */
  repair: string[];
  notices: SyncNotice[];
}

export const GATED_FILES = ['AGENTS.md', 'ois.config.json'] as const;

/**
 * The push gate's decision (pure), over every commit about to be pushed, whoever made it (a hand
 * commit, `git commit --no-verify`, `git revert`): a registry or config that fails lint in any commit
 * is not pushed; a commit that removes or moves entries the remote already has, or reopens one
 * (leaves it without its `---`: a `git revert` of its completion), is not pushed as it is; and each day file
 * must start with the remote's entries. Empty `drop` and `repair`: push as is.
 *
 * @example planPushGate({ pushed, commits, lint }).repair // ['chat/2026-11-23.md'] after a `git revert` of a pulled entry
 */
export function planPushGate(input: GateInput): GatePlan {
  const drop = new Set<string>();
  const repair = new Set<string>();
  const notices: SyncNotice[] = [];
  const last = new Map<string, string | undefined>();
  for (const commit of input.commits) {
    for (const file of commit.files) {
      last.set(file.path, file.after);
      if ((GATED_FILES as readonly string[]).includes(file.path)) {
        const finding = file.after === undefined ? deletion(file.path) : input.lint(file.path, file.after)[0];
        if (finding && !drop.has(file.path)) notices.push(lintNotice(file.path, commit, finding));
        if (finding) drop.add(file.path);
      } else if (isChatLog(file.path)) {
        const remote = input.pushed.get(file.path);
        if (remote === undefined) continue;
        const damage = pushedDamage(remote, file.before ?? '', file.after ?? '');
        if (!isDamaged(damage)) continue;
        repair.add(file.path);
        notices.push(damageNotice(file.path, commit, damage));
      }
    }
  }
  for (const [path, text] of last) {
    const remote = input.pushed.get(path);
    if (!isChatLog(path) || remote === undefined || repair.has(path) || startsWithEntries(remote, text ?? '')) continue;
    repair.add(path);
    const entry = parseChatLog(remote).entries[0];
    notices.push({
      kind: 'restored',
      path,
      line: entry?.position.start.line ?? 1,
      column: 1,
      message: 'the day file as committed does not start with the entries the remote has: they are put first, the local entries after them, before pushing',
    });
  }
  return { drop: [...drop], repair: [...repair], notices };
}

function deletion(path: string): GateFinding {
  return { line: 1, column: 1, message: `deleting ${path} would take it away from every member`, ruleId: 'file-deleted' };
}

function lintNotice(path: string, commit: GateCommit, finding: GateFinding): SyncNotice {
  return {
    kind: 'not-pushed',
    path,
    line: finding.line,
    column: finding.column,
    commit: commit.sha,
    message:
      `${path} in commit ${commit.sha.slice(0, 8)} ("${commit.subject}") fails lint: ${finding.message} (${finding.ruleId}). ` +
      `The rest is pushed; the ${path} change stays in the working tree, uncommitted: fix it (\`ois lint ${path}\`) and ois commits it`,
  };
}

function damageNotice(path: string, commit: GateCommit, damage: PushedDamage): SyncNotice {
  const { removed, moved, reopened } = damage;
  const first = removed[0] ?? moved[0] ?? reopened[0];
  const list = (entries: readonly ChatEntry[]): string => entries.slice(0, 3).map((e) => `"## ${e.time} - ${e.name}"`).join(', ') + (entries.length > 3 ? ' …' : '');
  const entries = (n: number): string => `${n} entr${n === 1 ? 'y' : 'ies'}`;
  const what = [
    removed.length > 0 ? `removed ${entries(removed.length)} the remote has (${list(removed)})` : '',
    moved.length > 0 ? `moved ${moved.length} (${list(moved)})` : '',
    reopened.length > 0 ? `cut the end off ${entries(reopened.length)} the remote has (${list(reopened)})` : '',
  ].filter(Boolean);
  return {
    kind: 'restored',
    path,
    line: first?.position.start.line ?? 1,
    column: 1,
    commit: commit.sha,
    message: `commit ${commit.sha.slice(0, 8)} ("${commit.subject}") ${what.join(' and ')}: it is not pushed as it is; the entries are restored in place, as pushed (pushed chat entries never move, go or lose their end)`,
  };
}
