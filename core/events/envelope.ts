// The spec's event envelope (§5.2) and the shared pieces of event data.
import { z } from 'zod';

export const idString = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[A-Za-z0-9_:.\-]+$/);
/** Non-negative minor units as a decimal string (JSON has no bigint). */
export const minorString = z.string().regex(/^(0|[1-9]\d{0,30})$/);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/);
/** ISO 8601 UTC with milliseconds: what a JS Date and timestamptz both round-trip exactly. */
export const isoMillis = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

export const actorSchema = z.object({
  type: z.enum(['user', 'admin', 'platform_admin', 'system', 'provider']),
  id: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof actorSchema>;

export const subjectSchema = z.object({ type: z.string().min(1).max(40), id: z.string().min(1).max(200) });
export type Subject = z.infer<typeof subjectSchema>;

export const accountSpecSchema = z.object({
  id: idString,
  currency: currencyCode,
  code: z.string().min(1).max(40),
  flags: z.number().int().min(0).max(3),
  cycle_id: idString.nullable(),
  member_id: idString.nullable(),
});

export const transferSpecSchema = z.object({
  id: idString,
  debit_account_id: idString,
  credit_account_id: idString,
  amount_minor: minorString,
  currency: currencyCode,
  code: z.string().min(1).max(40),
  flags: z.number().int().min(0).max(15),
  pending_id: idString.nullable(),
});

/** The money an event moves, so projections can be rebuilt from events alone. */
export const ledgerBlockSchema = z.object({
  accounts: z.array(accountSpecSchema).max(256),
  transfers: z.array(transferSpecSchema).min(1).max(256),
});
export type LedgerBlock = z.infer<typeof ledgerBlockSchema>;

export function envelopeShape<T extends string, D extends z.ZodType>(event_type: T, data: D) {
  return z.object({
    event_id: z.string().regex(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/),
    event_type: z.literal(event_type),
    occurred_at: isoMillis,
    actor: actorSchema,
    subject: subjectSchema,
    group_id: idString.nullable(),
    cycle_id: idString.nullable(),
    data,
  });
}
