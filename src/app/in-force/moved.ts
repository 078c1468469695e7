import { lastCommitTouching } from '../../core/git/history.js';
import type { Git } from '../../ports/index.js';
import type { Agent } from '../../core/registry/types.js';
import { oneLine } from '../../core/safe-text.js';
import { canonical, type TrustStore } from '../secrets/trust.js';

/** A peer whose Gateway URL in the registry is not the one pinned for its token, and who changed it. */
export interface MovedPin {
  peer: string;
  /** The URL its token goes to (the pin). */
  pinned: string;
  /** The URL the registry gives now: no token is sent there. */
  url: string;
  /** The commit that brought the new URL into AGENTS.md, and its author (`Name <email>`). */
  commit?: string;
  author?: string;
}

/**
 * The commit, reachable from `rev`, that last added `url` to AGENTS.md (`git log -S`, literal), and its
 * author; undefined when git finds none.
 *
 * @example await whoMoved(repo.git, 'HEAD', 'http://evil.example:18789') // { commit: '…', author: 'Eve <eve@x>' }
 */
export async function whoMoved(git: Git, rev: string, url: string): Promise<{ commit: string; author: string } | undefined> {
  const found = await git.exec(lastCommitTouching('AGENTS.md', { rev, adding: url })).catch(() => undefined);
  return found === undefined || found.commit === '' ? undefined : found;
}

/**
 * Every peer of `agents` whose Gateway differs from its pin, with the commit and author that moved it.
 *
 * @example await movedPins(repo.git, agents, trust) // [{ peer: 'bob', pinned: 'http://10.0.0.5:18789', url: 'http://evil…', commit: '…', author: 'Eve <…>' }]
 */
export async function movedPins(git: Git, agents: readonly Pick<Agent, 'id' | 'gateway'>[], trust: Pick<TrustStore, 'list'>): Promise<MovedPin[]> {
  const pins = new Map((await trust.list()).map((pin) => [pin.peerId, pin.url]));
  const moved: MovedPin[] = [];
  for (const agent of agents) {
    const gateway = agent.gateway as string | undefined; // Kind: human sections have none
    const pinned = pins.get(agent.id.toLowerCase());
    if (gateway === undefined || pinned === undefined || pinned === canonical(gateway)) continue;
    const who = await whoMoved(git, 'HEAD', gateway);
    moved.push({ peer: agent.id, pinned, url: canonical(gateway), ...(who ?? {}) });
  }
  return moved;
}

/**
 * One sentence for status, doctor and the log.
 *
 * @example describeMoved({ peer: 'bob', pinned: 'http://a', url: 'http://b', commit: 'abc1234567', author: 'Eve <e@x>' })
 * // "bob's Gateway URL was changed in AGENTS.md from http://a to http://b by commit abc12345 (Eve <e@x>); its token is not sent there until you run `ois trust bob`"
 */
export function describeMoved(moved: MovedPin): string {
  const by = moved.commit === undefined ? '' : ` by commit ${moved.commit.slice(0, 8)}${moved.author === undefined ? '' : ` (${oneLine(moved.author)})`}`;
  return `${moved.peer}'s Gateway URL was changed in AGENTS.md from ${oneLine(moved.pinned)} to ${oneLine(moved.url)}${by}; its token is not sent there until you run \`ois trust ${moved.peer}\``;
}
