import { splitLines } from '../../locate.js';
import type { Rule } from '../types.js';
import { agent } from '../helpers.js';
import { findSecrets } from '../secrets.js';

const HEX48 = 'ab12cd34ef56'.repeat(4);

/** No token-like value anywhere in the files the team shares. */
export const noLiteralSecret: Rule = {
  id: 'no-literal-secret',
  severity: 'error',
  appliesTo: ['registry', 'chat', 'text', 'config'],
  rationale:
    'Everything in the team repository is read by every member, kept forever in git history, and often public. ' +
    'The original OIS registry published live Gateway tokens, and a Gateway token is full operator access to ' +
    'that agent. This rule looks, line by line and inside comments and code too, for: hex strings of 32+ ' +
    'characters (except 40-character git ids and digests on a line that says sha256/checksum/commit), `sk-…` API ' +
    'keys, GitHub/Slack/AWS/Telegram tokens, JSON Web Tokens, private key blocks, `Bearer <credential>`, ' +
    'values assigned to keys named token/secret/password/api_key, and long mixed-case high-entropy strings. ' +
    'Messages describe the value ("a 48-character hex string") and never print it.',
  examples: {
    valid: [
      agent('ARIA', 'Gateway: http://127.0.0.1:18789', 'Token: env:OIS_TOKEN_ARIA'),
      '# Notes\n\nFixed in commit 3f2a9c0d1e4b5a6978877665544332211aabbccd.\n\nAuthorization: Bearer $OIS_TOKEN\n',
    ],
    invalid: [
      { text: agent('ARIA', 'Gateway: http://127.0.0.1:18789', `Token: ${HEX48}`), output: ['4:10-4:58: a 48-character hex string looks like a literal secret: keep secrets out of the repository (for a Gateway token write `Token: env:OIS_TOKEN_<ID>`, and rotate a token that was pushed)'] },
      { text: '## 14:32 - ARIA\n\nuse `Authorization: Bearer abc123def456ghi789`\n\n---\n', output: ['3:28-3:46: a Bearer credential looks like a literal secret: keep secrets out of the repository (for a Gateway token write `Token: env:OIS_TOKEN_<ID>`, and rotate a token that was pushed)'] },
      { text: '<!--\n- Token: sk-proj-AbCdEfGhIjKlMnOpQrStUvWx\n-->\n', output: ['2:10-2:42: an API key of the sk-… kind (32 characters) looks like a literal secret: keep secrets out of the repository (for a Gateway token write `Token: env:OIS_TOKEN_<ID>`, and rotate a token that was pushed)'] },
      { text: 'password = hunter2hunter2hunter2\n', output: ['1:12-1:33: a value assigned to a secret-named key looks like a literal secret: keep secrets out of the repository (for a Gateway token write `Token: env:OIS_TOKEN_<ID>`, and rotate a token that was pushed)'] },
      { text: 'key: Zx8Qp2Lm9Vt4Rw7Ks1Hd5Jf3Gb6Nc0Ya\n', output: ['1:6-1:38: a 32-character high-entropy string looks like a literal secret: keep secrets out of the repository (for a Gateway token write `Token: env:OIS_TOKEN_<ID>`, and rotate a token that was pushed)'] },
    ],
  },
  check(ctx) {
    for (const [index, line] of splitLines(ctx.text).entries()) {
      for (const found of findSecrets(line.text)) {
        ctx.report(
          `${found.description} looks like a literal secret: keep secrets out of the repository ` +
            '(for a Gateway token write `Token: env:OIS_TOKEN_<ID>`, and rotate a token that was pushed)',
          { start: { line: index + 1, column: found.start + 1 }, end: { line: index + 1, column: found.end + 1 } },
        );
      }
    }
  },
};
