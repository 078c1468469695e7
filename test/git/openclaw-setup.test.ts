import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { EXIT } from '../../src/core/errors.js';
import { fakeIO } from '../helpers/fake-io.js';
import { joinAs, teamSandbox, type Sandbox } from '../../harness/git-repos.js';

// What `ois openclaw setup` and `ois join` do when OpenClaw cannot be used. With the real OpenClaw,
// everything else is tested against two real Gateways in test/openclaw/gateways.test.ts.

let box: Sandbox | undefined;
afterEach(async () => {
  await box?.cleanup();
  box = undefined;
});

async function cli(cwd: string, args: string[], env: Record<string, string>) {
  const fake = fakeIO(cwd, env);
  const code = await runCli(args, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

/** An `openclaw` that says it is an old version (and would fail anything else). */
async function oldOpenClaw(dir: string): Promise<string> {
  const path = join(dir, 'openclaw');
  await writeFile(path, '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "OpenClaw 2026.1.0 (abc1234)"; exit 0; fi\necho "unexpected: $*" >&2\nexit 1\n');
  await chmod(path, 0o755);
  return path;
}

describe('ois openclaw setup without a usable OpenClaw', () => {
  it('no OpenClaw on PATH: exit 3, the reason and the manual steps; with --dry-run also the skill, and nothing is changed', async () => {
    box = await teamSandbox('acme');
    const dir = await joinAs(box, 'aria');
    const env = { ...box.env, PATH: '/usr/bin:/bin' };
    const result = await cli(dir, ['openclaw', 'setup'], env);
    expect(result.code).toBe(EXIT.setup);
    expect(result.err).toContain('ois: OpenClaw is not installed on this machine');
    expect(result.err).toContain('1. Install OpenClaw 2026.9.6 or newer');
    expect(result.err).toContain('ois token set aria --hooks');
    expect(result.out).not.toContain('name: ois');
    const dry = await cli(dir, ['openclaw', 'setup', '--dry-run', '--wake', 'invoke'], env);
    expect(dry.code).toBe(EXIT.setup);
    expect(dry.out).toContain('wake mode invoke (--wake)');
    expect(dry.out).toContain('---- skills/ois/SKILL.md ----\n---\nname: ois');
    expect(dry.err).toContain('gateway.tools.allow');
    expect((await cli(dir, ['openclaw', 'setup', '--wake', 'sometimes'], env)).code).toBe(EXIT.usage);
  });

  it('an OpenClaw older than 2026.9.6 is refused with the same steps, before any change', async () => {
    box = await teamSandbox('acme');
    const dir = await joinAs(box, 'aria');
    const openclaw = await oldOpenClaw(box.root);
    const result = await cli(dir, ['openclaw', 'setup', '--openclaw', openclaw], box.env);
    expect(result.code).toBe(EXIT.setup);
    expect(result.err).toContain('OpenClaw 2026.1.0 is older than 2026.9.6, the oldest ois knows to work');
  });

  it('ois join runs the setup when OpenClaw is here (and the join stands even when the setup cannot be done); --no-openclaw skips it', async () => {
    box = await teamSandbox('acme');
    const openclaw = await oldOpenClaw(box.root);
    const env = { ...box.env, OIS_OPENCLAW: openclaw };
    const joined = await cli(box.root, ['join', box.remote, 'aria', '--id', 'aria', '--gateway', 'http://127.0.0.1:18789'], env);
    expect(joined.code).toBe(EXIT.ok);
    expect(joined.out).toContain('OpenClaw found: installing the ois skill');
    expect(joined.err).toContain('older than 2026.9.6');
    expect(joined.err).toContain('the join is done');
    expect(joined.out).toContain('Next: cd');
    const skipped = await cli(box.root, ['join', box.remote, 'bob', '--id', 'bob', '--no-openclaw'], env);
    expect(skipped.code).toBe(EXIT.ok);
    expect(skipped.out + skipped.err).not.toMatch(/OpenClaw/);
    const none = await cli(box.root, ['join', box.remote, 'cleo', '--id', 'cleo'], { ...box.env, PATH: '/usr/bin:/bin' });
    expect(none.out).toContain('OpenClaw is not on this machine');
  });
});
