import { OisError } from '../../core/errors.js';

/** What a service file needs to know; all absolute paths. Never a token. */
export interface ServiceValues {
  /** The unit / task name (`ois-watch-acme-3f2a9c01d4`). */
  name: string;
  /** The launchd label (`ois.watch.acme-3f2a9c01d4`). */
  label: string;
  /** The Windows task path (`\ois\ois-watch-acme-3f2a9c01d4`). */
  taskName: string;
  /** The clone's top folder: the working directory. */
  clone: string;
  /** `process.execPath`. */
  node: string;
  /** The built CLI (`dist/cli/bin.js`). */
  cli: string;
  /** systemd: the optional environment file, `%h/...` or absolute. */
  envFile: string;
  /** Non-secret variables the service needs (PATH on macOS, OIS_CONFIG_DIR when set). */
  environment: Record<string, string>;
  /** launchd: where crashes (stderr) go. */
  stderrLog: string;
  /** Windows: `DOMAIN\user` to run as, when known. */
  user?: string;
  /** Restart delay in seconds (systemd RestartSec, launchd ThrottleInterval). */
  restartSec: number;
  startLimitIntervalSec: number;
  startLimitBurst: number;
}

/**
 * Node options for the long-running watcher: a small young generation keeps a months-long, mostly idle
 * process's memory flat (about 7 MB less resident memory here; docs/benchmarks.md).
 */
export const WATCH_NODE_FLAGS = ['--max-semi-space-size=1'] as const;

/** Replaces every `{{key}}`; an unknown key is a bug in the template, so it throws. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`service template: no value for {{${key}}}`);
    return value;
  });
}

/** Refuses values a service file cannot carry safely (a newline would start a new directive). */
function checkValues(values: ServiceValues): void {
  const all = [values.name, values.clone, values.node, values.cli, values.envFile, values.stderrLog, values.user ?? '', ...Object.entries(values.environment).flat()];
  // eslint-disable-next-line no-control-regex
  const bad = all.find((value) => /[\u0000-\u001f\u007f]/.test(value));
  if (bad !== undefined) throw new OisError('USAGE', 'a path or variable for the service contains a control character (a newline?)', { hint: 'Move the clone or node to a path without control characters.' });
}

/** systemd: `%` starts a specifier and `$` a variable, inside and outside quotes. */
export function systemdEscape(text: string): string {
  return text.replace(/%/g, '%%').replace(/\$/g, '$$$$');
}

/** One ExecStart word: quoted (C-style escapes) when it holds anything but safe characters. */
export function systemdWord(text: string): string {
  const escaped = systemdEscape(text);
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The systemd user unit (templates/service/ois-watch.service).
 *
 * @example renderSystemd(template, values).includes('Restart=on-failure') // true
 */
export function renderSystemd(template: string, values: ServiceValues): string {
  checkValues(values);
  const environment = Object.entries(values.environment)
    .map(([key, value]) => `Environment=${systemdWord(`${key}=${value}`)}\n`)
    .join('');
  const execStart = [values.node, ...WATCH_NODE_FLAGS, values.cli, 'watch', '--log-format', 'json'].map(systemdWord).join(' ');
  return fill(template, {
    name: values.name,
    clone: values.clone,
    cloneName: systemdEscape(values.clone.split(/[\\/]/).filter(Boolean).at(-1) ?? values.clone),
    envFileShown: values.envFile.replace(/^%h/, '~'),
    envFile: values.envFile.startsWith('%h/') ? values.envFile : systemdEscape(values.envFile),
    workdir: systemdEscape(values.clone),
    environment,
    execStart,
    restartSec: String(values.restartSec),
    startLimitIntervalSec: String(values.startLimitIntervalSec),
    startLimitBurst: String(values.startLimitBurst),
  });
}

/** XML text and attribute escaping. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The launchd agent (templates/service/ois-watch.plist). */
export function renderLaunchd(template: string, values: ServiceValues): string {
  checkValues(values);
  const environment = Object.entries(values.environment)
    .map(([key, value]) => `    <key>${xmlEscape(key)}</key>\n    <string>${xmlEscape(value)}</string>\n`)
    .join('');
  return fill(template, {
    label: xmlEscape(values.label),
    node: xmlEscape(values.node),
    cli: xmlEscape(values.cli),
    workdir: xmlEscape(values.clone),
    environment,
    restartSec: String(values.restartSec),
    stderrLog: xmlEscape(values.stderrLog),
  });
}

/** One Windows command-line argument (CommandLineToArgvW rules). */
export function windowsArg(text: string): string {
  if (text !== '' && !/[\s"]/.test(text)) return text;
  return `"${text.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}

/** The Task Scheduler task (templates/service/ois-watch.xml). */
export function renderWindowsTask(template: string, values: ServiceValues): string {
  checkValues(values);
  const user = values.user === undefined ? '' : xmlEscape(values.user);
  return fill(template, {
    clone: xmlEscape(values.clone),
    taskName: xmlEscape(values.taskName),
    userId: user === '' ? '' : `      <UserId>${user}</UserId>\n`,
    principalUser: user === '' ? '' : `      <UserId>${user}</UserId>\n`,
    node: xmlEscape(values.node),
    arguments: xmlEscape([...WATCH_NODE_FLAGS, values.cli, 'watch', '--log-format', 'json'].map(windowsArg).join(' ')),
    workdir: xmlEscape(values.clone),
  });
}
