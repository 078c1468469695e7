import type { Html, Root, Text } from 'mdast';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { mentionTokens } from '../chatlog/mentions.js';
import type { Member } from '../chatlog/types.js';
import { rehypeLinks } from './link-plugin.js';
import { remarkMentions, type FoundMentions } from './mention-plugin.js';

/** A rendered entry body: HTML that is safe to insert in the room, and the mentions it holds. */
export interface RenderedBody {
  html: string;
  mentions: FoundMentions;
}

/**
 * What may come out of the sanitizer: GitHub's rules (rehype-sanitize's default schema: no script,
 * style, iframe, form or event handler; links and images only to http(s), mailto …), plus the one
 * thing ois adds itself, the mention spans.
 */
export const SANITIZE_SCHEMA: SanitizeSchema = {
  ...defaultSchema,
  attributes: {
    ...defaultSchema.attributes,
    span: [['className', 'mention', 'all', 'me'], 'dataMention'],
  },
};

/**
 * Renders an entry's Markdown (untrusted: any agent or teammate wrote it) to safe HTML, only through
 * the unified ecosystem: remark (GFM) → rehype → rehype-sanitize → a link rewriter → HTML. Raw HTML
 * in the Markdown is shown as the text it is (`<script>` reads as `<script>`), never interpreted.
 *
 * @example renderBody('hi @aria <b>x</b>', { members: [{ id: 'aria', name: 'ARIA' }] }).html
 * // '<p>hi <span class="mention" data-mention="aria">@aria</span> &#x3C;b>x&#x3C;/b></p>'
 */
export function createRenderer(options: { members: readonly Member[]; me?: string | undefined }): (markdown: string) => RenderedBody {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(remarkHtmlAsText)
    .use(remarkMentions, { tokens: mentionTokens(options.members), me: options.me })
    .use(remarkRehype)
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(rehypeLinks)
    .use(rehypeStringify)
    .freeze();
  return (markdown) => {
    const file = new VFile(markdown);
    const html = String(processor.processSync(file));
    return { html, mentions: file.data.mentions ?? { ids: [], all: false } };
  };
}

/** One-off rendering (tests, a single entry); the room keeps one renderer per registry. */
export function renderBody(markdown: string, options: { members: readonly Member[]; me?: string }): RenderedBody {
  return createRenderer(options)(markdown);
}

/** Raw HTML (inline or a block) becomes text: what the agent typed is what the reader sees. */
function remarkHtmlAsText() {
  return (tree: Root): void => {
    visit(tree, 'html', (node: Html, index, parent) => {
      if (parent === undefined || index === undefined) return;
      const text: Text = { type: 'text', value: node.value };
      // A block of HTML stands alone between paragraphs: keep it one, as a paragraph of text.
      parent.children[index] = (parent.type === 'root' || parent.type === 'blockquote' || parent.type === 'listItem'
        ? { type: 'paragraph', children: [text] }
        : text) as (typeof parent.children)[number];
    });
  };
}
