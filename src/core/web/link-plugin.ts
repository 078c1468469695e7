import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { sharedPathOf } from './paths.js';

/**
 * A rehype plugin, run after the sanitizer: links to files under `shared/` open them in the room's
 * file viewer; a link within the entry (`#…`, e.g. a footnote) stays in the page; other links open in a new tab with no referrer and no access to this page; images are
 * shown only from the clone's `shared/` (an outside image would tell its server who reads the room),
 * others become a plain link.
 *
 * @example unified().use(…).use(rehypeSanitize, schema).use(rehypeLinks)
 */
export function rehypeLinks() {
  return (tree: Root): void => {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName === 'a' && typeof node.properties.href === 'string') {
        const shared = sharedPathOf(node.properties.href);
        if (shared !== undefined) {
          node.properties.href = `/files/view?path=${encodeURIComponent(shared)}`;
          node.properties.dataShared = shared;
        } else if (!node.properties.href.startsWith('#')) {
          node.properties.target = '_blank';
          node.properties.rel = ['noopener', 'noreferrer', 'nofollow'];
        }
      }
      if (node.tagName === 'img' && parent !== undefined && index !== undefined) {
        const src = typeof node.properties.src === 'string' ? node.properties.src : '';
        const shared = sharedPathOf(src);
        if (shared !== undefined) {
          node.properties.src = `/files/raw?path=${encodeURIComponent(shared)}`;
          node.properties.loading = 'lazy';
          return;
        }
        parent.children[index] = outsideImage(src, typeof node.properties.alt === 'string' ? node.properties.alt : '');
      }
    });
  };
}

function outsideImage(src: string, alt: string): ElementContent {
  const label = `image: ${alt || src || '(no address)'}`;
  if (src === '') return { type: 'text', value: `[${label}]` };
  return {
    type: 'element',
    tagName: 'a',
    properties: { href: src, target: '_blank', rel: ['noopener', 'noreferrer', 'nofollow'], className: ['outside-image'] },
    children: [{ type: 'text', value: `[${label}]` }],
  };
}
