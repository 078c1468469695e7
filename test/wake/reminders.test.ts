import { testPorts } from '../../harness/ports.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayClient } from '../../src/adapters/gateway.js';
import type { LogEvent } from '../../src/adapters/log.js';
import { openRepo } from '../../src/app/clone/repo.js';
import { oisConfigDir } from '../../src/app/secrets/config-dir.js';
import { createTokenStore } from '../../src/app/secrets/tokens.js';
import { createReminders } from '../../src/app/tasks/reminders.js';
import { formatTaskRequest } from '../../src/core/tasks/format.js';
import { startTeam, type Team } from './team.js';

let team: Team | undefined;
afterEach(async () => {
  await team?.close();
  team = undefined;
});

describe('overdue-task reminders (injected clock, fake Gateways on 127.0.0.1)', () => {
  it("remind the assignee once past the deadline, the requester once past the margin, through each one's own Gateway", async () => {
    team = await startTeam(['aria', 'hkh']);
    // aria asks hkh, with a deadline of 12:00 UTC on the team's day.
    await team.say('aria', formatTaskRequest({ requestId: 'req-20261123-overdue1', to: 'hkh', callback: 'aria', description: 'render the report', deadline: '2026-11-23T12:00:00.000Z' }));
    await team.cycle('aria');
    await team.cycle('hkh');
    let clock = Date.parse('2026-11-23T11:00:00.000Z');
    const events: LogEvent[] = [];
    const remindersOf = async (id: string) => {
      const repo = await openRepo(team!.dirs[id]!, testPorts(team!.env(id)));
      const env = team!.env(id);
      return createReminders({
        repo,
        identity: repo.identity!,
        client: createGatewayClient(),
        tokens: createTokenStore(oisConfigDir(testPorts(env).system), testPorts(env)),
        env,
        log: { log: (e) => events.push(e) },
        now: () => new Date(clock),
        everyMs: 0,
      });
    };
    const hkh = await remindersOf('hkh');
    const aria = await remindersOf('aria');
    const reminders = (id: string) => team!.gateways[id]!.deliveries.filter((d) => d.message.includes('Reminder: task req-20261123-overdue1'));

    expect(await hkh.check()).toBe(0); // before the deadline: nothing
    clock = Date.parse('2026-11-23T12:30:00.000Z');
    expect(await hkh.check()).toBe(1);
    expect(await aria.check()).toBe(0); // the requester only after the margin (1 h)
    expect(await hkh.check()).toBe(0); // never twice
    clock = Date.parse('2026-11-23T13:30:00.000Z');
    expect(await aria.check()).toBe(1);
    expect(await aria.check()).toBe(0);
    expect(await hkh.check()).toBe(0);
    expect(reminders('hkh')).toHaveLength(1);
    expect(reminders('hkh')[0]?.message).toMatch(/past its deadline .*ois task done req-20261123-overdue1/s);
    expect(reminders('aria')).toHaveLength(1);
    expect(reminders('aria')[0]?.message).toMatch(/overdue .* unanswered/);
    expect(events.filter((e) => e.level !== 'info')).toEqual([]);
  });
});
