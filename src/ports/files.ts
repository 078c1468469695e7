/** What `stat` tells about a path (never following a symbolic link). */
export interface FileInfo {
  kind: 'file' | 'directory' | 'symlink' | 'other';
  size: number;
  mtimeMs: number;
  mode: number;
  /** The owner's user id (0 on Windows). */
  uid: number;
  /** The inode number: a file replaced by a rename (an atomic write) has a new one. */
  ino: number;
}

/**
 * The file-system port. Paths are absolute. Missing files are answers (`undefined`, `false`), not
 * errors; every other failure rejects with the system's error (its `code`: ENOSPC, EROFS, EACCES …),
 * which core/failure.ts turns into a typed OisError.
 */
export interface Files {
  /** A UTF-8 file's text; rejects (ENOENT) when it does not exist. */
  readText(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  /**
   * At most the first `maxBytes` bytes of a regular file, and its whole size (a large file is never
   * loaded whole); undefined when nothing is there or it is no regular file.
   */
  readStart(path: string, maxBytes: number): Promise<{ bytes: Uint8Array; size: number } | undefined>;
  /** A UTF-8 file's text, or undefined when it does not exist. */
  readIfExists(path: string): Promise<string | undefined>;
  exists(path: string): Promise<boolean>;
  /** `lstat` (`stat` with `follow`): undefined when nothing is there. */
  stat(path: string, options?: { follow?: boolean }): Promise<FileInfo | undefined>;
  /** Whether `path` is a regular file (links followed) this process may read, or execute (`access`). */
  canUse(path: string, how: 'read' | 'execute'): Promise<boolean>;
  /** The names in a directory, or undefined when it does not exist. */
  list(path: string): Promise<string[] | undefined>;
  /** A symbolic link's target, or undefined when `path` is no link. */
  readLink(path: string): Promise<string | undefined>;
  /**
   * Replaces the file atomically (temp file beside it, fsync, rename); creates parent folders. `mode`:
   * the new file's permissions from its creation on (0644 unless told).
   */
  writeAtomic(path: string, data: string | Uint8Array, options?: { mode?: number }): Promise<void>;
  /** Writes a new file atomically and never over an existing one: false when the name is taken. */
  writeNewFile(path: string, data: Uint8Array): Promise<boolean>;
  /** Replaces the file only if it still holds `expected` (undefined: does not exist); false otherwise. */
  replaceIfUnchanged(path: string, expected: string | undefined, data: string): Promise<boolean>;
  /** A plain (non-atomic) write, for files ois alone writes. */
  writeText(path: string, data: string, options?: { mode?: number }): Promise<void>;
  append(path: string, data: string): Promise<void>;
  /** `mkdir -p`. */
  mkdir(path: string, options?: { mode?: number }): Promise<void>;
  /** `rm -f` (`-r` with `recursive`); nothing there is fine. */
  remove(path: string, options?: { recursive?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** A fresh private directory under the system's temp folder. */
  makeTempDir(prefix: string): Promise<string>;
  /**
   * At most the last `maxBytes` bytes of a file (a log's tail; a large file is never loaded whole),
   * and its whole size; undefined when nothing is there.
   */
  readEnd(path: string, maxBytes: number): Promise<{ bytes: Uint8Array; size: number } | undefined>;
  /**
   * Watches a work tree (recursively, `.git` and ois's temp files ignored) and calls `onChange` once
   * per debounced batch of events. Events are hints that can be lost: callers still ask git.
   */
  watchTree(top: string, debounceMs: number, onChange: () => void): Promise<{ close(): Promise<void> }>;
}
