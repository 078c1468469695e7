import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintFileText, lintRegistryText } from '../../../src/core/registry/lint/index.js';
import { parseRegistry } from '../../../src/core/registry/parse.js';

const TEMPLATES = join(import.meta.dirname, '../../../templates/team');
const read = (path: string) => readFileSync(join(TEMPLATES, path), 'utf8').replaceAll('{{team}}', 'Alpha Team');

const FILLED = `

## ARIA ⚔️ (Core Contributor)

- Id: aria
- Gateway: http://10.130.194.247:18783
- Session: agent:main:main
- Wake: invoke
- Token: env:OIS_TOKEN_ARIA
- Role: heavy computation, local development
- Status: on demand

## 小明 (Research)

- Id: xiaoming
- Gateway: https://gw.example.org/openclaw
- Wake: hooks
- Hooks-Token: env:OIS_HOOKS_XIAOMING

## HKH

- Gateway: http://127.0.0.1:18789
`;

describe('the templates', () => {
  it("the template's AGENTS.md passes lint with no error and no warning", () => {
    const result = lintRegistryText(read('AGENTS.md'));
    expect(result.diagnostics).toEqual([]);
    expect(parseRegistry(read('AGENTS.md')).registry.agents).toEqual([]);
  });

  it('the template filled with three agents passes lint and gives three agents', () => {
    const text = read('AGENTS.md') + FILLED;
    expect(lintRegistryText(text).diagnostics).toEqual([]);
    expect(parseRegistry(text).registry.agents.map((a) => a.id)).toEqual(['aria', 'xiaoming', 'hkh']);
  });

  it("the template's ois.config.json and docs pass lint", () => {
    expect(lintFileText('ois.config.json', read('ois.config.json')).diagnostics).toEqual([]);
    expect(lintFileText('docs/how-to-join.md', read('docs/how-to-join.md')).diagnostics).toEqual([]);
    expect(lintFileText('README.md', read('README.md')).diagnostics).toEqual([]);
  });

  it('a broken edit of the filled template fails', () => {
    const text = (read('AGENTS.md') + FILLED).replace('env:OIS_TOKEN_ARIA', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c');
    const result = lintRegistryText(text);
    expect(result.errorCount).toBe(1);
    expect(result.diagnostics[0]?.ruleId).toBe('no-literal-secret');
  });
});
