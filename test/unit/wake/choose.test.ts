import { describe, expect, it } from 'vitest';
import { choosePeers } from '../../../src/core/wake/choose.js';
import { agent, entry } from './agents.js';

const agents = [agent('aria'), agent('bob'), agent('cleo')];
const mentions = { mode: 'mentions', sharedFiles: false } as const;

function chosen(result: Map<string, { entries: { body: string }[]; sharedFiles: string[] }>): Record<string, string[]> {
  return Object.fromEntries([...result].map(([id, wake]) => [id, [...wake.entries.map((e) => e.body), ...wake.sharedFiles]]));
}

describe('choosePeers', () => {
  it('wakes only mentioned peers, with only the entries that mention them', () => {
    const entries = [entry('aria', '@bob review', ['bob']), entry('aria', '@cleo deploy', ['cleo']), entry('aria', 'note')];
    const result = choosePeers({ entries, changedSharedFiles: [], agents, self: 'aria', policy: mentions });
    expect(chosen(result)).toEqual({ bob: ['@bob review'], cleo: ['@cleo deploy'] });
  });

  it('wakes everyone but self for @all', () => {
    const result = choosePeers({ entries: [entry('aria', '@all hi', [], true)], changedSharedFiles: [], agents, self: 'aria', policy: mentions });
    expect([...result.keys()]).toEqual(['bob', 'cleo']);
  });

  it('never wakes self, even when mentioned, and compares ids case-insensitively', () => {
    const entries = [entry('bob', '@aria @BOB', ['aria', 'bob'])];
    const result = choosePeers({ entries, changedSharedFiles: [], agents, self: 'ARIA', policy: mentions });
    expect([...result.keys()]).toEqual([]);
  });

  it('does not wake an entry author for their own entry', () => {
    const result = choosePeers({ entries: [entry('bob', '@all done', [], true)], changedSharedFiles: [], agents, self: 'aria', policy: mentions });
    expect([...result.keys()]).toEqual(['cleo']);
  });

  it('an entry marked [AUTO] (ois say --no-wake) wakes nobody, whatever it mentions; the others still wake', () => {
    const entries = [entry('aria', '[AUTO] thanks @bob', ['bob']), entry('aria', '@all build [auto] green', [], true), entry('aria', '@cleo ready?', ['cleo'])];
    expect(chosen(choosePeers({ entries, changedSharedFiles: [], agents, self: 'aria', policy: mentions }))).toEqual({ cleo: ['@cleo ready?'] });
    expect(chosen(choosePeers({ entries: entries.slice(0, 2), changedSharedFiles: [], agents, self: 'aria', policy: { mode: 'all', sharedFiles: false } }))).toEqual({});
  });

  it('ignores mentions of ids not in the registry', () => {
    const result = choosePeers({ entries: [entry('aria', '@zed', ['zed'])], changedSharedFiles: [], agents, self: 'aria', policy: mentions });
    expect(result.size).toBe(0);
  });

  it('mode all wakes every peer for any entry; mode none wakes nobody', () => {
    const entries = [entry('aria', 'plain')];
    const all = choosePeers({ entries, changedSharedFiles: ['shared/a.md'], agents, self: 'aria', policy: { mode: 'all', sharedFiles: false } });
    expect(chosen(all)).toEqual({ bob: ['plain'], cleo: ['plain'] });
    const none = choosePeers({ entries: [entry('aria', '@bob', ['bob'], true)], changedSharedFiles: ['shared/a.md'], agents, self: 'aria', policy: { mode: 'none', sharedFiles: true } });
    expect(none.size).toBe(0);
  });

  it('wakes everyone for changed shared files only when the policy says so', () => {
    const input = { entries: [], changedSharedFiles: ['shared/spec.md'], agents, self: 'aria' };
    expect(choosePeers({ ...input, policy: mentions }).size).toBe(0);
    const result = choosePeers({ ...input, policy: { mode: 'mentions', sharedFiles: true } });
    expect(chosen(result)).toEqual({ bob: ['shared/spec.md'], cleo: ['shared/spec.md'] });
  });
});
