import type { Processes } from '../../ports/index.js';
import type { ServiceCommand, ServicePlatform } from './plan.js';

/**
 * Talking to this machine's service manager (systemd's `systemctl --user`, launchd's `launchctl`,
 * Windows' `schtasks`), only through the processes port: argument arrays, every call bounded.
 */

/** Whether this machine's service manager answers, and if not, why (for the printed note). */
export type ManagerState = { available: true } | { available: false; reason: string };

const PROBES: Record<ServicePlatform, { program: string; args: (uid?: number) => string[] }> = {
  // `show-environment` needs the user manager over D-Bus: it fails in containers and plain SSH sessions without lingering.
  systemd: { program: 'systemctl', args: () => ['--user', 'show-environment'] },
  launchd: { program: 'launchctl', args: (uid) => ['print', `gui/${uid ?? 0}`] },
  windows: { program: 'schtasks', args: () => ['/Query', '/FO', 'CSV', '/NH'] },
};

/** Asks the service manager something harmless, bounded by 5 s. */
export async function probeManager(processes: Processes, platform: ServicePlatform, env: Readonly<Record<string, string | undefined>>, uid?: number): Promise<ManagerState> {
  const probe = PROBES[platform];
  const result = await processes.run(probe.program, probe.args(uid), { timeoutMs: 5_000, env });
  if (result.code === 0) return { available: true };
  if (result.startError === 'ENOENT') return { available: false, reason: `${probe.program} is not installed` };
  const said = (result.stderr || result.stdout).trim().split('\n')[0] ?? '';
  return { available: false, reason: `\`${[probe.program, ...probe.args(uid)].join(' ')}\` failed${said ? `: ${said}` : ''}` };
}

/** Runs the plan's commands in order; stops at the first failure that is not allowed to fail. */
export async function runCommands(processes: Processes, commands: readonly ServiceCommand[], env: Readonly<Record<string, string | undefined>>): Promise<{ ok: boolean; failed?: string; detail?: string }> {
  for (const command of commands) {
    const result = await processes.run(command.program, command.args, { timeoutMs: 30_000, env });
    if (result.code !== 0 && !command.mayFail) {
      return { ok: false, failed: command.display, detail: (result.stderr || result.stdout || result.startError || '').trim().split('\n').slice(-2).join(' ') };
    }
  }
  return { ok: true };
}

/** What the service manager says about the unit: `active`, `inactive`, `failed` … or undefined. */
export async function queryState(processes: Processes, platform: ServicePlatform, name: string, env: Readonly<Record<string, string | undefined>>, uid?: number): Promise<{ active?: string; enabled?: string }> {
  switch (platform) {
    case 'systemd': {
      const [active, enabled] = await Promise.all([
        processes.run('systemctl', ['--user', 'is-active', `${name}.service`], { timeoutMs: 5_000, env }),
        processes.run('systemctl', ['--user', 'is-enabled', `${name}.service`], { timeoutMs: 5_000, env }),
      ]);
      return { active: active.stdout.trim() || 'unknown', enabled: enabled.stdout.trim() || 'unknown' };
    }
    case 'launchd': {
      const result = await processes.run('launchctl', ['print', `gui/${uid ?? 0}/${name}`], { timeoutMs: 5_000, env });
      if (result.code !== 0) return { active: 'not loaded' };
      return { active: /state = (\w+)/.exec(result.stdout)?.[1] ?? 'loaded', enabled: 'loaded' };
    }
    case 'windows': {
      const result = await processes.run('schtasks', ['/Query', '/TN', name, '/FO', 'LIST'], { timeoutMs: 5_000, env });
      if (result.code !== 0) return { active: 'not registered' };
      return { active: /Status:\s*(.+)/.exec(result.stdout)?.[1]?.trim() ?? 'registered', enabled: 'registered' };
    }
  }
}
