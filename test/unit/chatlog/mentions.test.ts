import { describe, expect, it } from 'vitest';
import { findMentions } from '../../../src/core/chatlog/mentions.js';

const MEMBERS = [
  { id: 'aria', name: 'ARIA ⚔️' },
  { id: 'hkh', name: 'HKH' },
  { id: 'xm', name: '小明' },
  { id: 'mm', name: 'Mary Major' },
  { id: 'mk', name: 'Mary Kay' },
  { id: 'jd', name: 'John Doe' },
];

describe('findMentions', () => {
  it.each([
    ['@aria please', ['aria']],
    ['@ARIA please', ['aria']],
    ['@ARIA ⚔️ please', ['aria']],
    ['@hkh, @HKH and @Hkh', ['hkh']],
    ['@John Doe and @john', ['jd']],
    ['@Mary Kay but not @Mary', ['mk']],
    ['你好@小明', ['xm']],
    ['@小明你好', ['xm']],
    ['write to ops@hkh.example or aria@example.com', []],
    ['@arial is someone else', []],
    ['`@aria` in code', []],
    ['```\n@aria\n```', []],
    ['    @aria indented code', []],
    ['[link](https://x.example/@aria)', []],
    ['end of sentence @aria.', ['aria']],
    ['(@hkh) and @aria!', ['hkh', 'aria']],
  ])('%j → %j', (body, ids) => {
    expect(findMentions(body, MEMBERS)).toEqual({ ids, all: false });
  });

  it('@all mentions everyone, @allison does not', () => {
    expect(findMentions('@ALL standup', MEMBERS)).toEqual({ ids: [], all: true });
    expect(findMentions('@allison', MEMBERS)).toEqual({ ids: [], all: false });
  });

  it('@所有人 (the spec\'s "everyone") means @all, glued to Chinese text or not; in code it does not', () => {
    expect(findMentions('@所有人 开会了', MEMBERS)).toEqual({ ids: [], all: true });
    expect(findMentions('大家好@所有人请看', MEMBERS)).toEqual({ ids: [], all: true });
    expect(findMentions('`@所有人`', MEMBERS)).toEqual({ ids: [], all: false });
    expect(findMentions('所有人 without an at sign', MEMBERS)).toEqual({ ids: [], all: false });
  });
});
