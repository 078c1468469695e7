import { describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_EXIT, isOisError, OisError, toErrorCode, type ErrorCode, type ErrorData, type ErrorDataByCode } from '../../src/core/errors.js';
import { classifyFailure } from '../../src/core/failure.js';

/** What a caller does with a failure it catches: narrowing by code, never casting. */
function conflictFiles(error: unknown): string[] | undefined {
  if (!(error instanceof OisError)) return undefined;
  if (error.code !== 'CONFLICT') return undefined;
  expectTypeOf(error.data.files).toEqualTypeOf<string[] | undefined>();
  return error.data.files;
}

describe('OisError data, typed per code', () => {
  it('carries the data it was given, and narrows it by code', () => {
    const error: unknown = new OisError('CONFLICT', 'both changed shared/a.md', { data: { files: ['shared/a.md'], upstream: 'refs/remotes/origin/main', retry: true } });
    expect(conflictFiles(error)).toEqual(['shared/a.md']);
    expect(isOisError(error) && error.code === 'CONFLICT' && error.data.retry).toBe(true);
    expect(conflictFiles(new OisError('LOCKED', 'busy'))).toBeUndefined();
    expect(conflictFiles(new Error('plain'))).toBeUndefined();
  });

  it('is an Error named OisError, with its exit code and hint, and a code without data carries an empty object', () => {
    const error = new OisError('LOCKED', 'busy', { hint: 'wait', cause: 'why' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OisError');
    expect(error.constructor.name).toBe('OisError');
    expect(error.exitCode).toBe(7);
    expect(error.hint).toBe('wait');
    expect(error.cause).toBe('why');
    expect(error.data).toEqual({});
    expect(String(error)).toBe('OisError: busy');
  });

  it('copies the data it was given (a caller changing its object later does not change the error)', () => {
    const data = { files: ['a'] };
    const error = new OisError('CONFLICT', 'x', { data });
    data.files = ['b'];
    expect(error.data).toEqual({ files: ['a'] });
  });

  it('an error rebuilt from a recorded code carries no data, and its readers see every field as optional', () => {
    const error = new OisError(toErrorCode('CONFLICT'), 'the watcher failed', { hint: 'h' });
    expect(error.code).toBe('CONFLICT');
    expect(conflictFiles(error)).toBeUndefined();
    expect(toErrorCode('NO_SUCH_CODE')).toBe('INTERNAL');
  });

  it('classifyFailure makes errors of codes that carry no data', () => {
    const typed = classifyFailure({ code: 'ENOSPC', message: 'ENOSPC: no space left on device, write' });
    expect(typed?.code).toBe('DISK_FULL');
    expectTypeOf(typed).toEqualTypeOf<OisError<'DISK_FULL' | 'READ_ONLY' | 'REPO_CORRUPT'> | undefined>();
    expect(typed?.data).toEqual({});
  });

  it('checks data at compile time (these lines are type errors when the checks regress)', () => {
    // @ts-expect-error CONFLICT requires its files
    void new OisError('CONFLICT', 'x');
    // @ts-expect-error CONFLICT requires its files, even with other options
    void new OisError('CONFLICT', 'x', { hint: 'h' });
    // @ts-expect-error a misspelled field
    void new OisError('CONFLICT', 'x', { data: { file: ['a'] } });
    // @ts-expect-error a field of the wrong type
    void new OisError('CONFLICT', 'x', { data: { files: 'a' } });
    // @ts-expect-error LOCKED carries no data
    void new OisError('LOCKED', 'x', { data: { holder: 1 } });
    // @ts-expect-error USAGE's status is only ever 413
    void new OisError('USAGE', 'x', { data: { status: 500 } });
    // @ts-expect-error a code known only at run time takes no data
    void new OisError(toErrorCode('CONFLICT'), 'x', { data: { files: [] } });
    // @ts-expect-error the field belongs to another code
    void new OisError('TOKEN_MISSING', 'x', { data: { peer: 'a', env: 'B', files: [] } });
    // Fine: optional data, and no options at all.
    void new OisError('USAGE', 'x', { data: { status: 413 } });
    void new OisError('USAGE', 'x');
    void new OisError('NOT_FOUND', 'x', { data: { requestId: 'R1' } });
    expect(true).toBe(true);
  });

  it('lists data only for codes that exist, and every other code carries none', () => {
    expectTypeOf<keyof ErrorDataByCode>().toMatchTypeOf<ErrorCode>();
    expectTypeOf<ErrorData<'LOCKED'>>().toEqualTypeOf<{ readonly [key: string]: never }>();
    expectTypeOf<ErrorData<'TOKEN_REFUSED'>['field']>().toEqualTypeOf<'Token' | 'Hooks-Token'>();
    const narrowed = (error: OisError): void => {
      if (error.code === 'UNTRUSTED_GATEWAY') expectTypeOf(error.data.pinned).toEqualTypeOf<string | undefined>();
      // @ts-expect-error data of another code is not readable before narrowing
      void error.data.pinned;
    };
    void narrowed;
    expect(Object.keys(ERROR_EXIT)).toEqual(expect.arrayContaining(['CONFLICT', 'USAGE', 'NOT_FOUND', 'CONFIG_UNREADABLE', 'RECOVERY_REFUSED', 'UNTRUSTED_GATEWAY', 'TOKEN_MISSING', 'TOKEN_REFUSED']));
  });
});
