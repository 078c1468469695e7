import type { Files, Ports } from '../../ports/index.js';
import { probeManager, runCommands } from './manager.js';
import { platformOf, type ServiceCommand, type ServicePlan, type ServicePlatform } from './plan.js';
import { planFor, writeServiceFile } from './service.js';
import type { Repo } from '../clone/repo.js';
import { cliEntry } from '../setup/package-paths.js';

/** What `ois doctor` found (and did) about this clone's service file. */
export type ServiceFileState =
  | { state: 'current'; file: string }
  /** The file named another ois or Node: rewritten, and the service manager reloaded and restarted it. */
  | { state: 'repaired'; file: string; commands: string[] }
  /** Rewritten, but the service manager cannot be reached from here: run these. */
  | { state: 'rewritten'; file: string; commands: string[]; reason: string }
  | { state: 'failed'; file: string; command: string; detail: string };

/**
 * When this clone has a service file (`ois service install`) that runs another ois or another Node
 * than the ones running now (ois reinstalled elsewhere, Node upgraded, the old ones deleted), rewrites
 * it as `ois service install` would and has the service manager reload and restart it. Returns
 * undefined when no service file exists. A file that already runs this ois and Node is left alone,
 * whatever else differs in it. The file goes through the files port, the manager through the
 * processes port.
 */
export async function repairServiceFile(repo: Pick<Repo, 'top' | 'stateDir'>, ports: Ports, platform: ServicePlatform = platformOf(ports.system.platform)): Promise<ServiceFileState | undefined> {
  const { env, execPath, uid } = ports.system;
  const plan = await planFor(repo, ports, platform);
  const text = await readServiceFile(ports.files, plan);
  if (text === undefined) return undefined;
  // The paths are compared as written: none of the templates escapes an ordinary path.
  if (text.includes(execPath) && text.includes(cliEntry())) return { state: 'current', file: plan.file };
  await writeServiceFile(ports.files, plan);
  const commands = restartCommands(plan);
  const manager = await probeManager(ports.processes, platform, env, uid);
  if (!manager.available) return { state: 'rewritten', file: plan.file, commands: commands.map((c) => c.display), reason: manager.reason };
  const ran = await runCommands(ports.processes, commands, env);
  if (!ran.ok) return { state: 'failed', file: plan.file, command: ran.failed ?? '', detail: ran.detail ?? '' };
  return { state: 'repaired', file: plan.file, commands: commands.map((c) => c.display) };
}

async function readServiceFile(files: Files, plan: ServicePlan): Promise<string | undefined> {
  let data: Buffer;
  try {
    data = Buffer.from(await files.readBytes(plan.file));
  } catch {
    return undefined;
  }
  return plan.encoding === 'utf16le' ? data.toString('utf16le').replace(/^\uFEFF/, '') : data.toString('utf8');
}

/** systemd: reload, clear a start-limit lockout, restart; launchd and Windows: load the file again (what install does). */
function restartCommands(plan: ServicePlan): ServiceCommand[] {
  if (plan.platform !== 'systemd') return plan.install;
  const unit = `${plan.name}.service`;
  const command = (args: string[], mayFail = false): ServiceCommand => ({ program: 'systemctl', args: ['--user', ...args], display: `systemctl --user ${args.join(' ')}`, ...(mayFail ? { mayFail } : {}) });
  return [command(['daemon-reload']), command(['reset-failed', unit], true), command(['restart', unit])];
}
