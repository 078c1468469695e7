import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startOis, type OisProcess } from '../../harness/cli-process.js';
import { git } from '../../harness/git-repos.js';
import { startTeam, type Team } from '../wake/team.js';

/** A team (aria and hkh with Gateway stand-ins, Mia a person) and `ois web --as mia` in aria's clone. */
export interface RoomFixture {
  team: Team;
  web: OisProcess;
  /** The printed URL, with its token. */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  base: string;
  port: number;
  close(): Promise<void>;
}

export async function startRoom(): Promise<RoomFixture> {
  const team = await startTeam(['aria', 'hkh'], {}, { pollIntervalMs: 200, debounceMs: 20 });
  await appendFile(join(team.dirs.aria!, 'AGENTS.md'), '\n## Mia 🌸 (Owner)\n\n- Id: mia\n- Kind: human\n');
  await team.cycle('aria');
  await git(team.dirs.hkh!, ['pull', '-q', '--no-rebase', 'origin', 'main'], team.box.env);
  const web = startOis(['web', '--as', 'mia', '--port', '0'], team.dirs.aria!, team.env('aria'));
  await web.waitFor(/open http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/, 30_000);
  await web.waitFor(/watching .* as aria/, 30_000);
  const url = /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(web.output())?.[1] ?? '';
  const port = Number(/:(\d+)\//.exec(url)?.[1]);
  return {
    team,
    web,
    url,
    base: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await web.stop();
      await team.close();
    },
  };
}
