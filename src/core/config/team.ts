import { z } from 'zod';
import { isCleanLine } from '../safe-text.js';

/**
 * The wake budget (docs/waking.md, "The wake budget"): bounds how often one clone wakes one peer, so
 * that two agents answering each other cannot burn model turns forever. Entries are never dropped.
 */
export const wakeBudgetSchema = z
  .object({
    /** `false` turns the budget off (every wake is sent). */
    enabled: z.boolean().default(true),
    /** Wakes of one peer allowed within `windowMs`; the next one starts a cooldown. */
    pairWakes: z.number().int().min(1).max(1_000).default(10),
    windowMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
    /** How long a peer's wakes are held after a burst; then one digest wake carries them. */
    cooldownMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
    /** Rounds of answers between two members, with nobody else writing, before their wakes pause. */
    exchangeRounds: z.number().int().min(1).max(1_000).default(6),
    /** A round more than this after the previous one starts a new exchange. */
    exchangeGapMs: z.number().int().min(1_000).max(86_400_000).default(300_000),
    /** How long a long exchange pauses (a third member writing ends the pause earlier). */
    exchangePauseMs: z.number().int().min(1_000).max(86_400_000).default(900_000),
  })
  .strict();

export const DEFAULT_WAKE_BUDGET = wakeBudgetSchema.parse({});

/**
 * `ois.config.json`: the team's shared settings, tracked in the team repository.
 * Every field has a default, so `{}` is a valid config. Unknown keys are errors (typos must not pass).
 */
export const wakePolicySchema = z
  .object({
    /** `mentions`: wake mentioned peers (everyone for @all). `all`: wake every peer for any entry. `none`: never wake. */
    mode: z.enum(['mentions', 'all', 'none']).default('mentions'),
    /** Also wake everyone when a file under shared/ is added or changed. */
    sharedFiles: z.boolean().default(false),
    /** Upper bound, in bytes, of the entries carried by one wake message. */
    maxMessageBytes: z.number().int().min(256).max(1_000_000).default(16_000),
    budget: wakeBudgetSchema.default(DEFAULT_WAKE_BUDGET),
  })
  .strict();

export const teamConfigSchema = z
  .object({
    $schema: z.string().optional(),
    /**
     * The team's display name. It reaches every wake (inside the quoted block) and terminals: one short
     * line, no line break (U+2028 included), control character or escape sequence.
     */
    team: z
      .string()
      .min(1)
      .max(64, 'the team name is at most 64 characters')
      .refine(isCleanLine, 'the team name is one line, without line breaks or control characters')
      .optional(),
    /** The branch every clone syncs. */
    branch: z
      .string()
      .regex(/^[A-Za-z0-9._/-]+$/, 'a branch name of letters, digits, ".", "_", "/" and "-"')
      .default('main'),
    /** IANA time zone used to display times (`ois log`); files always use UTC. */
    timeZone: z.string().min(1).default('UTC'),
    wake: wakePolicySchema.default({ mode: 'mentions', sharedFiles: false, maxMessageBytes: 16_000, budget: DEFAULT_WAKE_BUDGET }),
    limits: z
      .object({
        /** Files larger than this are not committed, and are reported. */
        maxFileBytes: z.number().int().positive().default(5 * 1024 * 1024),
      })
      .strict()
      .default({ maxFileBytes: 5 * 1024 * 1024 }),
    sync: z
      .object({
        /** How long file events are gathered before a cycle starts. */
        debounceMs: z.number().int().min(0).max(60_000).default(20),
        /** How often the remote is polled for others' commits. */
        pollIntervalMs: z.number().int().min(200).max(3_600_000).default(2_000),
        /** Bounded retries of a push rejected because the remote moved meanwhile. */
        pushRetries: z.number().int().min(0).max(50).default(8),
        /**
         * How long a trailing chat entry without its closing `---` waits (the file unchanged) before it is
         * committed as it is: an agent writing an entry in two steps gets this long between them.
         */
        incompleteEntryWaitMs: z.number().int().min(0).max(600_000).default(10_000),
      })
      .strict()
      .default({ debounceMs: 20, pollIntervalMs: 2_000, pushRetries: 8, incompleteEntryWaitMs: 10_000 }),
    /** Extra paths (gitignore-style globs, relative to the repository) ois never commits. */
    ignore: z.array(z.string().min(1)).default([]),
  })
  .strict();

export { MAX_CONFIG_BYTES } from './limits.js';

export type TeamConfig = z.infer<typeof teamConfigSchema>;
export type WakePolicy = z.infer<typeof wakePolicySchema>;
export type WakeBudget = z.infer<typeof wakeBudgetSchema>;

export const DEFAULT_TEAM_CONFIG: TeamConfig = teamConfigSchema.parse({});
