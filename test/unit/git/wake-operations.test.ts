import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGit } from '../../../src/adapters/git.js';
import { GitCommandError } from '../../../src/core/git/error.js';
import { authorEmails, logWithFiles, parseLogWithFiles } from '../../../src/core/git/log.js';
import { fetchNotes, gitProblem, isMissingRemoteRef, mergeNotesByUnion, parsePushPorcelain, pushNotes, setNote, showNote } from '../../../src/core/git/notes.js';
import { objectExists, readBlobs } from '../../../src/core/git/objects.js';
import { resolveCommit } from '../../../src/core/git/refs.js';

const REF = 'refs/notes/ois-wakes';
const who = (name: string) => ({ GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: `${name}@ois.invalid`, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: `${name}@ois.invalid` });
let root: string;
let dir: string;
let shas: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ois-wake-ops-'));
  dir = join(root, 'a');
  await mkdir(join(dir, 'chat'), { recursive: true });
  const git = createGit(dir);
  await git.run(['init', '-q', '-b', 'main']);
  await writeFile(join(dir, 'chat', '2026-11-23.md'), '# day\n');
  await git.run(['add', '-A']);
  await git.run(['commit', '-q', '-m', 'one'], { env: who('aria') });
  await writeFile(join(dir, 'chat', '2026-11-23.md'), '# day\n\nhi\n');
  await mkdir(join(dir, 'shared'));
  await writeFile(join(dir, 'shared', 'spec.md'), 'spec\n');
  await git.run(['add', '-A']);
  await git.run(['commit', '-q', '-m', 'two'], { env: who('bob') });
  shas = (await git.run(['rev-list', '--reverse', 'HEAD'])).trim().split('\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('history operations (core/git/log.ts) against real git output', () => {
  it('lists commits newest first with their first parent, author e-mail and added or modified files', async () => {
    const git = createGit(dir);
    const rows = await git.exec(logWithFiles(['HEAD'], 10));
    expect(rows).toEqual([
      { sha: shas[1], parent: shas[0], email: 'bob@ois.invalid', files: ['chat/2026-11-23.md', 'shared/spec.md'] },
      { sha: shas[0], email: 'aria@ois.invalid', files: ['chat/2026-11-23.md'] },
    ]);
    expect(await git.exec(logWithFiles([shas[1]!, `^${shas[0]}`], 10, ['shared/']))).toEqual([{ sha: shas[1], parent: shas[0], email: 'bob@ois.invalid', files: ['shared/spec.md'] }]);
    expect(parseLogWithFiles('')).toEqual([]);
  });

  it('lists author e-mails of a range', async () => {
    const git = createGit(dir);
    expect(await git.exec(authorEmails(`${shas[0]}..HEAD`, 200))).toEqual(['bob@ois.invalid']);
    await expect(git.exec(authorEmails('0000000000000000000000000000000000000000..HEAD', 200))).rejects.toBeInstanceOf(GitCommandError);
  });
});

describe('object operations (core/git/objects.ts)', () => {
  it('reads several blobs in one cat-file, undefined for what is missing or not a blob', async () => {
    const git = createGit(dir);
    expect(await git.exec(readBlobs([`${shas[0]}:chat/2026-11-23.md`, 'HEAD:chat/2026-11-23.md', 'HEAD:nope.md', 'HEAD:chat']))).toEqual(['# day\n', '# day\n\nhi\n', undefined, undefined]);
    expect(await git.exec(objectExists('HEAD:shared/spec.md'))).toBe(true);
    expect(await git.exec(objectExists('HEAD:AGENTS.md'))).toBe(false);
  });
});

describe('notes operations (core/git/notes.ts)', () => {
  it('shows no note as empty, sets, fetches, merges by union and pushes; classifies the failures', async () => {
    const bare = join(root, 'origin.git');
    const git = createGit(dir);
    await git.run(['init', '-q', '--bare', bare]);
    await git.run(['remote', 'add', 'origin', bare]);
    await git.run(['push', '-q', 'origin', 'main']);
    const head = shas[1]!;

    expect(await git.exec(showNote(REF, head))).toBe('');
    const missing = await git.exec(fetchNotes('origin', REF, 'refs/notes/remotes/origin/ois-wakes')).catch((e: unknown) => e);
    expect(isMissingRemoteRef(missing)).toBe(true);

    await git.exec(setNote(REF, head, 'line b', who('aria')));
    expect(await git.exec(showNote(REF, head))).toBe('line b\n');
    await git.exec(pushNotes('origin', REF));

    const other = join(root, 'b');
    await git.run(['clone', '-q', bare, other]);
    const gitB = createGit(other);
    await gitB.exec(setNote(REF, head, 'line a', who('bob')));
    expect(await gitB.exec(pushNotes('origin', REF))).toBe('rejected');

    await gitB.exec(fetchNotes('origin', REF, 'refs/notes/remotes/origin/ois-wakes'));
    await gitB.exec(mergeNotesByUnion(REF, 'refs/notes/remotes/origin/ois-wakes', who('bob')));
    expect(await gitB.exec(showNote(REF, head))).toBe('line a\nline b\n');
    expect(await gitB.exec(pushNotes('origin', REF))).toBe('pushed');
    expect(await createGit(bare).exec(resolveCommit(REF))).toBe(await gitB.exec(resolveCommit(REF)));
  });

  it('parses push --porcelain; a refusal by a hook is a failure, not "the remote moved"', () => {
    const out = 'To /tmp/o.git\n!\trefs/notes/ois-wakes:refs/notes/ois-wakes\t[rejected] (non-fast-forward)\nDone\n';
    expect(parsePushPorcelain(out)).toEqual([{ flag: '!', from: 'refs/notes/ois-wakes', to: 'refs/notes/ois-wakes', summary: '[rejected] (non-fast-forward)' }]);
    const op = pushNotes('origin', REF);
    expect(op.parse(Buffer.from(out), 1)).toBe('rejected');
    expect(op.parse(Buffer.from('To x\n*\trefs/notes/ois-wakes:refs/notes/ois-wakes\t[new reference]\nDone\n'), 0)).toBe('pushed');
    const hook = 'To x\n!\trefs/notes/ois-wakes:refs/notes/ois-wakes\t[remote rejected] (hook declined)\nDone\n';
    expect(() => op.parse(Buffer.from(hook), 1)).toThrow(/hook declined/);
  });

  it('says git failures without URLs (they may carry credentials)', () => {
    expect(gitProblem(new GitCommandError(['push'], "hint: x\nfatal: unable to access 'https://u:secret@host/x/': timeout"))).toBe("unable to access '<remote> timeout");
    expect(gitProblem(new Error('plain'))).toBe('plain');
  });
});
