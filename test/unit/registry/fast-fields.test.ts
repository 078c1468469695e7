import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRegistry } from '../../../src/core/registry/parse.js';
import { generatedCorpus } from '../../fixtures/registry-corpus/generated.js';

// The fast path (plain field lines read without remark) must give exactly what remark gives.
const same = (text: string) => expect(parseRegistry(text)).toEqual(parseRegistry(text, { fastFields: false }));

describe('parseRegistry fast path', () => {
  it('agrees with remark on markdown-ish fragments', () => {
    const piece = fc.constantFrom(
      '## ', '# ', '### ', 'ARIA', ' (Dev)', '\n', '\n\n', '\r\n', '- ', '* ', '+ ', '1. ', '  ', '    ', '\t',
      'Gateway: ', 'Id: ', 'Token:', 'Wake: hooks', 'http://127.0.0.1:1', 'a b', '<!--', '-->', '<div>', '```', '~~~',
      '`', '**', '_', '---', '===', '> ', '小明', '⚔️', ':', '\\', '[x]', '&amp;', 'text',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 50 }), (pieces) => { same(pieces.join('')); }), { numRuns: 1500 });
  });

  it('agrees with remark on line-based registries', () => {
    const line = fc.constantFrom(
      '## ARIA', '## HKH (Ops)', '# Team', '', '- Gateway: http://127.0.0.1:1', '- Id: aria', '  - Session: main',
      '- Wake: invoke  ', '* Token: env:OIS_X', '- **Role**: x', 'prose line', '    indented', '```', '<!--', '-->',
      '---', '> quote', '- plain bullet', '-  Status:   on demand', '- Token:', '1. Id: x', '<div>', '</div>',
    );
    fc.assert(fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => { same(lines.join(eol)); }), {
      numRuns: 1500,
    });
  });

  it('agrees with remark on the stored corpus and the generated one', () => {
    const dir = join(import.meta.dirname, '../../fixtures/registry-corpus');
    const texts = [
      ...readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => readFileSync(join(dir, n), 'utf8')),
      ...generatedCorpus().map((c) => new TextDecoder().decode(c.bytes)).filter((t) => t.length < 300_000),
      readFileSync(join(import.meta.dirname, '../../../templates/team/AGENTS.md'), 'utf8'),
    ];
    for (const text of texts) same(text);
  });
});
