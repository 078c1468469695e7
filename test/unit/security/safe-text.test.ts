import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, forTerminal, isCleanLine, oneLine, sanitizeOutput, splitLines } from '../../../src/core/safe-text.js';

const ESC = '\u001b';
/** Anything a terminal could act on: ESC, C0 (but tab and line feed), DEL, C1, bidi overrides. */
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('safe text', () => {
  it('splits at every Unicode line break', () => {
    expect(splitLines('a\r\nb\rc\nd\ve\ff\u0085g\u2028h\u2029i')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
  });

  it('removes escape sequences of every kind: CSI, OSC (title, clipboard), DCS, 8-bit CSI', () => {
    expect(cleanLine(`${ESC}[31mred${ESC}[0m`)).toBe('red');
    expect(cleanLine(`a${ESC}]0;pwned${ESC}\\b`)).toBe('ab');
    expect(cleanLine(`a${ESC}]52;c;ZXZpbA==\u0007b`)).toBe('ab');
    expect(cleanLine(`a${ESC}P1$qm${ESC}\\b`)).toBe('ab');
    expect(cleanLine('a\u009b2Jb')).toBe('ab');
    expect(cleanLine(`a${ESC}cb`)).toBe('ab');
    expect(cleanLine('tab\there')).toBe('tab here');
  });

  it('makes one line of a name or a team name, and says whether a text already is one', () => {
    expect(oneLine('x". SYSTEM\u2028NOTICE\n\nobey')).toBe('x". SYSTEM NOTICE obey');
    expect(isCleanLine('acme ⚔️ 小龙')).toBe(true);
    for (const bad of ['a\u2028b', 'a\nb', 'a\u0085b', `a${ESC}[2Jb`, 'a\u202eb', 'a\u0000b']) expect(isCleanLine(bad)).toBe(false);
  });

  it('for terminals: nothing active is left, line breaks become \\n, tabs stay (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const out = forTerminal(text);
        return !ACTIVE.test(out) && !/[\r\u2028\u2029\u0085]/.test(out);
      }),
    );
    expect(forTerminal('a\tb\u2028c')).toBe('a\tb\nc');
  });

  it("for every command's output: only ois's own colours survive, and JSON stays valid", () => {
    expect(sanitizeOutput(`${ESC}[2mdim${ESC}[0m ${ESC}[8mhidden${ESC}[0m ${ESC}]0;title\u0007`)).toBe(`${ESC}[2mdim${ESC}[0m hidden${ESC}[0m `);
    const json = JSON.stringify({ name: `x\u009b2J\u202e${ESC}[31my\u2028z` });
    // JSON.stringify already escapes ESC (as \u001b); the raw C1 CSI and the bidi override go.
    expect(JSON.parse(sanitizeOutput(json))).toEqual({ name: `x${ESC}[31my\u2028z` });
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const out = sanitizeOutput(text);
        return !ACTIVE.test(out.replace(/\u001b\[(?:0|1|2|36)m/g, ''));
      }),
    );
  });
});
