/**
 * `ois service install|uninstall|status`: the plan (plan.ts) applied through the ports; without a
 * reachable service manager nothing changes and the file and commands are returned instead.
 */
import { dirname, join } from 'node:path';
import { shellWord } from '../../core/shell-word.js';
import type { Files, Ports } from '../../ports/index.js';
import { openRepo, requireIdentity, requireRemote, type Repo } from '../clone/repo.js';
import { oisConfigDir } from '../secrets/config-dir.js';
import { cliEntry, packageRoot } from '../setup/package-paths.js';
import { probeManager, queryState, runCommands, type ManagerState } from './manager.js';
import { planService, platformOf, type ServicePlan, type ServicePlatform } from './plan.js';

export type ServiceAction = 'install' | 'uninstall' | 'status';

export interface ServiceResult {
  action: ServiceAction;
  platform: ServicePlatform;
  name: string;
  file: string;
  /** `applied`: the manager ran the commands; `manual`: the manager is missing, here is what to do. */
  mode: 'applied' | 'manual';
  /** Why the manual mode (the manager's own words). */
  managerNote?: string;
  /** The file's text, in manual mode of install (so it can be copied). */
  content?: string;
  /** The commands to run by hand (manual mode), or that were run. */
  commands: string[];
  notes: string[];
  /** status: whether the file is in place, what the manager says, and whether a watcher answers. */
  installed?: boolean;
  state?: { active?: string; enabled?: string };
  watcherRunning?: boolean;
  /** Set when a command the manager ran failed. */
  failed?: { command: string; detail: string };
}

export interface ServiceOptions {
  /** Never touch the service manager: print the file and the commands. */
  printOnly?: boolean;
  platform?: NodeJS.Platform;
}

const TEMPLATE_FILES: Record<ServicePlatform, string> = { systemd: 'ois-watch.service', launchd: 'ois-watch.plist', windows: 'ois-watch.xml' };

/** Reads the three templates shipped in `templates/service/`. */
export async function readServiceTemplates(files: Files): Promise<Record<ServicePlatform, string>> {
  const dir = join(packageRoot(), 'templates', 'service');
  const read = (platform: ServicePlatform): Promise<string> => files.readText(join(dir, TEMPLATE_FILES[platform]));
  const [systemd, launchd, windows] = await Promise.all([read('systemd'), read('launchd'), read('windows')]);
  return { systemd, launchd, windows };
}

/**
 * `ois service install|uninstall|status` for the clone containing `cwd`. When the service manager is
 * not reachable (no `systemctl --user` in a container, for example), nothing is changed and the
 * result carries the file and the commands to run instead. Files, the service manager (processes)
 * and the watcher's socket all go through `ports`.
 */
export async function runService(action: ServiceAction, cwd: string, ports: Ports, options: ServiceOptions = {}): Promise<ServiceResult> {
  const { env, uid } = ports.system;
  const { files, processes } = ports;
  const repo = await openRepo(cwd, ports);
  if (action === 'install') {
    requireIdentity(repo);
    await requireRemote(repo);
  }
  const platform = platformOf(options.platform ?? ports.system.platform);
  const plan = await planFor(repo, ports, platform);
  const manager: ManagerState = options.printOnly ? { available: false, reason: '--print: nothing changed' } : await probeManager(processes, platform, env, uid);
  const base = { action, platform, name: plan.name, file: plan.file, notes: plan.notes };
  if (action === 'status') {
    const [installed, reply, state] = await Promise.all([
      files.exists(plan.file),
      ports.locks.askClone(repo.gitDir, 'ping', 1_000),
      manager.available ? queryState(processes, platform, plan.name, env, uid) : Promise.resolve(undefined),
    ]);
    return {
      ...base,
      mode: manager.available ? 'applied' : 'manual',
      ...(manager.available ? {} : { managerNote: manager.reason }),
      commands: [],
      installed,
      ...(state ? { state } : {}),
      watcherRunning: reply !== undefined,
    };
  }
  const commands = action === 'install' ? plan.install : plan.uninstall;
  if (!manager.available) {
    return {
      ...base,
      mode: 'manual',
      managerNote: manager.reason,
      ...(action === 'install' ? { content: plan.content } : {}),
      commands: [
        ...commands.map((c) => c.display),
        ...(action === 'uninstall' ? [platform === 'windows' ? `del "${plan.file}"` : `rm ${shellWord(plan.file)}`, ...plan.afterRemove.map((c) => c.display)] : []),
      ],
    };
  }
  if (action === 'install') await writeServiceFile(files, plan);
  let ran = await runCommands(processes, commands, env);
  if (action === 'uninstall') {
    await files.remove(plan.file);
    if (ran.ok) ran = await runCommands(processes, plan.afterRemove, env);
  }
  return {
    ...base,
    mode: 'applied',
    commands: [...commands, ...(action === 'uninstall' ? plan.afterRemove : [])].map((c) => c.display),
    ...(ran.ok ? {} : { failed: { command: ran.failed ?? '', detail: ran.detail ?? '' } }),
  };
}

/** The plan for `repo` with the ois and the Node that run this process (what `ois service install` writes now). */
export async function planFor(repo: Pick<Repo, 'top' | 'stateDir'>, ports: Pick<Ports, 'files' | 'system'>, platform: ServicePlatform): Promise<ServicePlan> {
  const { env, uid, execPath } = ports.system;
  return planService({
    platform,
    clone: repo.top,
    stateDir: repo.stateDir,
    node: execPath,
    cli: cliEntry(),
    home: env.HOME || ports.system.home,
    env,
    configDir: oisConfigDir(ports.system),
    ...(uid === undefined ? {} : { uid }),
    templates: await readServiceTemplates(ports.files),
  });
}

/** Writes the service file (UTF-16 with a byte-order mark on Windows), mode 0644, its folder made. */
export async function writeServiceFile(files: Files, plan: ServicePlan): Promise<void> {
  await files.mkdir(dirname(plan.file));
  const data = plan.encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan.content.replace(/\n/g, '\r\n'), 'utf16le')]) : plan.content;
  await files.writeAtomic(plan.file, data);
}
