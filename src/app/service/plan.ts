import { createHash } from 'node:crypto';
import { posix, win32 } from 'node:path';
import { shellWord } from '../../core/shell-word.js';
import { renderLaunchd, renderSystemd, renderWindowsTask, windowsArg, type ServiceValues } from './render.js';

export type ServicePlatform = 'systemd' | 'launchd' | 'windows';

/** A command to run, as data (never through a shell); `display` is what the user would type. */
export interface ServiceCommand {
  program: string;
  args: string[];
  display: string;
  /** Failure is expected and harmless (stopping what is not running). */
  mayFail?: boolean;
}

/** Everything `ois service` does on one platform, decided without touching the system. */
export interface ServicePlan {
  platform: ServicePlatform;
  name: string;
  /** Where the service file goes. */
  file: string;
  content: string;
  /** Windows: the file is UTF-16 (schtasks reads it so); elsewhere UTF-8. */
  encoding: 'utf8' | 'utf16le';
  install: ServiceCommand[];
  uninstall: ServiceCommand[];
  /** Run after the file is removed on uninstall (systemd forgets the unit). */
  afterRemove: ServiceCommand[];
  /** Extra advice printed after installing (lingering, login items …). */
  notes: string[];
}

export interface PlanInput {
  platform: ServicePlatform;
  /** The clone's top folder (absolute). */
  clone: string;
  /** `.git/ois` of the clone. */
  stateDir: string;
  node: string;
  cli: string;
  home: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The user's ois config dir (tokens, trust). */
  configDir: string;
  /** macOS: the numeric user id (`launchctl … gui/<uid>`). */
  uid?: number;
  templates: Record<ServicePlatform, string>;
}

/**
 * The unit name of a clone: `ois-watch-<folder>-<hash>`; the hash of the absolute path keeps two
 * clones with the same folder name apart, so each clone can have its own service.
 *
 * @example serviceName('/home/a/acme-team') // 'ois-watch-acme-team-<10 hex>'
 */
export function serviceName(clone: string): string {
  const hash = createHash('sha256').update(clone).digest('hex').slice(0, 10);
  const folder = (clone.split(/[\\/]/).filter(Boolean).at(-1) ?? 'clone').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24);
  return `ois-watch-${folder || 'clone'}-${hash}`;
}

/** Which service manager a Node platform has. */
export function platformOf(platform: NodeJS.Platform): ServicePlatform {
  if (platform === 'darwin') return 'launchd';
  if (platform === 'win32') return 'windows';
  return 'systemd';
}

export const RESTART_SEC = 10;

/** Pure: the file, its place and the commands for `input.platform`. */
export function planService(input: PlanInput): ServicePlan {
  const name = serviceName(input.clone);
  const defaultConfigDir = posix.join(input.home, '.config', 'ois');
  const environment: Record<string, string> = {};
  if (input.platform === 'launchd') environment.PATH = input.env.PATH ?? '/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin';
  // The service must find the same tokens.json and trust.json as the shell that installed it.
  if (input.env.OIS_CONFIG_DIR) environment.OIS_CONFIG_DIR = input.env.OIS_CONFIG_DIR;
  else if (input.configDir !== defaultConfigDir && input.platform !== 'windows') environment.XDG_CONFIG_HOME = posix.dirname(input.configDir);
  const values: ServiceValues = {
    name,
    label: name.replace(/^ois-watch-/, 'ois.watch.'),
    taskName: `\\ois\\${name}`,
    clone: input.clone,
    node: input.node,
    cli: input.cli,
    envFile: input.configDir === defaultConfigDir ? '%h/.config/ois/env' : posix.join(input.configDir, 'env'),
    environment,
    stderrLog: posix.join(input.stateDir, 'service-stderr.log'),
    ...(input.env.USERNAME ? { user: input.env.USERDOMAIN ? `${input.env.USERDOMAIN}\\${input.env.USERNAME}` : input.env.USERNAME } : {}),
    restartSec: RESTART_SEC,
    startLimitIntervalSec: 600,
    startLimitBurst: 10,
  };
  switch (input.platform) {
    case 'systemd':
      return systemdPlan(input, values);
    case 'launchd':
      return launchdPlan(input, values);
    case 'windows':
      return windowsPlan(input, values);
  }
}

