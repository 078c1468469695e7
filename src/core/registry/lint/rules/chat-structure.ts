import { parseChatLog } from '../../../chatlog/parse.js';
import type { Rule } from '../types.js';

const ENTRY = '## 14:32 - ARIA ⚔️\n\nDelegated batch-001 to @HKH.\n\n---\n';

/** A chat log is a `# title`, then entries `## HH:MM - Name`, body, `---` (see docs/agents-format.md). */
export const chatStructure: Rule = {
  id: 'chat-structure',
  severity: 'error',
  appliesTo: ['chat'],
  rationale:
    'ois finds entries by their `## HH:MM - Name` heading and closing `---` line: it merges day files entry by ' +
    'entry, wakes the agents mentioned in new entries, and shows them in `ois log`. A malformed heading or a ' +
    'missing `---` makes an entry run into the next one, so a merge or a wake can treat two messages as one. ' +
    'The checks are those of the chat log parser (src/core/chatlog/parse.ts), plus the file name.',
  examples: {
    valid: [`# 2026-11-23 Chat Log\n\n${ENTRY}\n## 14:40 - HKH\n\nOn it.\n\n---\n`],
    invalid: [
      { text: '# 2026-11-23 Chat Log\n\n## 25:10 - ARIA\n\nhi\n\n---\n', output: ['3:1-3:16: bad time "25:10" in entry heading: expected HH:MM from 00:00 to 23:59 (bad-time)'] },
      { text: '# 2026-11-23 Chat Log\n\n## 14:32 - ARIA\n\nhi\n\n## 14:33 - HKH\n\nyo\n\n---\n', output: ['3:1-3:16: entry "## 14:32 - ARIA" has no closing `---` line (missing-rule)'] },
      { text: '# 2026-11-23 Chat Log\n\n## 1432 - ARIA\n\nhi\n\n---\n', output: ['3:1-3:15: malformed heading: an entry heading is `## HH:MM - Name`, e.g. `## 14:32 - ARIA` (bad-heading)'] },
    ],
  },
  check(ctx) {
    const base = ctx.file.split('/').at(-1) ?? '';
    if (base.endsWith('.md') && !/^\d{4}-\d{2}-\d{2}\.md$/.test(base)) {
      ctx.report('a chat log is named chat/YYYY-MM-DD.md (one file per UTC day)');
    }
    for (const problem of parseChatLog(ctx.text).problems) {
      ctx.report(`${problem.message} (${problem.code})`, problem.position);
    }
  },
};
