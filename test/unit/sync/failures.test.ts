import { describe, expect, it } from 'vitest';
import { GitCommandError } from '../../../src/core/git/error.js';
import { blockedByLocalFiles, classifyRemoteFailure, isMissingRemoteBranch, remoteError, remoteFailed } from '../../../src/core/sync/failures.js';
import { parseLeftRight, parseLsRemote } from '../../../src/core/git/remote.js';

// git's real messages (git 2.39, LC_ALL=C).
const REJECTED = ' ! [rejected]        abc -> main (fetch first)\nerror: failed to push some refs to \'/tmp/remote.git\'\nhint: Updates were rejected because the remote contains work that you do\n';
const MISSING = "fatal: couldn't find remote ref refs/heads/main\n";

describe('reading git failures of the sync', () => {
  it('classifies a rejected push, a missing branch, auth, a missing repository', () => {
    expect(classifyRemoteFailure(REJECTED)).toBe('rejected');
    expect(isMissingRemoteBranch(MISSING)).toBe(true);
    expect(classifyRemoteFailure("remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://example.test/x.git/'")).toBe('auth');
    expect(classifyRemoteFailure("fatal: '/nowhere/x.git' does not appear to be a git repository\nfatal: Could not read from remote repository.")).toBe('no-such-repo');
  });

  it('a typed machine failure wins; anything else that is no git failure is left to the caller', () => {
    const full = remoteFailed('push', new GitCommandError(['push'], 'error: unable to write file: No space left on device\nexit 128', { exitCode: 128 }));
    expect(full && remoteError(full).code).toBe('DISK_FULL');
    expect(remoteFailed('fetch', new Error('boom'))).toBeUndefined();
  });

  it('never leaks credentials of a URL', () => {
    const error = remoteError({ op: 'fetch', stderr: "fatal: unable to access 'https://user:s3cret@example.test/x.git/': Failed to connect" });
    expect(error.code).toBe('REMOTE_UNREACHABLE');
    expect(error.message).not.toContain('s3cret');
  });

  it('a work tree git refused to update: retry when a file kept changing', () => {
    const error = blockedByLocalFiles(new GitCommandError(['read-tree'], "error: Entry 'chat/x.md' not uptodate. Cannot merge.\nexit 128"), 'refs/remotes/origin/main');
    expect(error.code).toBe('CONFLICT');
    expect(error.data).toMatchObject({ retry: true, files: ['chat/x.md'] });
  });

  it('parses rev-list counts and ls-remote output', () => {
    expect(parseLeftRight('2\t5\n')).toEqual({ ahead: 2, behind: 5 });
    expect(parseLsRemote(`${'a'.repeat(40)}\trefs/heads/main\n`)).toBe('a'.repeat(40));
    expect(parseLsRemote('')).toBeUndefined();
  });
});
