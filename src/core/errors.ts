/**
 * Typed errors. Every failure a user can cause or meet is an OisError with a stable `code`,
 * the process exit code it maps to, and a hint that says what to do. Messages never carry secrets.
 *
 * Each code's data is typed (ErrorDataByCode): a constructor is checked against it, and testing
 * `error.code` narrows `error.data`, so no caller casts.
 *
 * @example throw new OisError('NOT_A_REPO', `${dir} is not a git repository`, { hint: 'Run `ois init` or `ois join` first.' })
 * @example if (isOisError(error) && error.code === 'CONFLICT') show(error.data.files ?? [])
 */
import type { ExclusionReason } from './sync/filter.js';

export const EXIT = {
  ok: 0,
  failure: 1, // generic failure, or a check (lint, doctor) that found errors
  usage: 2, // bad command line
  setup: 3, // not a repo, no remote, no identity, an unreadable config (an invalid one degrades)
  unreachable: 4, // the remote could not be reached; local commits are kept
  conflict: 5, // a conflict needs a human; everything is kept
  auth: 6, // the remote refused our credentials
  locked: 7, // another ois process owns this clone
  recovery: 8, // the clone is in a state ois will not heal by itself
  gateway: 9, // a wake could not be delivered
  storage: 10, // the disk is full, over quota or read-only: nothing is lost, free space and run again
  corrupt: 11, // the clone's git repository is damaged: git fsck, or clone again keeping refs/ois/backup/*
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const ERROR_EXIT = {
  USAGE: EXIT.usage,
  NOT_A_REPO: EXIT.setup,
  NO_REMOTE: EXIT.setup,
  NO_IDENTITY: EXIT.setup,
  CONFIG_INVALID: EXIT.setup,
  CONFIG_UNREADABLE: EXIT.setup,
  INIT_FAILED: EXIT.setup,
  JOIN_FAILED: EXIT.setup,
  NOT_A_TEAM: EXIT.setup,
  GIT_MISSING: EXIT.setup,
  GIT_TOO_OLD: EXIT.setup, // git older than 2.38 (no `merge-tree --write-tree`)
  REMOTE_UNREACHABLE: EXIT.unreachable,
  PUSH_REJECTED: EXIT.unreachable,
  CONFLICT: EXIT.conflict,
  AUTH_REFUSED: EXIT.auth,
  LOCKED: EXIT.locked,
  RECOVERY_REFUSED: EXIT.recovery,
  LINT_FAILED: EXIT.failure,
  GATEWAY_FAILED: EXIT.gateway,
  TOKEN_MISSING: EXIT.setup,
  UNTRUSTED_GATEWAY: EXIT.gateway,
  TOKEN_REFUSED: EXIT.gateway,
  NOT_FOUND: EXIT.failure,
  OPENCLAW_MISSING: EXIT.setup,
  OPENCLAW_FAILED: EXIT.failure,
  NOT_A_HUMAN: EXIT.setup, // `ois web --as ID`: ID is not a `Kind: human` member
  ADDRESS_IN_USE: EXIT.setup, // `ois web --port N`: the port is taken
  NOT_CONFIRMED: EXIT.failure,
  GIT_FAILED: EXIT.failure,
  DISK_FULL: EXIT.storage,
  READ_ONLY: EXIT.storage,
  REPO_CORRUPT: EXIT.corrupt,
  INTERNAL: EXIT.failure,
} as const;

export type ErrorCode = keyof typeof ERROR_EXIT;

/** The data of a code that carries none: no key may be given. */
export type NoData = { readonly [key: string]: never };

/**
 * What each code's error carries beside its message, for the code that handles it (tests assert these
 * too, never the message). A code not listed carries no data. Data never holds a secret.
 */
export interface ErrorDataByCode {
  /** `reason`: why an attachment is refused (the commit step's own reason); `status: 413`: a request body over the limit. */
  USAGE: { reason?: ExclusionReason; status?: 413 };
  /** The task request that was asked for. */
  NOT_FOUND: { requestId?: string };
  /** The file that could not be used. */
  CONFIG_UNREADABLE: { path?: string };
  /** `files`: what git could not merge (empty: no shared history); `upstream`: the remote-tracking ref; `retry`: the next attempt of the same cycle can succeed (files kept changing). */
  CONFLICT: { files: string[]; upstream?: string; retry?: true };
  /** Paths left unmerged, when that is why. */
  RECOVERY_REFUSED: { files?: string[] };
  /** The peer, the URL pinned for it and the one its section now names. */
  UNTRUSTED_GATEWAY: { peer: string; pinned: string; url: string };
  /** The peer, and the environment variable its token would be read from. */
  TOKEN_MISSING: { peer: string; env: string };
  /** The peer, and the AGENTS.md field that names a foreign secret. */
  TOKEN_REFUSED: { peer: string; field: 'Token' | 'Hooks-Token' };
}

/** The data type of `code` (NoData for a code that carries none). */
export type ErrorData<C extends ErrorCode> = C extends keyof ErrorDataByCode ? ErrorDataByCode[C] : NoData;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/**
 * `data` as a constructor takes it: required when the code's data has a required field, absent for a
 * code that carries none, and absent when the code is known only at run time (a code read back from
 * status.json): such an error carries no data.
 */
type DataOption<C extends ErrorCode> = true extends IsUnion<C>
  ? { data?: never }
  : ErrorData<C> extends NoData
    ? { data?: never }
    : object extends ErrorData<C>
      ? { data?: ErrorData<C> }
      : { data: ErrorData<C> };

export type OisErrorOptions<C extends ErrorCode = ErrorCode> = { hint?: string; cause?: unknown } & DataOption<C>;

/** The options argument: optional unless the code's data is required. */
type OptionsArgument<C extends ErrorCode> = object extends DataOption<C> ? [options?: OisErrorOptions<C>] : [options: OisErrorOptions<C>];

/** An OisError of one code. */
export interface OisErrorOf<C extends ErrorCode> extends Error {
  readonly name: 'OisError';
  readonly code: C;
  readonly hint: string | undefined;
  /**
   * What the error carries. Every field may be absent when read: an error rebuilt from a recorded
   * code (`toErrorCode`) has none, whatever its code.
   */
  readonly data: Readonly<Partial<ErrorData<C>>>;
  readonly exitCode: ExitCode;
}

/**
 * An OisError: one of each code, so that checking `error.code` narrows `error.data`
 * (`if (error.code === 'CONFLICT') error.data.files`).
 */
export type OisError<C extends ErrorCode = ErrorCode> = { [K in C]: OisErrorOf<K> }[C];

export interface OisErrorConstructor {
  /** Checked: `data` must be the code's (ErrorDataByCode), and is required where the code's data is. */
  new <C extends ErrorCode>(code: C, message: string, ...options: OptionsArgument<C>): OisError<C>;
  /** `error instanceof OisError` narrows to the union of every code's error. */
  readonly prototype: OisError;
}

export const OisError = class OisError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { hint?: string; data?: object; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OisError';
    this.code = code;
    this.hint = options.hint;
    this.data = { ...options.data };
  }

  get exitCode(): ExitCode {
    return ERROR_EXIT[this.code];
  }
} as unknown as OisErrorConstructor;

export function isOisError(value: unknown): value is OisError {
  return value instanceof OisError;
}

/** A code read back from a file (status.json), checked. */
export function toErrorCode(code: string): ErrorCode {
  return code in ERROR_EXIT ? (code as ErrorCode) : 'INTERNAL';
}
