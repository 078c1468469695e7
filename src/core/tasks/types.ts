/** The structured message shapes of the OIS message-format spec (see docs/tasks.md). */
export type StructuredKind = 'task-request' | 'task-complete' | 'task-failed' | 'status-update' | 'alert';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const COMPLETE_STATUSES = ['success', 'partial', 'failed'] as const;
export const AGENT_STATUSES = ['online', 'busy', 'offline', 'maintenance'] as const;
export const ALERT_LEVELS = ['info', 'warning', 'error', 'critical'] as const;
export const MARKERS = ['PENDING', 'ACTION REQUIRED', 'AUTO', 'REDACTED'] as const;

export type Priority = (typeof PRIORITIES)[number];
export type CompleteStatus = (typeof COMPLETE_STATUSES)[number];
export type AgentStatus = (typeof AGENT_STATUSES)[number];
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export type Marker = (typeof MARKERS)[number];

/** The canonical field names, per shape, in the order the formatter writes them. */
export const FIELDS = {
  'task-request': ['RequestID', 'Type', 'Priority', 'Deadline', 'Data', 'Callback', 'Description'],
  'task-complete': ['RequestID', 'Status', 'Duration', 'Output', 'Summary', 'Errors'],
  'task-failed': ['RequestID', 'Reason', 'PartialOutput', 'Suggestion'],
  'status-update': ['Agent', 'Status', 'CurrentTask'],
  alert: ['Level', 'Source', 'Message', 'Action'],
} as const satisfies Record<StructuredKind, readonly string[]>;

/** How a canonical field name is written when it is not the name itself (the spec's "Partial output"). */
export const FIELD_LABELS: Partial<Record<string, string>> = { PartialOutput: 'Partial output' };

/** A field as written: its value and where it starts in the entry body (1-based line and column). */
export interface FieldValue {
  value: string;
  line: number;
  column: number;
}

export type StructuredProblemCode = 'unknown-priority' | 'unknown-status' | 'unknown-level' | 'missing-request-id' | 'bad-deadline';

/** A malformed part of a structured entry, placed in the body (1-based line and column). */
export interface StructuredProblem {
  code: StructuredProblemCode;
  message: string;
  line: number;
  column: number;
}

/** A recognised structured entry: its shape, its fields (canonical names) and what is wrong with it. */
export interface StructuredMessage {
  kind: StructuredKind;
  /** The first line of the body (the one naming the shape); its mentions name the addressee. */
  header: string;
  markers: Marker[];
  /** Known fields by canonical name (`RequestID`, `Priority`, …); values trimmed, backticks removed. */
  fields: Partial<Record<string, FieldValue>>;
  /** Body text that is neither the header nor a field (a hand-written request's free description). */
  prose: string;
  problems: StructuredProblem[];
}
