/**
 * Typed errors. Every failure a user can cause or meet is an OisError with a stable `code`,
 * the process exit code it maps to, and a hint that says what to do. Messages never carry secrets.
 *
 * @example throw new OisError('NOT_A_REPO', `${dir} is not a git repository`, { hint: 'Run `ois init` or `ois join` first.' })
 */
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

export interface OisErrorOptions {
  hint?: string;
  data?: Record<string, unknown>;
  cause?: unknown;
}

export class OisError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly data: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: OisErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OisError';
    this.code = code;
    this.hint = options.hint;
    this.data = options.data ?? {};
  }

  get exitCode(): ExitCode {
    return ERROR_EXIT[this.code];
  }
}

export function isOisError(value: unknown): value is OisError {
  return value instanceof OisError;
}

/** A code read back from a file (status.json), checked. */
export function toErrorCode(code: string): ErrorCode {
  return code in ERROR_EXIT ? (code as ErrorCode) : 'INTERNAL';
}
