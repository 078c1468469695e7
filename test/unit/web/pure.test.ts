import { describe, expect, it } from 'vitest';
import { entryKeys, hash } from '../../../src/core/web/entry-key.js';
import { safeFileName, servedAs, uniqueName, isUtf8Text } from '../../../src/core/web/file-name.js';
import { allowedHosts, checkWrite, isAllowedHost, sameSecret } from '../../../src/core/web/guard.js';
import { pageBefore, windowAround } from '../../../src/core/web/page.js';
import { confinedSharedPath, sharedPathOf } from '../../../src/core/web/paths.js';
import { matchesSearch, parseSearch, searchBackwards } from '../../../src/core/web/search.js';

describe('pagination', () => {
  it('pages backwards from the end, clamped', () => {
    expect(pageBefore(1000, undefined, 100)).toEqual({ start: 900, end: 1000, older: 900 });
    expect(pageBefore(1000, 900, 100)).toEqual({ start: 800, end: 900, older: 800 });
    expect(pageBefore(1000, 50, 100)).toEqual({ start: 0, end: 50, older: null });
    expect(pageBefore(0, undefined, 100)).toEqual({ start: 0, end: 0, older: null });
    expect(pageBefore(10, 99, 5)).toEqual({ start: 5, end: 10, older: 5 });
    expect(pageBefore(10, -3, 5)).toEqual({ start: 0, end: 0, older: null });
    expect(pageBefore(100_000, undefined, 1e9).end - pageBefore(100_000, undefined, 1e9).start).toBe(500);
    expect(pageBefore(100, undefined, Number.NaN)).toEqual({ start: 0, end: 100, older: null });
  });

  it('pages through 100 000 entries without gaps or overlaps', () => {
    let before: number | undefined;
    let seen = 0;
    let last = 100_000;
    for (;;) {
      const page = pageBefore(100_000, before, 333);
      expect(page.end).toBe(last);
      seen += page.end - page.start;
      last = page.start;
      if (page.older === null) break;
      before = page.older;
    }
    expect(seen).toBe(100_000);
  });

  it('centres a window on an entry', () => {
    expect(windowAround(1000, 500, 100)).toEqual({ start: 450, end: 550, older: 450 });
    expect(windowAround(1000, 10, 100)).toEqual({ start: 0, end: 60, older: null });
    expect(windowAround(1000, 999, 100)).toEqual({ start: 949, end: 1000, older: 949 });
  });
});

describe('search', () => {
  const items = [
    { name: 'HKH', author: 'hkh', body: 'Render of batch 001 done' },
    { name: 'ARIA ⚔️', author: 'aria', body: 'please render batch 002' },
    { name: 'Mia', author: 'mia', body: 'thanks' },
  ];
  it('reads words, quoted phrases and from:', () => {
    expect(parseSearch('render "batch 001" from:@HKH')).toEqual({ terms: ['render', 'batch 001'], from: 'hkh' });
    expect(parseSearch('   ')).toEqual({ terms: [] });
  });
  it('finds every term, case-insensitive, newest first, paged', () => {
    expect(searchBackwards(items, parseSearch('RENDER'), 50)).toEqual({ positions: [1, 0], more: null });
    expect(searchBackwards(items, parseSearch('render'), 1)).toEqual({ positions: [1], more: 1 });
    expect(searchBackwards(items, parseSearch('render'), 1, 1)).toEqual({ positions: [0], more: null });
    expect(searchBackwards(items, parseSearch('render from:hkh'), 50).positions).toEqual([0]);
    expect(searchBackwards(items, parseSearch('"batch 002"'), 50).positions).toEqual([1]);
    expect(searchBackwards(items, parseSearch(''), 50).positions).toEqual([]);
    expect(matchesSearch(items[1]!, parseSearch('from:aria'))).toBe(true);
  });
});

