import { appendFileSync, renameSync, statSync } from 'node:fs';
import { redactUrls } from '../core/redact.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LogEvent {
  level: Level;
  /** A stable event name: `cycle`, `recovered`, `excluded`, `sync-failed`, `wake` … */
  event: string;
  message: string;
  fields?: Record<string, unknown>;
}

export interface Logger {
  log(event: LogEvent): void;
}

export interface LoggerOptions {
  format: 'text' | 'json';
  verbose: boolean;
  write: (line: string) => void;
  now: () => Date;
  /** Also append JSON lines to this file, rotated past `maxFileBytes` (one old file kept). */
  file?: string;
  maxFileBytes?: number;
}

/**
 * One line per event that matters, human text or JSON lines. Secrets never reach it: URLs are
 * redacted here as a last line of defence, and callers never pass tokens.
 */
export function createLogger(options: LoggerOptions): Logger {
  const maxBytes = options.maxFileBytes ?? 1024 * 1024;
  return {
    log(event) {
      if (event.level === 'debug' && !options.verbose) return;
      const at = options.now().toISOString();
      const record = { at, level: event.level, event: event.event, message: redactUrls(event.message), ...event.fields };
      const json = JSON.stringify(record);
      options.write(options.format === 'json' ? json : `${at.slice(0, 19).replace('T', ' ')} ${event.level.padEnd(5)} ${record.message}`);
      if (options.file) appendCapped(options.file, `${json}\n`, maxBytes);
    },
  };
}

function appendCapped(file: string, line: string, maxBytes: number): void {
  try {
    if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(file, `${file}.1`);
    appendFileSync(file, line, { mode: 0o600 });
  } catch {
    // Logging must never stop the sync.
  }
}

export const silentLogger: Logger = { log: () => undefined };
