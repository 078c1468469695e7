import { normalizeGatewayUrl } from '../../core/wake/request.js';
import type { TrustStore } from '../secrets/trust.js';

export { mergeJobs, ownTarget, targetOf, type WakeJob } from '../../core/wake/job.js';

/**
 * A trust store that trusts exactly `url` for every id: this agent's own Gateway comes from the
 * clone's git config (set by its operator), not from the shared registry, so it needs no pin.
 */
export function trustOwnGateway(url: string): TrustStore {
  const pinned = normalizeGatewayUrl(url) ?? url.trim();
  return {
    path: '(own gateway)',
    get: async () => pinned,
    pin: async () => pinned,
    pinIfAbsent: async () => pinned,
    list: async () => [],
  };
}
