import { describe, expect, it } from 'vitest';
import { renderBody } from '../../../src/core/web/render.js';

const members = [
  { id: 'aria', name: 'ARIA ⚔️' },
  { id: 'hkh', name: 'HKH' },
  { id: 'mia', name: 'Mia' },
];
const html = (markdown: string) => renderBody(markdown, { members, me: 'mia' }).html;

describe('rendering an entry body (remark → rehype → rehype-sanitize)', () => {
  it('renders Markdown and GFM (bold, code, tables, task lists, strikethrough)', () => {
    expect(html('**bold** `code` ~~old~~')).toBe('<p><strong>bold</strong> <code>code</code> <del>old</del></p>');
    expect(html('| a |\n|---|\n| 1 |')).toContain('<td>1</td>');
    expect(html('- [x] done')).toContain('<input type="checkbox" checked disabled>');
  });

  it.each([
    ['<script>alert(1)</script>', '&#x3C;script>alert(1)&#x3C;/script>'],
    ['<img src=x onerror="alert(1)">', '&#x3C;img src=x onerror="alert(1)">'],
    ['<iframe src="https://evil.example"></iframe>', '&#x3C;iframe'],
    ['<svg onload=alert(1)>', '&#x3C;svg onload=alert(1)>'],
    ['<style>body{display:none}</style>', '&#x3C;style>'],
    ['x <b onclick="alert(1)">y</b>', 'x &#x3C;b onclick="alert(1)">y&#x3C;/b>'],
  ])('raw HTML %j is shown as text, never as markup', (markdown, expected) => {
    const out = html(markdown);
    expect(out).toContain(expected);
    expect(out).not.toMatch(/<(script|img|iframe|svg|style|b)[\s>]/i);
  });

  it('a link within the entry (a footnote) stays in the page; an outside link opens a new tab', () => {
    const out = html('See[^1] and [docs](https://example.org).\n\n[^1]: the note');
    const footnote = /<a href="(#[^"]+)"[^>]*>1<\/a>/.exec(out);
    expect(footnote?.[0]).not.toContain('target');
    expect(out).toMatch(/<a href="https:\/\/example\.org" target="_blank" rel="noopener noreferrer nofollow">docs<\/a>/);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox)',
    '<javascript:alert(1)>',
  ])('a link %j keeps no dangerous target', (markdown) => {
    expect(html(markdown)).not.toMatch(/href="\s*(javascript|data|vbscript)/i);
  });

  it('outside links open in a new tab without referrer or opener', () => {
    expect(html('[docs](https://example.org/x)')).toBe('<p><a href="https://example.org/x" target="_blank" rel="noopener noreferrer nofollow">docs</a></p>');
  });

  it('links and images to shared/ go to the room’s file viewer; outside images become links (no tracking pixel)', () => {
    expect(html('[plan](shared/plan.md) ![p](./shared/a%20b.png)')).toBe(
      '<p><a href="/files/view?path=shared%2Fplan.md" data-shared="shared/plan.md">plan</a> <img src="/files/raw?path=shared%2Fa%20b.png" alt="p" loading="lazy"></p>',
    );
    expect(html('![pixel](https://tracker.example/p.gif)')).toBe('<p><a href="https://tracker.example/p.gif" target="_blank" rel="noopener noreferrer nofollow" class="outside-image">[image: pixel]</a></p>');
    expect(html('[up](shared/../AGENTS.md)')).toContain('target="_blank"');
  });

  it('marks mentions (the reader’s and @all apart), not inside code; reports them', () => {
    const out = renderBody('@ARIA ⚔️ and @mia, @所有人, not `@hkh` nor hkh@example.com', { members, me: 'mia' });
    expect(out.html).toBe(
      '<p><span class="mention" data-mention="aria">@ARIA ⚔️</span> and <span class="mention me" data-mention="mia">@mia</span>, <span class="mention all" data-mention="all">@所有人</span>, not <code>@hkh</code> nor <a href="mailto:hkh@example.com" target="_blank" rel="noopener noreferrer nofollow">hkh@example.com</a></p>',
    );
    expect(out.mentions).toEqual({ ids: ['aria', 'mia'], all: true });
  });

  it('an entry cannot forge the room’s own mention markup or ids', () => {
    const out = html('<span class="mention me" data-mention="hkh">@aria</span>');
    // The forged tags are text; the one real span is the room's own, around the real mention.
    expect(out).toBe('<p>&#x3C;span class="mention me" data-mention="hkh"><span class="mention" data-mention="aria">@aria</span>&#x3C;/span></p>');
  });
});
