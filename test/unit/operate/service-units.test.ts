import { testPorts } from '../../../harness/ports.js';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planService, serviceName, type PlanInput, type ServicePlatform } from '../../../src/app/service/plan.js';
import { readServiceTemplates } from '../../../src/app/service/service.js';

const exec = promisify(execFile);
const TOKEN = 'tok-secret-0123456789abcdef';
let root: string;
let templates: Record<ServicePlatform, string>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ois-service-'));
  templates = await readServiceTemplates(testPorts({}).files);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function input(platform: ServicePlatform, clone = join(root, 'acme team'), extra: Partial<PlanInput> = {}): PlanInput {
  return {
    platform,
    clone,
    stateDir: join(clone, '.git', 'ois'),
    node: process.execPath,
    cli: join(root, 'ois', 'dist', 'cli', 'bin.js'),
    home: '/home/aria',
    // A token in the environment must never reach a service file.
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', USER: 'aria', OIS_TOKEN_BOB: TOKEN },
    configDir: '/home/aria/.config/ois',
    uid: 1000,
    templates,
    ...extra,
  };
}

describe('service files (pure renderers)', () => {
  it('names one service per clone, stable, from the path', () => {
    expect(serviceName('/srv/a/acme')).toMatch(/^ois-watch-acme-[0-9a-f]{10}$/);
    expect(serviceName('/srv/a/acme')).toBe(serviceName('/srv/a/acme'));
    expect(serviceName('/srv/b/acme')).not.toBe(serviceName('/srv/a/acme'));
  });

  it('systemd: user unit with restart back-off, mixed kill mode, optional env file, no token', () => {
    const plan = planService(input('systemd'));
    expect(plan.file).toBe(`/home/aria/.config/systemd/user/${plan.name}.service`);
    for (const line of ['Restart=on-failure', 'RestartSec=10', 'StartLimitIntervalSec=600', 'StartLimitBurst=10', 'KillMode=mixed', 'EnvironmentFile=-%h/.config/ois/env', 'WantedBy=default.target']) {
      expect(plan.content).toContain(line);
    }
    expect(plan.content).toContain(`ExecStart=${process.execPath} --max-semi-space-size=1 ${join(root, 'ois', 'dist', 'cli', 'bin.js')} watch --log-format json`);
    expect(plan.content).toContain(`WorkingDirectory=${join(root, 'acme team')}`);
    expect(plan.content).not.toContain(TOKEN);
    expect(plan.install.map((c) => c.display)).toEqual(['systemctl --user daemon-reload', `systemctl --user enable --now ${plan.name}.service`]);
    // % and $ are systemd specifiers/variables: escaped.
    const odd = planService(input('systemd', join(root, '100%$x'), { env: { OIS_CONFIG_DIR: '/tmp/c f' }, configDir: '/tmp/c f' }));
    expect(odd.content).toContain('100%%$$x');
    expect(odd.content).toContain('Environment="OIS_CONFIG_DIR=/tmp/c f"');
    expect(odd.content).toContain('EnvironmentFile=-/tmp/c f/env');
  });

  it('launchd: agent restarted unless it exited cleanly, XML-escaped, no token', () => {
    const plan = planService(input('launchd', join(root, 'a&b')));
    expect(plan.file).toMatch(/^\/home\/aria\/Library\/LaunchAgents\/ois\.watch\.a-b-[0-9a-f]{10}\.plist$/);
    expect(plan.content).toContain('<key>SuccessfulExit</key>\n    <false/>');
    expect(plan.content).toContain('<key>ThrottleInterval</key>\n  <integer>10</integer>');
    expect(plan.content).toContain(`<string>${join(root, 'a&amp;b')}</string>`);
    expect(plan.content).toContain('<string>/usr/local/bin:/usr/bin:/bin</string>');
    expect(plan.content).not.toContain(TOKEN);
    expect(plan.install.at(-1)?.display).toBe(`launchctl bootstrap gui/1000 ${plan.file}`);
  });

  it('windows: a logon task restarted on failure, UTF-16, quoted arguments, no token', () => {
    const plan = planService(input('windows', 'C:\\Users\\Aria\\acme team', { env: { USERDOMAIN: 'WS', USERNAME: 'aria', OIS_TOKEN_BOB: TOKEN }, stateDir: 'C:\\Users\\Aria\\acme team\\.git\\ois', cli: 'C:\\Program Files\\ois\\dist\\cli\\bin.js' }));
    expect(plan.encoding).toBe('utf16le');
    expect(plan.content).toContain('<RestartOnFailure>\n      <Interval>PT1M</Interval>');
    expect(plan.content).toContain('<UserId>WS\\aria</UserId>');
    expect(plan.content).toContain('<Arguments>--max-semi-space-size=1 &quot;C:\\Program Files\\ois\\dist\\cli\\bin.js&quot; watch --log-format json</Arguments>');
    expect(plan.content).toContain('<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>');
    expect(plan.content).not.toContain(TOKEN);
    expect(plan.install[0]?.display).toBe(`schtasks /Create /TN \\ois\\${serviceName('C:\\Users\\Aria\\acme team')} /XML "C:\\Users\\Aria\\acme team\\.git\\ois\\${serviceName('C:\\Users\\Aria\\acme team')}.xml" /F`);
  });

  const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((path) => existsSync(path));
  it.skipIf(process.platform !== 'linux' || analyze === undefined)(
    `systemd-analyze verify accepts the unit${analyze === undefined ? ' (SKIPPED: systemd-analyze not installed; apt-get install systemd provides it)' : ''}`,
    async () => {
      const clone = join(root, 'verify clone');
      await mkdir(clone, { recursive: true });
      const plan = planService(input('systemd', clone, { cli: join(root, 'bin.js') }));
      await writeFile(join(root, 'bin.js'), '');
      const file = join(root, `${plan.name}.service`);
      await writeFile(file, plan.content);
      const runtime = join(root, 'runtime');
      await mkdir(runtime, { recursive: true, mode: 0o700 });
      const env = { ...process.env, XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_LEVEL: 'warning' };
      let stderr: string;
      try {
        ({ stderr } = await exec(analyze!, ['--user', 'verify', file], { env, timeout: 60_000 }));
      } catch (error) {
        // No user manager can start here (no runtime dir or bus): verify in system mode, which checks the same syntax.
        if (!/initialize manager|RuntimeDirectory/i.test(String((error as { stderr?: string }).stderr))) throw error;
        ({ stderr } = await exec(analyze!, ['verify', file], { env, timeout: 60_000 }));
      }
      expect(stderr.split('\n').filter((line) => line.includes(plan.name))).toEqual([]);
    },
    90_000,
  );
});
