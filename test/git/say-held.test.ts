import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { entryKeys, remoteText } from '../helpers/chat-history.js';
import { fakeIO } from '../helpers/fake-io.js';
import { joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

/** Issue 13, case 6: `ois say` with a held-back entry in the day file, and a secret in the message itself. */
let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

async function say(dir: string, args: string[]) {
  const fake = fakeIO(dir, box.env);
  const code = await runCli(['say', ...args], fake.io);
  return { code, stdout: fake.stdout(), stderr: fake.stderr() };
}

const today = () => new Date().toISOString().slice(0, 10);
const LEAK = `Bearer ${'Zq3xW'.repeat(6)}`;

describe('ois say and entries held back', () => {
  it('pushes its own entry past an earlier one held back, and tells the agent which entry, where and what to do', async () => {
    const aria = await joinAs(box, 'aria');
    const file = `chat/${today()}.md`;
    await writeFile(join(aria, file), `# ${today()} Chat Log\n\n## 00:00 - ARIA\n\nfine\n\n---\n\n## 00:01 - ARIA\n\ncurl -H "Authorization: ${LEAK}"\n\n---\n`);
    const result = await say(aria, ['the', 'next', 'message']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/synced/);
    expect(result.stderr).toMatch(new RegExp(`ois: ${file}:11:\\d+: "## 00:01 - ARIA" held back: a Bearer credential looks like a literal secret: remove it`));
    expect(result.stderr).not.toContain('Zq3xWZq3xW');
    expect(entryKeys(await remoteText(box, file)).slice(0, 1)).toEqual(['fine']);
    expect((await remoteText(box, file))).toContain('the next message');
    expect(await remoteText(box, file)).not.toContain(LEAK);
    const json = await say(aria, ['--json', 'and one more']);
    expect(JSON.parse(json.stdout).notices).toMatchObject([{ kind: 'held', path: file, line: 11, heading: '## 00:01 - ARIA' }]);
  });

  it('refuses a message that holds a literal secret: exit 2, nothing written', async () => {
    const aria = await joinAs(box, 'aria');
    const result = await say(aria, ['use', LEAK]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/looks like a literal secret \(.*\): nothing was written|line 1, column \d+\) that looks like a literal secret: nothing was written/);
    expect(result.stderr).not.toContain('Zq3xWZq3xW');
    expect(await readFile(join(aria, `chat/${today()}.md`), 'utf8').catch(() => 'none')).toBe('none');
  });
});