describe('request guards', () => {
  const hosts = allowedHosts('127.0.0.1', 8765);
  it('answers only to its own Host (DNS rebinding)', () => {
    expect(hosts).toEqual(['127.0.0.1:8765', 'localhost:8765']);
    expect(isAllowedHost('127.0.0.1:8765', hosts)).toBe(true);
    expect(isAllowedHost('LOCALHOST:8765', hosts)).toBe(true);
    for (const host of [undefined, '', 'evil.example', 'evil.example:8765', '127.0.0.1', '127.0.0.1:8766', '127.0.0.1:8765.evil.example']) {
      expect(isAllowedHost(host, hosts), String(host)).toBe(false);
    }
    expect(allowedHosts('::1', 1)).toEqual(['[::1]:1', 'localhost:1']);
    expect(allowedHosts('192.168.1.5', 2)).toEqual(['192.168.1.5:2']);
  });
  it('lets a write through only from the room’s origin with the CSRF token', () => {
    const ok = { origin: 'http://127.0.0.1:8765', fetchSite: 'same-origin', csrfToken: 'tok' };
    expect(checkWrite(ok, hosts, 'tok')).toBeUndefined();
    expect(checkWrite({ ...ok, fetchSite: undefined }, hosts, 'tok')).toBeUndefined();
    expect(checkWrite({ ...ok, origin: undefined }, hosts, 'tok')).toBe('cross-origin');
    expect(checkWrite({ ...ok, origin: 'null' }, hosts, 'tok')).toBe('cross-origin');
    expect(checkWrite({ ...ok, origin: 'http://127.0.0.1:9999' }, hosts, 'tok')).toBe('cross-origin');
    expect(checkWrite({ ...ok, origin: 'https://127.0.0.1:8765' }, hosts, 'tok')).toBe('cross-origin');
    expect(checkWrite({ ...ok, fetchSite: 'same-site' }, hosts, 'tok')).toBe('cross-origin');
    expect(checkWrite({ ...ok, csrfToken: undefined }, hosts, 'tok')).toBe('no-csrf-token');
    expect(checkWrite({ ...ok, csrfToken: 'to' }, hosts, 'tok')).toBe('no-csrf-token');
  });
  it('compares secrets fully', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('abcd', 'abc')).toBe(false);
    expect(sameSecret('', '')).toBe(false);
  });
});

describe('paths, names and content types', () => {
  it('confines shared paths', () => {
    expect(sharedPathOf('./shared/a b/c.txt')).toBe('shared/a b/c.txt');
    expect(sharedPathOf('/shared/x%2Fy.txt')).toBe('shared/x/y.txt');
    for (const bad of ['shared/../AGENTS.md', 'shared/%2e%2e/x', 'shared//x', 'shared/x?y', 'https://x/shared/a', '//shared/a', 'chat/a.md', 'shared/a\\..\\b', 'shared/%00']) {
      expect(sharedPathOf(bad), bad).toBeUndefined();
    }
    expect(confinedSharedPath('shared/.git/config')).toBe('shared/.git/config');
    expect(confinedSharedPath('shared')).toBeUndefined();
  });
  it('makes attachment names safe', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(safeFileName('Résumé (final).pdf')).toBe('Résumé-(final).pdf');
    expect(safeFileName('.env')).toBe('env');
    expect(safeFileName('con.txt')).toBe('_con.txt');
    expect(safeFileName('a<b>:"|?*.txt')).toBe('a-b-.txt');
    expect(safeFileName('...')).toBe('file');
    expect(safeFileName('报告 2026.md')).toBe('报告-2026.md');
    expect([...safeFileName(`${'x'.repeat(300)}.tar.gz`)].length).toBe(100);
    expect(safeFileName(`${'x'.repeat(300)}.tar.gz`).endsWith('.gz')).toBe(true);
    expect(uniqueName('a.txt', (n) => n === 'a.txt' || n === 'a-2.txt')).toBe('a-3.txt');
  });
  it('never serves repository HTML, SVG or scripts as such', () => {
    expect(servedAs('shared/x.html', true, false)).toEqual({ contentType: 'text/plain; charset=utf-8', disposition: 'inline' });
    expect(servedAs('shared/x.svg', true, false)).toEqual({ contentType: 'application/octet-stream', disposition: 'attachment' });
    expect(servedAs('shared/x.js', true, false).contentType).toBe('text/plain; charset=utf-8');
    expect(servedAs('shared/x.png', false, false)).toEqual({ contentType: 'image/png', disposition: 'inline' });
    expect(servedAs('shared/x.pdf', false, false).disposition).toBe('attachment');
    expect(servedAs('shared/x.png', false, true)).toEqual({ contentType: 'application/octet-stream', disposition: 'attachment' });
    expect(isUtf8Text(new TextEncoder().encode('héllo'))).toBe(true);
    expect(isUtf8Text(new Uint8Array([0x68, 0xc3]))).toBe(true); // cut inside a character
    expect(isUtf8Text(new Uint8Array([0xff, 0xfe, 0x00]))).toBe(false);
  });
});

describe('entry keys', () => {
  it('use the id, else a hash of the text, numbered when repeated', () => {
    const keys = entryKeys('2026-11-23', [{ id: 'k3xq9d2m', raw: 'x' }, { raw: '## 10:00 - A\n\nhi\n\n---\n' }, { raw: '## 10:00 - A\r\n\r\nhi\r\n\r\n---\r\n\r\n' }]);
    expect(keys[0]).toBe('e:k3xq9d2m');
    expect(keys[1]).toMatch(/^h:2026-11-23:[0-9a-f]{13}$/);
    expect(keys[2]).toBe(`${keys[1]}-2`);
    expect(hash('')).toBe('29ce484222325');
    expect(hash('a')).not.toBe(hash('b'));
  });
});
