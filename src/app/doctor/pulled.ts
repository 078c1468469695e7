import { describeProblem, problemHint, type FileProblem } from '../in-force/problem.js';
import { fail, ok, warn, type CheckResult } from './types.js';

/** Pure verdict for `in-force:<file>`: a tracked file ois does not use as it is (a pulled AGENTS.md or ois.config.json that fails). */
export function judgeInForce(file: FileProblem['file'], problem: FileProblem | undefined): CheckResult {
  const id = `in-force:${file}`;
  const title = `${file} in force as committed`;
  if (problem === undefined) return ok(id, title, `the ${file === 'AGENTS.md' ? 'registry' : 'team config'} in force is the one in the clone`);
  return fail(id, title, describeProblem(problem), problemHint(problem));
}

/** Pure verdict for the trust file itself: unusable means no token is sent at all (never a silent reset). */
export function judgeTrustFile(error: { message: string; hint?: string } | undefined): CheckResult | undefined {
  if (error === undefined) return undefined;
  return fail('trust-file', 'trust pins readable', error.message, error.hint ?? 'Fix the trust file.');
}

/** The peers this machine can wake with a full operator (gateway) token, and which of them. */
export interface HeldTokens {
  /** Peers in `invoke` mode whose gateway token this machine has (environment or store). */
  operatorTokens: string[];
}

/**
 * Pure verdict for `least-privilege`: a gateway token is full operator access to that peer's OpenClaw;
 * holding one for every peer means every member holds every other member's keys. Hooks tokens open
 * only `/hooks/wake`.
 */
export function judgeLeastPrivilege(held: HeldTokens): CheckResult {
  const id = 'least-privilege';
  const title = "no full operator tokens of peers' Gateways";
  if (held.operatorTokens.length === 0) return ok(id, title, 'no peer is woken with its full Gateway token from this machine');
  const peers = held.operatorTokens.join(', ');
  return warn(
    id,
    title,
    `this machine holds the full Gateway (operator) token of ${peers} (Wake: invoke): whoever has it can run any allowed tool as that peer's owner`,
    `Ask each peer's owner for a hooks token instead (docs/security.md: "Hooks tokens"), store it with \`printf %s "$TOKEN" | ois token set ID --hooks\`, set \`Wake: hooks\` in their section, then \`ois token remove ID\`.`,
  );
}
