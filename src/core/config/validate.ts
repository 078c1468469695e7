import type { z } from 'zod';
import { MAX_CONFIG_BYTES, teamConfigSchema, type TeamConfig } from './team.js';

export interface ConfigIssue {
  /** A JSON path such as `sync.pollIntervalMs`, or `(root)`. */
  path: string;
  message: string;
  /** 1-based line and column of the value in the source text, when it can be found. */
  line?: number;
  column?: number;
}

export type ConfigResult = { ok: true; config: TeamConfig } | { ok: false; issues: ConfigIssue[] };

/**
 * Pure validation of the text of `ois.config.json`.
 * @example validateTeamConfig('{"branch":"main"}') // { ok: true, config: {...defaults, branch: 'main'} }
 */
export function validateTeamConfig(text: string): ConfigResult {
  if (text.length > MAX_CONFIG_BYTES || new TextEncoder().encode(text).length > MAX_CONFIG_BYTES) {
    return { ok: false, issues: [{ path: '(root)', message: `the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB; it was not read`, line: 1, column: 1 }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(stripBom(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = jsonErrorPosition(text, message);
    return { ok: false, issues: [{ path: '(root)', message: `not valid JSON: ${message}`, ...at }] };
  }
  const parsed = teamConfigSchema.safeParse(json);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((issue) => toIssue(issue, text)) };
}

function toIssue(issue: z.core.$ZodIssue, text: string): ConfigIssue {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const segments = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])];
  const path = segments.length > 0 ? segments.join('.') : '(root)';
  const message =
    issue.code === 'unrecognized_keys' ? `unknown setting ${keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
  return { path, message, ...locateKey(text, segments) };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Finds the line/column of the last key of `segments` in the JSON text (best effort). */
function locateKey(text: string, segments: readonly string[]): { line?: number; column?: number } {
  const key = segments.at(-1);
  if (key === undefined || /^\d+$/.test(key)) return segments.length > 1 ? locateKey(text, segments.slice(0, -1)) : {};
  const index = text.indexOf(`"${key}"`);
  return index < 0 ? {} : offsetToPosition(text, index);
}

function jsonErrorPosition(text: string, message: string): { line?: number; column?: number } {
  const lineCol = /line (\d+) column (\d+)/.exec(message);
  if (lineCol) return { line: Number(lineCol[1]), column: Number(lineCol[2]) };
  const pos = /position (\d+)/.exec(message);
  return pos ? offsetToPosition(text, Number(pos[1])) : {};
}

export function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
