import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cliEntry } from '../app/setup/package-paths.js';
import { stopChild } from './child.js';
import type { DemoAgent } from './team.js';

/** The demo team's human member: the newcomer watching the demo, who can post from the room. */
export const DEMO_HUMAN = { id: 'you', name: 'You', role: 'Owner' } as const;

export interface DemoRoom {
  /** The room's URL with its access token, or undefined when it did not start. */
  url: string | undefined;
  stop(): Promise<void>;
}

/**
 * `ois web --as you` in one agent's clone, so that the newcomer sees the demo team's room in a browser
 * (and can post as "You"). Resolves once the URL is printed (or after 20 s without it).
 */
export async function startDemoRoom(agent: DemoAgent): Promise<DemoRoom> {
  const child = spawn(process.execPath, [cliEntry(), 'web', '--as', DEMO_HUMAN.id, '--port', '0', '--log-format', 'json'], { cwd: agent.dir, env: agent.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string | undefined>((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 20_000);
    timer.unref();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /open (http:\S+)/.exec(line)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', () => resolve(undefined));
  });
  child.stderr.resume();
  return { url, stop: () => stopChild(child) };
}
