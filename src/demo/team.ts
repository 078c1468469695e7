import { systemPorts } from '../wiring/ports.js';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { initTeam } from '../app/setup/init.js';
import { joinTeam } from '../app/setup/join.js';
import { DEMO_HUMAN } from './room.js';
import { startStandinGateway, type StandinGateway, type StandinWake } from './standin-gateway.js';

const exec = promisify(execFile);

export interface DemoAgent {
  id: string;
  name: string;
  role: string;
  dir: string;
  token: string;
  gateway: StandinGateway;
  env: Record<string, string>;
}

export const DEMO_AGENTS = [
  { id: 'aria', name: 'ARIA ⚔️', role: 'Core Contributor' },
  { id: 'hkh', name: 'HKH 🛠️', role: 'GPU workstation' },
  { id: 'xiaolong', name: '小龙 🐉', role: 'Reviewer' },
] as const;

export const tokenVariable = (id: string): string => `OIS_TOKEN_${id.toUpperCase().replace(/-/g, '_')}`;

/**
 * Builds the demo team in `root`: a bare remote (`team.git`), three Gateway stand-ins on 127.0.0.1,
 * the team repository with the three agents in AGENTS.md, and one clone per agent.
 */
export async function buildDemoTeam(
  root: string,
  baseEnv: Readonly<Record<string, string | undefined>>,
  onWake: (agent: string, wake: StandinWake) => void,
  options: { wakeBudget?: boolean } = {},
): Promise<{ remote: string; agents: DemoAgent[] }> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(baseEnv)) if (value !== undefined) env[key] = value;
  const remote = join(root, 'team.git');
  await exec('git', ['init', '-q', '--bare', '-b', 'main', remote], { env, timeout: 30_000 });
  const tokens = new Map(DEMO_AGENTS.map((a) => [a.id, randomBytes(24).toString('hex')]));
  const gateways = new Map<string, StandinGateway>();
  for (const agent of DEMO_AGENTS) {
    gateways.set(agent.id, await startStandinGateway(tokens.get(agent.id) ?? '', (wake) => onWake(agent.id, wake)));
  }
  const seed = join(root, 'seed');
  await initTeam({ dir: seed, team: 'demo-team', remote }, systemPorts({ env }));
  const sections = DEMO_AGENTS.map(
    (a) =>
      `\n## ${a.name} (${a.role})\n\n- Id: ${a.id}\n- Gateway: ${gateways.get(a.id)?.url}\n- Session: agent:main:main\n- Wake: invoke\n- Token: env:${tokenVariable(a.id)}\n`,
  ).join('');
  // A person too (Kind: human, no Gateway): the newcomer, who watches and may post from the room.
  const human = `\n## ${DEMO_HUMAN.name} (${DEMO_HUMAN.role})\n\n- Id: ${DEMO_HUMAN.id}\n- Kind: human\n`;
  await writeFile(join(seed, 'AGENTS.md'), `${await readFile(join(seed, 'AGENTS.md'), 'utf8')}${sections}${human}`);
  const config = JSON.parse(await readFile(join(seed, 'ois.config.json'), 'utf8')) as { sync: Record<string, number>; wake: Record<string, unknown> };
  config.sync.pollIntervalMs = 500;
  // The wake benchmark wakes one peer dozens of times a minute on purpose: the budget would hold most.
  if (options.wakeBudget === false) config.wake = { ...config.wake, budget: { enabled: false } };
  await writeFile(join(seed, 'ois.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const gitEnv = { ...env, GIT_AUTHOR_NAME: 'ois demo', GIT_AUTHOR_EMAIL: 'demo@ois.invalid', GIT_COMMITTER_NAME: 'ois demo', GIT_COMMITTER_EMAIL: 'demo@ois.invalid' };
  await exec('git', ['commit', '-q', '--no-verify', '-am', 'demo: register ARIA, HKH and 小龙'], { cwd: seed, env: gitEnv, timeout: 30_000 });
  await exec('git', ['push', '-q', 'origin', 'main'], { cwd: seed, env: gitEnv, timeout: 30_000 });
  const tokenEnv = Object.fromEntries(DEMO_AGENTS.map((a) => [tokenVariable(a.id), tokens.get(a.id) ?? '']));
  const agents: DemoAgent[] = [];
  for (const a of DEMO_AGENTS) {
    const gateway = gateways.get(a.id);
    if (!gateway) throw new Error('missing stand-in');
    const { top } = await joinTeam({ remote, dir: join(root, a.id), identity: { id: a.id, name: a.name, gateway: gateway.url }, cwd: root }, systemPorts({ env }));
    agents.push({
      ...a,
      dir: top,
      token: tokens.get(a.id) ?? '',
      gateway,
      env: { ...env, ...tokenEnv, OIS_CONFIG_DIR: join(root, `${a.id}-config`) },
    });
  }
  return { remote, agents };
}
