import { describe, expect, it } from 'vitest';
import { judgeLeastPrivilege } from '../../../src/app/doctor/pulled.js';
import { clashes, lookAlikeKeys, skeleton } from '../../../src/core/registry/confusable.js';
import { tokenEnvName, checkTokenReference } from '../../../src/core/registry/fields.js';

describe('look-alike ids and names (UTS #39 skeletons)', () => {
  it('groups what differs only by case, by confusable letters or by invisible characters', () => {
    expect(skeleton('\u0410RIA')).toBe(skeleton('ARIA')); // Cyrillic А
    const names = ['ARIA', 'aria', '\u0430ri\u0430', 'AR\u200bIA', 'Bob', 'B\u03bfb', '小明', '小朋', 'agent-1', 'agent-l', 'agent-2'];
    expect(clashes(names)).toEqual([[0, 1, 2, 3], [4, 5], [8, 9]]);
    expect(lookAlikeKeys('ARIA')).toContain('aria');
  });
});

describe('secrets keyed by peer id', () => {
  it('names the variable from the id only, and accepts only that name in the section', () => {
    expect(tokenEnvName('hkh-2')).toBe('OIS_TOKEN_HKH_2');
    expect(tokenEnvName('bob', 'hooks')).toBe('OIS_HOOKS_BOB');
    expect(checkTokenReference('env:OIS_TOKEN_HKH_2', 'hkh-2')).toBeUndefined();
    for (const other of ['env:OIS_TOKEN_BOB', 'env:OIS_HOOKS_HKH_2', 'env:HOME', 'env:OIS_TOKEN_HKH2']) expect(checkTokenReference(other, 'hkh-2')).toMatch(/is read from OIS_TOKEN_HKH_2/);
  });
});

describe('least privilege', () => {
  it('warns when this machine holds full operator tokens of peers, names them and says how to move to hooks', () => {
    expect(judgeLeastPrivilege({ operatorTokens: [] }).verdict).toBe('ok');
    const held = judgeLeastPrivilege({ operatorTokens: ['b', 'c'] });
    expect(held).toMatchObject({ verdict: 'warn', detail: expect.stringContaining('b, c') });
    expect(held.fix).toContain('ois token set ID --hooks');
  });
});
