import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintRegistryText } from '../../../src/core/registry/lint/index.js';
import { findSecrets } from '../../../src/core/registry/lint/secrets.js';

const describeAll = (line: string) => findSecrets(line).map((f) => f.description);

describe('findSecrets', () => {
  it.each([
    ['Token: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c', 'a 48-character hex string'],
    ['key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', 'sk-…'],
    ['curl -H "Authorization: Bearer 3xAmpl3T0k3nV4lu3"', 'a Bearer credential'],
    ['ghp_aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3aB3', 'a GitHub token'],
    ['AKIAABCDEFGHIJKLMNOP', 'an AWS access key id'],
    ['bot 123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0', 'a Telegram bot token'],
    ['api_key = "q1w2e3r4t5y6u7i8"', 'secret-named key'],
    ['Zx8Qp2Lm9Vt4Rw7Ks1Hd5Jf3Gb6Nc0Ya', 'high-entropy'],
  ])('finds %s', (line, description) => {
    expect(describeAll(line).join(' ')).toContain(description);
  });

  it.each([
    'Token: env:OIS_TOKEN_ARIA',
    'Fixed in 3f2a9c0d1e4b5a6978877665544332211aabbccd (a git commit id).',
    'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'Authorization: Bearer $OIS_TOKEN',
    'Authorization: Bearer YOUR_TOKEN_HERE',
    'id 123e4567-e89b-12d3-a456-426614174000',
    'see shared/results/batch-001/summary-of-the-run.md',
    'password: env:OIS_PASSWORD_FOR_THE_THING',
    '<!-- ois:entry id=k3xq9d2m7fz1w8ah at=2026-11-23T14:32:05.123Z author=aria -->',
    'Gateway: http://10.130.194.247:18783',
  ])('does not flag %s', (line) => {
    expect(describeAll(line)).toEqual([]);
  });

  it('finds every random 32–64 hex token, and the message never contains it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 32, max: 64 }).filter((n) => n !== 40), fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), (n, pool) => {
        const token = `a1${pool}`.slice(0, n);
        const result = lintRegistryText(`## A\n\n- Gateway: http://127.0.0.1:1\n- Token: ${token}\n`);
        const secret = result.diagnostics.filter((d) => d.ruleId === 'no-literal-secret');
        expect(secret).toHaveLength(1);
        expect(secret[0]?.position.start).toEqual({ line: 4, column: 10 });
        for (const d of result.diagnostics) expect(d.message).not.toContain(token);
      }),
    );
  });
});

describe('lintRegistryText never crashes', () => {
  it('on any string, with positions >= 1', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const result = lintRegistryText(text);
        for (const d of result.diagnostics) {
          expect(d.position.start.line).toBeGreaterThanOrEqual(1);
          expect(d.position.start.column).toBeGreaterThanOrEqual(1);
          expect(d.ruleId).not.toBe('internal-error');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on markdown-ish fragments', () => {
    const piece = fc.constantFrom('## ', 'ARIA', ' (', ')', '\n', '- ', 'Gateway: ', 'http://', '127.0.0.1:1', 'Id: ', '<!--', '-->', '```', '`', '**', '\r\n', '小明', '⚔️', 'Token: ', 'env:OIS_X', ':', '>', '    ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const result = lintRegistryText(pieces.join(''));
        expect(result.diagnostics.every((d) => d.ruleId !== 'internal-error' && d.position.start.line >= 1)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
