import { OisError } from '../../core/errors.js';
import type { Identity } from '../../core/identity.js';

/** The agent identity from `--id/--name/--gateway`, or undefined when no `--id` was given. */
export function identityFromOptions(options: { id?: string; name?: string; gateway?: string }): Identity | undefined {
  if (!options.id) {
    if (options.name || options.gateway) {
      throw new OisError('USAGE', '--name and --gateway need --id', { hint: 'Give the agent id too: --id aria.' });
    }
    return undefined;
  }
  const identity: Identity = { id: options.id, name: options.name ?? options.id };
  return options.gateway ? { ...identity, gateway: options.gateway } : identity;
}

/** Parses `--log-format`. */
export function logFormat(value: string | undefined, isTTY: boolean): 'text' | 'json' {
  if (value === undefined) return isTTY ? 'text' : 'text';
  if (value === 'text' || value === 'json') return value;
  throw new OisError('USAGE', `unknown log format "${value}"`, { hint: 'Use --log-format text or --log-format json.' });
}
