import type { Agent } from '../../core/registry/types.js';
import { normalizeGatewayUrl } from '../../core/wake/request.js';
import { fail, ok, warn, type CheckResult } from './types.js';
import type { MovedPin } from '../in-force/moved.js';
import { oneLine } from '../../core/safe-text.js';

export type TrustState = 'trusted' | 'unpinned' | 'moved';

/** Pure: the URL pinned for the peer (trust on first use) against the Gateway URL in AGENTS.md. */
export function trustState(pinned: string | undefined, gateway: string): TrustState {
  if (pinned === undefined) return 'unpinned';
  return pinned === (normalizeGatewayUrl(gateway) ?? gateway.trim()) ? 'trusted' : 'moved';
}

/** Pure verdict for `trust:<peer>`. A moved URL fails: the token is not sent there until confirmed. */
export function judgeTrust(peer: Pick<Agent, 'id' | 'gateway'>, pinned: string | undefined, moved?: MovedPin): CheckResult {
  const id = `trust:${peer.id}`;
  const title = `trust pin for ${peer.id}`;
  switch (trustState(pinned, peer.gateway)) {
    case 'trusted':
      return { ...ok(id, title, `${pinned ?? ''} is pinned and matches AGENTS.md`), peer: peer.id };
    case 'unpinned':
      return {
        ...warn(id, title, `nothing pinned yet: the first wake with a token you provisioned trusts ${peer.gateway}`, `Check the URL, then pin it now with \`ois trust ${peer.id}\`.`),
        peer: peer.id,
      };
    case 'moved':
      return {
        ...fail(
          id,
          title,
          `AGENTS.md says ${peer.gateway} but ${pinned ?? ''} is pinned: no token is sent to the new URL${moved?.commit === undefined ? '' : ` (changed by commit ${moved.commit.slice(0, 8)}${moved.author === undefined ? '' : `, ${oneLine(moved.author)}`})`}`,
          `If ${peer.id} really moved, run \`ois trust ${peer.id}\` (it shows both URLs); if not, the AGENTS.md change is suspect.`,
        ),
        peer: peer.id,
      };
  }
}
