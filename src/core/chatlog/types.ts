import type { Position } from '../position.js';

/** One chat entry: a `## HH:MM - Name` heading, a body, and a `---` line. */
export interface ChatEntry {
  /** `HH:MM` as written in the heading (whatever was written, when the heading is malformed). */
  time: string;
  /** The author's display name as written in the heading. */
  name: string;
  /** Unique id from ois's metadata comment; absent for hand-written entries. */
  id?: string;
  /** Exact UTC time (ISO 8601) from the metadata comment; absent for hand-written entries. */
  at?: string;
  /** The author's ois id from the metadata comment, when known. */
  author?: string;
  /** The body text (Markdown, LF line endings), without heading, metadata comment and closing rule. */
  body: string;
  /**
   * The exact source text of the entry, byte for byte (what merges keep). It runs from the heading
   * up to the next entry's heading, so the blank lines between two entries belong to the first; the
   * blank lines after the last entry are the log's `trailer`.
   */
  raw: string;
  /** Whether the entry ends with its `---` line. */
  closed: boolean;
  position: Position;
}

/** What is wrong with a chat log; the text is kept as it is, this only reports it. */
export type ChatProblemCode =
  | 'bad-heading' // `## 1432 - X`, `## 14:32 ARIA`: looks like an entry heading but is not `## HH:MM - Name`
  | 'bad-time' // `## 25:61 - X`
  | 'bad-metadata' // an `<!-- ois:entry … -->` comment that does not parse
  | 'missing-rule' // no `---` line closes the entry
  | 'text-after-rule' // text between an entry's `---` and the next heading
  | 'unclosed-fence'; // a ``` fence that never closes (ignored for entry boundaries)

export interface ChatProblem {
  code: ChatProblemCode;
  message: string;
  position: Position;
}

/** A parsed day file: `preamble + entries.map(raw).join('') + trailer` is the source text exactly. */
export interface ChatLog {
  /** Text of the first `#` heading of the preamble (`2026-11-23 Chat Log`), if any. */
  title?: string;
  /** Everything before the first entry heading (title, blank lines, free prose). */
  preamble: string;
  entries: ChatEntry[];
  /** Blank lines after the last entry (empty when the file ends right after its `---` line). */
  trailer: string;
  problems: ChatProblem[];
}

export interface Mentions {
  /** Lower-cased ids of the mentioned members (resolved from ids or names), in order of first mention. */
  ids: string[];
  /** `@all` was used. */
  all: boolean;
}

/** A member as mentions see it: an ASCII id and a Unicode display name. */
export interface Member {
  id: string;
  name: string;
}
