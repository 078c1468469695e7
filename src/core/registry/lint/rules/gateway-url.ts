import { checkGatewayUrl } from '../../fields.js';
import type { Rule } from '../types.js';
import { agent, fieldsNamed } from '../helpers.js';

/** `Gateway` is an http(s) base URL with a host and an optional port. */
export const gatewayUrl: Rule = {
  id: 'gateway-url',
  severity: 'error',
  appliesTo: ['registry'],
  rationale:
    'ois posts wakes to `<Gateway>/tools/invoke` (or `/hooks/wake`). The value must be an http or https URL with ' +
    'a host and, optionally, a port (default 80/443) and a path prefix for a reverse proxy. Credentials, queries ' +
    'and fragments are refused: a token must never be written into the registry, not even inside a URL.',
  examples: {
    valid: [
      agent('ARIA', 'Gateway: http://10.130.194.247:18783'),
      agent('HKH', 'Gateway: https://gw.example.org/openclaw'),
      agent('Bob', 'Gateway: <http://[::1]:18789>'),
    ],
    invalid: [
      { text: agent('ARIA', 'Gateway: 10.0.0.5:18789'), output: ['3:12-3:26: the Gateway URL must start with http:// or https://'] },
      { text: agent('ARIA', 'Gateway: ftp://10.0.0.5'), output: ['3:12-3:26: the Gateway URL must use http:// or https://'] },
      { text: agent('ARIA', 'Gateway: http://10.0.0.5:99999'), output: ['3:12-3:33: the Gateway URL is not a valid URL (check the host and the port)'] },
      { text: agent('ARIA', 'Gateway: http://me:pw@10.0.0.5:18789'), output: ['3:12-3:39: the Gateway URL must not carry credentials'] },
      { text: agent('ARIA', 'Gateway: http://10.0.0.5:18789/?token=x'), output: ['3:12-3:42: the Gateway URL must be a base URL, without a query or a fragment'] },
    ],
  },
  check(ctx) {
    for (const section of ctx.registry.sections) {
      for (const field of fieldsNamed(section, 'gateway')) {
        const problem = checkGatewayUrl(field.value);
        if (problem) ctx.report(problem, field.valuePosition);
      }
    }
  },
};
