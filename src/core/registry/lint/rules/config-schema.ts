import { validateTeamConfig } from '../../../config/validate.js';
import type { Rule } from '../types.js';

/** `ois.config.json` is valid JSON and matches the team config schema (src/core/config/team.ts). */
export const configSchema: Rule = {
  id: 'config-schema',
  severity: 'error',
  appliesTo: ['config'],
  rationale:
    'Every clone reads ois.config.json at start; an invalid file stops every member\'s ois with a setup error. ' +
    'Unknown keys are errors too, so that a typo (`pollIntervalMS`) cannot silently fall back to a default.',
  examples: {
    valid: ['{}\n', '{ "team": "alpha", "branch": "main", "wake": { "mode": "all" } }\n'],
    invalid: [
      { text: '{ "branch": "main", }\n', output: ['1:21: (root): not valid JSON: Expected double-quoted property name in JSON at position 20 (line 1 column 21)'] },
      { text: '{ "sync": { "pollIntervalMS": 500 } }\n', output: ['1:13: sync.pollIntervalMS: unknown setting "pollIntervalMS"'] },
      { text: '{ "wake": { "mode": "sometimes" } }\n', output: ['1:13: wake.mode: Invalid option: expected one of "mentions"|"all"|"none"'] },
    ],
  },
  check(ctx) {
    const result = validateTeamConfig(ctx.text);
    if (result.ok) return;
    for (const issue of result.issues) {
      const point = { line: issue.line ?? 1, column: issue.column ?? 1 };
      ctx.report(`${issue.path}: ${issue.message}`, point);
    }
  },
};
