import { join } from 'node:path';
import type { GatewayClient } from '../../adapters/gateway.js';
import type { Logger } from '../../adapters/log.js';
import type { Identity } from '../../core/identity.js';
import { registryInForce } from '../in-force/registry.js';
import { BOUNDARY_BYTES, boundaryFrom } from '../../core/wake/boundary.js';
import { DEFAULT_REMINDER_POLICY, dueReminders, reminderMessage, type ReminderPolicy } from '../../core/tasks/reminders.js';
import { describeOutcome } from '../../core/wake/describe.js';
import type { Repo } from '../clone/repo.js';
import type { TokenStore } from '../secrets/tokens.js';
import { ownTarget, trustOwnGateway } from '../wake/wake-job.js';
import { wakePeer } from '../wake/wake-peer.js';
import { readBoard } from './board.js';

export interface ReminderDeps {
  repo: Repo;
  identity: Identity;
  client: GatewayClient;
  tokens: TokenStore;
  env: Readonly<Record<string, string | undefined>>;
  log: Logger;
  /** Default: the clone's clock (`repo.ports.clock`). */
  now?: () => Date;
  policy?: ReminderPolicy;
  /** How often the board is read at most (default one minute). */
  everyMs?: number;
}

export interface Reminders {
  /** Checks the board when due and sends the reminders owed to this agent; never throws. */
  check(): Promise<number>;
  /** Starts a check in the background (the watcher's idle hook must never wait for a Gateway). */
  kick(): void;
}

const FILE = 'reminders.json';

/**
 * Overdue-task reminders for this clone's own agent (a watcher reminds only its own agent, so no two
 * clones send the same reminder): through this agent's own Gateway, as the catch-up wake does. A
 * reminder is recorded in `.git/ois/reminders.json` once delivered, and never sent again; one that
 * could not be delivered is tried at the next check.
 */
export function createReminders(deps: ReminderDeps): Reminders {
  const { files, clock, random } = deps.repo.ports;
  const now = deps.now ?? (() => clock.now());
  const everyMs = deps.everyMs ?? 60_000;
  const file = join(deps.repo.stateDir, FILE);
  let lastCheck = Number.NEGATIVE_INFINITY;
  let running: Promise<number> | undefined;
  let warnedNoGateway = false;

  async function check(): Promise<number> {
    const t = now().getTime();
    if (t - lastCheck < everyMs) return 0;
    lastCheck = t;
    try {
      const sent = new Set<string>(JSON.parse((await files.readIfExists(file)) ?? '[]') as string[]);
      const { tasks } = await readBoard(files, deps.repo.top, t);
      const due = dueReminders(tasks, [deps.identity.id], t, sent, deps.policy ?? DEFAULT_REMINDER_POLICY);
      if (due.length === 0) return 0;
      const registry = await registryInForce(deps.repo.git, 'HEAD');
      const target = ownTarget(deps.identity, registry.agents.find((a) => a.id === deps.identity.id));
      if (target === undefined) {
        if (!warnedNoGateway) {
          deps.log.log({ level: 'warn', event: 'reminder', message: `${due.length} overdue-task reminders for ${deps.identity.id}, but this clone has no Gateway: set it with \`git config ois.gateway URL\`` });
          warnedNoGateway = true;
        }
        return 0;
      }
      let delivered = 0;
      for (const reminder of due) {
        const outcome = await wakePeer(
          { client: deps.client, tokens: deps.tokens, trust: trustOwnGateway(target.gateway), env: deps.env },
          { peer: target, message: reminderMessage(reminder, boundaryFrom(random.bytes(BOUNDARY_BYTES))) },
        );
        if (outcome.kind === 'delivered') {
          sent.add(reminder.key);
          delivered += 1;
          await files.writeAtomic(file, `${JSON.stringify([...sent], null, 2)}\n`);
          deps.log.log({ level: 'info', event: 'reminder', message: `reminded ${deps.identity.id} of task ${reminder.task.requestId} (${reminder.role === 'assignee' ? 'past its deadline' : 'overdue and unanswered'})` });
        } else {
          deps.log.log({ level: 'warn', event: 'reminder', message: `reminder for task ${reminder.task.requestId} not delivered: ${describeOutcome('your own agent', outcome)}; tried again later` });
        }
      }
      return delivered;
    } catch (error) {
      deps.log.log({ level: 'warn', event: 'reminder', message: `could not check overdue tasks: ${(error as Error).message}` });
      return 0;
    }
  }

  return {
    check,
    kick() {
      running ??= check().finally(() => {
        running = undefined;
      });
    },
  };
}
