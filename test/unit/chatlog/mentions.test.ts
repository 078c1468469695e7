import { describe, expect, it } from 'vitest';
import { findMentions, mentionSpans, mentionTokens } from '../../../src/core/chatlog/mentions.js';

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

  it('@所有人 mentions everyone too, even glued to the text after it', () => {
    expect(findMentions('@所有人 请看结果', MEMBERS)).toEqual({ ids: [], all: true });
    expect(findMentions('@所有人请看', MEMBERS)).toEqual({ ids: [], all: true });
  });
});

describe('mentionSpans', () => {
  const tokens = mentionTokens(MEMBERS);
  it('places each mention in the text, with the spelling that was written', () => {
    const text = 'hi @ARIA ⚔️, ops@hkh.example, @Mary Kay and @所有人!';
    const spans = mentionSpans(text, tokens);
    expect(spans.map((s) => [text.slice(s.start, s.end), s.id])).toEqual([['@ARIA ⚔️', 'aria'], ['@Mary Kay', 'mk'], ['@所有人', '*']]);
  });

  it('works on text whose lower case has another length (İ)', () => {
    const text = 'İİ @hkh';
    expect(mentionSpans(text, tokens).map((s) => text.slice(s.start, s.end))).toEqual(['@hkh']);
  });
});
