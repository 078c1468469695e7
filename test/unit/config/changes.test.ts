import { describe, expect, it } from 'vitest';
import { changedKeys } from '../../../src/core/config/changes.js';

describe('changedKeys: what a config reload says changed', () => {
  it('names each changed leaf by its dotted path, added and removed keys included, sorted', () => {
    const before = { branch: 'main', wake: { mode: 'none', budget: { pairWakes: 10 } }, ignore: ['a'] };
    const after = { branch: 'main', wake: { mode: 'mentions', budget: { pairWakes: 10, windowMs: 5000 } }, ignore: ['a', 'b'] };
    expect(changedKeys(before, after)).toEqual(['ignore', 'wake.budget.windowMs', 'wake.mode']);
  });

  it('is empty for equal configs, and names the whole config when one is not an object', () => {
    expect(changedKeys({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
    expect(changedKeys(undefined, { a: 1 })).toEqual(['the config']);
  });
});
