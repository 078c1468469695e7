import type { Position } from '../position.js';

export type WakeMode = 'invoke' | 'hooks';

/** One `Key: value` bullet of an agent's section, with where it was written. */
export interface AgentField {
  key: string;
  value: string;
  position: Position;
  valuePosition: Position;
}

/** One `##` section of AGENTS.md, typed. */
export interface Agent {
  /** ASCII handle: mentions, file names, secrets. Defaults to a slug of the name. */
  id: string;
  /** Display name from the heading (Unicode). */
  name: string;
  /** The parenthesised part of the heading, if any; else the `Role` field, if any. */
  role?: string;
  /** Base URL of the agent's OpenClaw Gateway. */
  gateway: string;
  /** Session key to wake; default `agent:main:main`. */
  session: string;
  wake: WakeMode;
  /** A token *reference* such as `env:OIS_TOKEN_ARIA`, never a secret. */
  token?: string;
  /** A reference to the Gateway's narrower hooks token (for `Wake: hooks`), never a secret. */
  hooksToken?: string;
  /** Free text from the `Status` field (for example `on demand`). */
  status?: string;
  /** Every field as written, in order (including unknown ones). */
  fields: AgentField[];
  /** The whole section. */
  position: Position;
  headingPosition: Position;
}

/**
 * A person in the team (`Kind: human`): takes part through `ois web`, has no Gateway and is never
 * woken; mentions of them are highlighted for them in the page instead.
 */
export interface Human {
  id: string;
  name: string;
  role?: string;
  status?: string;
  fields: AgentField[];
  position: Position;
  headingPosition: Position;
}

export interface Registry {
  /** The members ois wakes (every section without `Kind: human`). */
  agents: Agent[];
  /** The people (`Kind: human`): never woken. Ids and names are unique across agents and humans. */
  humans: Human[];
}

/** A field as the parser saw it, before any validation. */
export interface RawField extends AgentField {
  /** The key in canonical form: lower case, spaces and underscores as `-` (`Hooks Token` → `hooks-token`). */
  canonicalKey: string;
  keyPosition: Position;
}

/** A bullet that is not a `Key: value` field. */
export interface RawBullet {
  text: string;
  position: Position;
}

/** One `##` section as written, for the lint rules: nothing here is validated. */
export interface RawSection {
  /** The heading's plain text (`ARIA ⚔️ (Core Contributor)`). */
  heading: string;
  /** The name part of the heading (may be empty when the heading is malformed). */
  name: string;
  role?: string;
  /** The id to use: the `Id` field if present, else a slug of the name (may be empty). */
  id: string;
  /** Whether `id` came from an `Id` field. */
  explicitId: boolean;
  fields: RawField[];
  /** Bullets in the section's lists that are not `Key: value`. */
  bullets: RawBullet[];
  position: Position;
  headingPosition: Position;
}

/** What `parseRegistry` returns: the typed registry and the raw material the lint rules check. */
export interface ParsedRegistry {
  /** Only the sections that are valid (zod-checked); a later section repeating an id is left out. */
  registry: Registry;
  sections: RawSection[];
  /** `Key: value` bullets with a known key that are not under any `##` heading. */
  orphanFields: RawField[];
}
