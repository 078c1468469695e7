import { z } from 'zod';
import { checkGatewayUrl, checkId, checkSessionKey, checkTokenReference, WAKE_MODES } from './fields.js';

/** Turns a `check…` function of fields.ts into a zod string schema. */
function checked(check: (value: string) => string | undefined): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const problem = check(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  }) as unknown as z.ZodString;
}

/**
 * The values of one agent after defaults, as the rest of ois may rely on them. The parser builds
 * this object from a section and keeps the agent only if it passes; the lint rules say why not.
 */
export const agentValuesSchema = z
  .object({
    id: checked(checkId),
    name: z.string().min(1),
    role: z.string().min(1).optional(),
    gateway: checked(checkGatewayUrl),
    session: checked(checkSessionKey),
    wake: z.enum(WAKE_MODES),
    token: checked(checkTokenReference).optional(),
    hooksToken: checked(checkTokenReference).optional(),
    status: z.string().optional(),
  })
  .strict();

export type AgentValues = z.infer<typeof agentValuesSchema>;

/** The values of a `Kind: human` member: no Gateway and nothing else about waking. */
export const humanValuesSchema = z
  .object({
    id: checked(checkId),
    name: z.string().min(1),
    role: z.string().min(1).optional(),
    status: z.string().optional(),
  })
  .strict();

export type HumanValues = z.infer<typeof humanValuesSchema>;
