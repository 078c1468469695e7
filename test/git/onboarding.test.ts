import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { joinTeam } from '../../src/app/setup/join.js';
import { compareLink } from '../../src/core/registry/compare-link.js';
import { lintRegistryText } from '../../src/core/registry/lint/index.js';
import { git, teamSandbox, type Sandbox } from '../helpers/git-repos.js';

let box: Sandbox;
beforeEach(async () => {
  box = await teamSandbox();
});
afterEach(async () => {
  await box.cleanup();
});

describe('onboarding by pull request', () => {
  it('a new id: writes the section on join/<id>, pushes only that branch, and returns to main', async () => {
    const mainBefore = (await git(box.bare, ['rev-parse', 'main'], box.env)).trim();
    const result = await joinTeam({
      remote: box.remote,
      dir: join(box.root, 'nova'),
      identity: { id: 'nova', name: 'Nova 🌟', gateway: 'http://127.0.0.1:18790' },
      cwd: box.root,
      env: box.env,
    });
    expect(result.onboarding).toEqual({ kind: 'pushed', branch: 'join/nova' });
    expect((await git(box.bare, ['rev-parse', 'main'], box.env)).trim()).toBe(mainBefore);
    const section = await git(box.bare, ['show', 'join/nova:AGENTS.md'], box.env);
    expect(section).toContain('## Nova 🌟\n\n- Id: nova\n- Gateway: http://127.0.0.1:18790');
    expect(lintRegistryText(section).errorCount).toBe(0);
    const author = await git(box.bare, ['log', '-1', '--format=%an <%ae>', 'join/nova'], box.env);
    expect(author.trim()).toBe('Nova 🌟 <nova@ois.invalid>');
    expect((await git(result.top, ['symbolic-ref', 'HEAD'], box.env)).trim()).toBe('refs/heads/main');
    expect(await readFile(join(result.top, 'AGENTS.md'), 'utf8')).not.toContain('- Id: nova');
  });

  it('an id already in AGENTS.md: no branch', async () => {
    await joinTeam({ remote: box.remote, dir: join(box.root, 'nova'), identity: { id: 'nova', name: 'Nova', gateway: 'http://127.0.0.1:18790' }, cwd: box.root, env: box.env });
    await git(box.bare, ['update-ref', 'refs/heads/main', 'join/nova'], box.env); // the PR is merged
    const again = await joinTeam({ remote: box.remote, dir: join(box.root, 'nova2'), identity: { id: 'nova', name: 'Nova', gateway: 'http://127.0.0.1:18790' }, cwd: box.root, env: box.env });
    expect(again.onboarding).toBeUndefined();
  });

  it('compare links for GitHub, GitLab and Gitea remotes; none for local ones', () => {
    expect(compareLink('git@github.com:acme/ois.git', 'join/aria', 'main')?.url).toBe('https://github.com/acme/ois/compare/main...join/aria?expand=1');
    expect(compareLink('https://gitlab.com/acme/team/ois.git', 'join/aria', 'main')?.url).toBe(
      'https://gitlab.com/acme/team/ois/-/merge_requests/new?merge_request%5Bsource_branch%5D=join%2Faria&merge_request%5Btarget_branch%5D=main',
    );
    expect(compareLink('ssh://git@gitea.example.org:2222/acme/ois.git', 'join/aria', 'main')?.url).toBe('https://gitea.example.org/acme/ois/compare/main...join/aria');
    expect(compareLink('/srv/git/ois.git', 'join/aria', 'main')).toBeUndefined();
    expect(compareLink('file:///srv/git/ois.git', 'join/aria', 'main')).toBeUndefined();
  });
});