const cmd = (program: string, args: string[], mayFail = false): ServiceCommand => ({
  program,
  args,
  display: [program, ...args].map(program === 'schtasks' ? windowsArg : shellWord).join(' '),
  ...(mayFail ? { mayFail } : {}),
});


function systemdPlan(input: PlanInput, values: ServiceValues): ServicePlan {
  const unit = `${values.name}.service`;
  const configHome = input.env.XDG_CONFIG_HOME || posix.join(input.home, '.config');
  return {
    platform: 'systemd',
    name: values.name,
    file: posix.join(configHome, 'systemd', 'user', unit),
    content: renderSystemd(input.templates.systemd, values),
    encoding: 'utf8',
    install: [cmd('systemctl', ['--user', 'daemon-reload']), cmd('systemctl', ['--user', 'enable', '--now', unit])],
    uninstall: [cmd('systemctl', ['--user', 'disable', '--now', unit], true)],
    afterRemove: [cmd('systemctl', ['--user', 'daemon-reload'], true)],
    notes: [
      `To keep it running while you are logged out (a server): loginctl enable-linger ${input.env.USER ?? '$USER'}`,
      `Logs: journalctl --user -u ${unit} -f   (and .git/ois/ois.log; \`ois status\` shows the last events)`,
      `Tokens: OIS_TOKEN_<ID>=... lines in ${values.envFile.replace(/^%h/, '~')} (chmod 600), or \`ois token set ID\`.`,
    ],
  };
}

function launchdPlan(input: PlanInput, values: ServiceValues): ServicePlan {
  const domain = `gui/${input.uid ?? '$(id -u)'}`;
  const file = posix.join(input.home, 'Library', 'LaunchAgents', `${values.label}.plist`);
  return {
    platform: 'launchd',
    name: values.label,
    file,
    content: renderLaunchd(input.templates.launchd, values),
    encoding: 'utf8',
    install: [cmd('launchctl', ['bootout', `${domain}/${values.label}`], true), cmd('launchctl', ['bootstrap', domain, file])],
    uninstall: [cmd('launchctl', ['bootout', `${domain}/${values.label}`], true)],
    afterRemove: [],
    notes: [
      `Logs: .git/ois/ois.log (\`ois status\` shows the last events); crashes: ${values.stderrLog}`,
      'Tokens: launchd reads no environment file; store them with `ois token set ID` (kept in ~/.config/ois/tokens.json, mode 600).',
    ],
  };
}

function windowsPlan(input: PlanInput, values: ServiceValues): ServicePlan {
  const file = win32.join(input.stateDir, `${values.name}.xml`);
  return {
    platform: 'windows',
    name: values.taskName,
    file,
    content: renderWindowsTask(input.templates.windows, values),
    encoding: 'utf16le',
    install: [cmd('schtasks', ['/Create', '/TN', values.taskName, '/XML', file, '/F']), cmd('schtasks', ['/Run', '/TN', values.taskName])],
    uninstall: [cmd('schtasks', ['/End', '/TN', values.taskName], true), cmd('schtasks', ['/Delete', '/TN', values.taskName, '/F'], true)],
    afterRemove: [],
    notes: [
      'It starts at your logon and restarts on failure (every minute); a sleeping machine resumes it on wake.',
      'Logs: .git/ois/ois.log (`ois status` shows the last events).',
      'Tokens: store them with `ois token set ID` (kept in %USERPROFILE%\\.config\\ois\\tokens.json); avoid `setx` for tokens.',
    ],
  };
}
