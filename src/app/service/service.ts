import { readFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { exists } from '../../adapters/files.js';
import { shellWord } from '../../core/shell-word.js';
import { askWatcher } from '../../adapters/lock.js';
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
export async function readServiceTemplates(): Promise<Record<ServicePlatform, string>> {
  const dir = join(packageRoot(), 'templates', 'service');
  const read = (platform: ServicePlatform): Promise<string> => readFile(join(dir, TEMPLATE_FILES[platform]), 'utf8');
  const [systemd, launchd, windows] = await Promise.all([read('systemd'), read('launchd'), read('windows')]);
  return { systemd, launchd, windows };
}

/**
 * `ois service install|uninstall|status` for the clone containing `cwd`. When the service manager is
 * not reachable (no `systemctl --user` in a container, for example), nothing is changed and the
 * result carries the file and the commands to run instead.
 */
export async function runService(action: ServiceAction, cwd: string, env: Readonly<Record<string, string | undefined>>, options: ServiceOptions = {}): Promise<ServiceResult> {
  const repo = await openRepo(cwd, env);
  if (action === 'install') {
    requireIdentity(repo);
    await requireRemote(repo);
  }
  const platform = platformOf(options.platform ?? process.platform);
  const uid = process.getuid?.();
  const plan = await planFor(repo, env, platform);
  const manager: ManagerState = options.printOnly ? { available: false, reason: '--print: nothing changed' } : await probeManager(platform, env, uid);
  const base = { action, platform, name: plan.name, file: plan.file, notes: plan.notes };
  if (action === 'status') {
    const [installed, reply, state] = await Promise.all([
      exists(plan.file),
      askWatcher(repo.gitDir, 'ping', 1_000),
      manager.available ? queryState(platform, plan.name, env, uid) : Promise.resolve(undefined),
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
  if (action === 'install') await writeServiceFile(plan);
  let ran = await runCommands(commands, env);
  if (action === 'uninstall') {
    await rm(plan.file, { force: true });
    if (ran.ok) ran = await runCommands(plan.afterRemove, env);
  }
  return {
    ...base,
    mode: 'applied',
    commands: [...commands, ...(action === 'uninstall' ? plan.afterRemove : [])].map((c) => c.display),
    ...(ran.ok ? {} : { failed: { command: ran.failed ?? '', detail: ran.detail ?? '' } }),
  };
}

/** The plan for `repo` with the ois and the Node that run this process (what `ois service install` writes now). */
export async function planFor(repo: Pick<Repo, 'top' | 'stateDir'>, env: Readonly<Record<string, string | undefined>>, platform: ServicePlatform): Promise<ServicePlan> {
  const uid = process.getuid?.();
  return planService({
    platform,
    clone: repo.top,
    stateDir: repo.stateDir,
    node: process.execPath,
    cli: cliEntry(),
    home: env.HOME || homedir(),
    env,
    configDir: oisConfigDir(env),
    ...(uid === undefined ? {} : { uid }),
    templates: await readServiceTemplates(),
  });
}

export async function writeServiceFile(plan: ServicePlan): Promise<void> {
  await mkdir(dirname(plan.file), { recursive: true });
  const data = plan.encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan.content.replace(/\n/g, '\r\n'), 'utf16le')]) : plan.content;
  await writeFile(plan.file, data, { mode: 0o644 });
}
