import { describe, expect, it } from 'vitest';
import { describeOutcome } from '../../../src/core/wake/describe.js';
import { buildInvokeBody, normalizeGatewayUrl, wakeEndpoint } from '../../../src/core/wake/request.js';

describe('describeOutcome', () => {
  it('tells how to allow sessions_send on a 404', () => {
    const text = describeOutcome('bob', { kind: 'tool-not-allowed', tool: 'sessions_send' });
    expect(text).toContain('must add "sessions_send" to gateway.tools.allow in ~/.openclaw/openclaw.json');
  });

  it('names the token source on a 401, and the hooks token in hooks mode', () => {
    const text = describeOutcome('bob', { kind: 'unauthorized' }, { tokenSource: 'the environment variable OIS_TOKEN_BOB' });
    expect(text).toContain('401');
    expect(text).toContain('OIS_TOKEN_BOB');
    expect(describeOutcome('bob', { kind: 'unauthorized' }, { mode: 'hooks' })).toContain('hooks token');
  });

  it('passes on OpenClaw’s rejection with advice on the session key', () => {
    const text = describeOutcome('bob', { kind: 'rejected', message: 'No session found: agent:main:nope' });
    expect(text).toContain('No session found: agent:main:nope');
    expect(text).toContain('agent:<agentId>:main');
  });

  it('says how long a rate limit lasts', () => {
    expect(describeOutcome('bob', { kind: 'rate-limited', retryAfterMs: 60_000 })).toContain('60 s');
  });

  it('has a sentence for every outcome kind', () => {
    const all = [
      { kind: 'delivered' },
      { kind: 'unreachable', detail: 'connection refused' },
      { kind: 'forbidden' },
      { kind: 'malformed', detail: 'x' },
      { kind: 'timeout' },
      { kind: 'http-error', status: 413, message: 'Payload too large' },
      { kind: 'aborted' },
      { kind: 'not-sent', code: 'TOKEN_MISSING', message: 'no token for bob', hint: 'Run `ois token set bob`.' },
    ] as const;
    for (const outcome of all) expect(describeOutcome('bob', outcome)).toMatch(/bob/);
    expect(describeOutcome('bob', all[5])).toContain('wake.maxMessageBytes');
  });
});

describe('requests', () => {
  it('builds the sessions_send call without a top-level sessionKey', () => {
    expect(buildInvokeBody({ session: 'agent:main:main' }, 'hi')).toEqual({
      tool: 'sessions_send',
      args: { sessionKey: 'agent:main:main', message: 'hi', timeoutSeconds: 0 },
    });
  });

  it('joins endpoints onto base URLs and refuses non-http or credentials', () => {
    expect(wakeEndpoint('http://127.0.0.1:18789/', 'invoke')).toBe('http://127.0.0.1:18789/tools/invoke');
    expect(wakeEndpoint('https://gw.example/team', 'hooks')).toBe('https://gw.example/team/hooks/wake');
    expect(wakeEndpoint('ftp://x', 'invoke')).toBeUndefined();
    expect(wakeEndpoint('http://u:p@x', 'invoke')).toBeUndefined();
    expect(normalizeGatewayUrl('HTTP://Host:80/')).toBe('http://host');
    expect(normalizeGatewayUrl('https://h:8443/a/')).toBe('https://h:8443/a');
  });
});
