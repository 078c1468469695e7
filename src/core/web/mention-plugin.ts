import type { Emphasis, Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { SKIP, visit } from 'unist-util-visit';
import { mentionSpans, type Token } from '../chatlog/mentions.js';

/** What the mention plugin leaves in `file.data.mentions`: the ids found (lower case) and `@all`. */
export interface FoundMentions {
  ids: string[];
  all: boolean;
}

export interface MentionOptions {
  tokens: readonly Token[];
  /** The id of the person reading (their mentions get the class `me`). */
  me?: string | undefined;
}

/**
 * A remark plugin: each mention in a text node becomes `<span class="mention" data-mention="id">@…</span>`
 * (`mention me` for the reader, `mention all` for `@all`). Only text nodes are searched, as
 * findMentions does: code, HTML and link targets never hold a mention. The text is kept as written.
 *
 * @example unified().use(remarkParse).use(remarkMentions, { tokens: mentionTokens(members), me: 'mia' })
 */
export function remarkMentions(options: MentionOptions) {
  return (tree: Root, file: VFile): void => {
    const found: FoundMentions = { ids: [], all: false };
    visit(tree, 'text', (node: Text, index, parent) => {
      if (parent === undefined || index === undefined) return undefined;
      const spans = mentionSpans(node.value, options.tokens);
      if (spans.length === 0) return undefined;
      const parts: Array<Text | Emphasis> = [];
      let at = 0;
      for (const span of spans) {
        if (span.start > at) parts.push({ type: 'text', value: node.value.slice(at, span.start) });
        parts.push(mentionNode(node.value.slice(span.start, span.end), span.id, options.me));
        if (span.id === '*') found.all = true;
        else if (!found.ids.includes(span.id)) found.ids.push(span.id);
        at = span.end;
      }
      if (at < node.value.length) parts.push({ type: 'text', value: node.value.slice(at) });
      parent.children.splice(index, 1, ...parts);
      return [SKIP, index + parts.length];
    });
    file.data.mentions = found;
  };
}

/** An emphasis node turned into a span by its `data` (mdast-util-to-hast honours hName and hProperties). */
function mentionNode(text: string, id: string, me: string | undefined): Emphasis {
  const className = ['mention', ...(id === '*' ? ['all'] : []), ...(me !== undefined && id === me.toLowerCase() ? ['me'] : [])];
  return {
    type: 'emphasis',
    children: [{ type: 'text', value: text }],
    data: { hName: 'span', hProperties: { className, dataMention: id === '*' ? 'all' : id } },
  };
}

declare module 'vfile' {
  interface DataMap {
    mentions: FoundMentions;
  }
}
