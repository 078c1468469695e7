import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/core/failure.js';

describe('classifyFailure', () => {
  it.each([
    [{ code: 'ENOSPC', message: 'ENOSPC: no space left on device, write', path: '/x/.git/ois/chat.lock' }, 'DISK_FULL'],
    [{ code: 'EDQUOT', message: 'EDQUOT: disk quota exceeded' }, 'DISK_FULL'],
    [{ stderr: 'error: unable to create temporary file: No space left on device' }, 'DISK_FULL'],
    [{ code: 'EROFS', message: 'EROFS: read-only file system, open' }, 'READ_ONLY'],
    [{ stderr: 'error: object file .git/objects/ab/cd is empty\nfatal: loose object abcd (stored in .git/objects/ab/cd) is corrupt' }, 'REPO_CORRUPT'],
    [{ stderr: 'fatal: bad object HEAD' }, 'REPO_CORRUPT'],
  ])('%o → %s, with a next step and never "a bug in ois"', (error, code) => {
    const typed = classifyFailure(error);
    expect(typed?.code).toBe(code);
    expect(typed?.hint).toBeTruthy();
    expect(`${typed?.message} ${typed?.hint}`).not.toMatch(/bug in ois/);
  });

  it('leaves other failures alone', () => {
    expect(classifyFailure(new Error('ECONNREFUSED'))).toBeUndefined();
    expect(classifyFailure('plain text')).toBeUndefined();
  });

  it('exit codes: 10 for storage, 11 for a damaged repository', () => {
    expect(classifyFailure({ code: 'ENOSPC' })?.exitCode).toBe(10);
    expect(classifyFailure({ code: 'EROFS' })?.exitCode).toBe(10);
    expect(classifyFailure({ stderr: 'fatal: bad object HEAD' })?.exitCode).toBe(11);
  });
});
