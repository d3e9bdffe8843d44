// Every event type of the spec's catalogue (§5.1) plus the few the escrow needs, as zod schemas.
// Names are `noun.verb` in past tense. Money-moving events carry their transfers in `data.ledger`.
import { z } from 'zod';
import { currencyCode, envelopeShape, idString, isoMillis, ledgerBlockSchema, minorString } from './envelope.ts';

const provider = z.string().min(1).max(40);
const note = z.string().max(2000);
const freezeReason = z.enum(['dispute', 'kyc', 'aml', 'risk']);
/** A member's dividend or credit in an auction release. */
const memberShare = z.object({ member_id: idString, amount_minor: minorString });
export const disputeOutcomes = ['release', 'refund', 'chargeback'] as const;

export const eventSchemas = {
  // Identity
  'user.created': envelopeShape('user.created', z.object({ phone_masked: z.string().max(40).optional(), locale: z.string().max(5).optional() })),
  'user.verified': envelopeShape('user.verified', z.object({ method: z.string().max(40) })),
  'user.2fa.enabled': envelopeShape('user.2fa.enabled', z.object({ method: z.string().max(40) })),
  // Group
  'group.created': envelopeShape(
    'group.created',
    z.object({ name: z.string().max(200), currency: currencyCode, owner_id: idString, rules: z.record(z.string(), z.unknown()).optional() }),
  ),
  'group.updated': envelopeShape('group.updated', z.object({ changes: z.record(z.string(), z.unknown()) })),
  'group.member.invited': envelopeShape(
    'group.member.invited',
    z.object({ invite_id: z.string().max(200).optional(), member_id: idString.optional(), invited_by: idString }),
  ),
  'group.member.joined': envelopeShape('group.member.joined', z.object({ member_id: idString, role: z.string().max(40) })),
  'group.member.removed': envelopeShape('group.member.removed', z.object({ member_id: idString, reason: note.optional() })),
  // Cycle (round)
  'cycle.created': envelopeShape(
    'cycle.created',
    z.object({
      cycle_no: z.number().int().min(1).max(10_000),
      due_at: isoMillis,
      recipient_member_id: idString.nullable(),
      contribution_minor: minorString,
      currency: currencyCode,
    }),
  ),
  'cycle.started': envelopeShape('cycle.started', z.object({})),
  'cycle.contribution.due': envelopeShape(
    'cycle.contribution.due',
    z.object({ member_id: idString, due_at: isoMillis, amount_minor: minorString, currency: currencyCode }),
  ),
  'cycle.quorum.met': envelopeShape('cycle.quorum.met', z.object({ contributions_count: z.number().int().min(0), quorum_required: z.number().int().min(0) })),
  'cycle.completed': envelopeShape('cycle.completed', z.object({})),
  // Payments / escrow
  'payment.intent.created': envelopeShape(
    'payment.intent.created',
    z.object({ contribution_id: idString, member_id: idString, provider, amount_minor: minorString, currency: currencyCode }),
  ),
  'payment.captured': envelopeShape(
    'payment.captured',
    z.object({
      contribution_id: idString,
      member_id: idString,
      provider,
      provider_ref: z.string().min(1).max(200),
      amount_minor: minorString,
      late_fee_minor: minorString,
      currency: currencyCode,
      /** The provider's own timestamp: lateness is judged by it, never by our ingestion time. */
      captured_at: isoMillis,
      status: z.enum(['pending', 'available']),
      ledger: ledgerBlockSchema,
    }),
  ),
  'payment.failed': envelopeShape(
    'payment.failed',
    z.object({ contribution_id: idString, member_id: idString, provider, provider_ref: z.string().max(200), reason: z.string().max(200) }),
  ),
  'escrow.deposit.recorded': envelopeShape('escrow.deposit.recorded', z.object({ contribution_id: idString, member_id: idString, ledger: ledgerBlockSchema })),
  'escrow.funds.frozen': envelopeShape(
    'escrow.funds.frozen',
    z.object({
      freeze_id: idString,
      member_id: idString,
      reason: freezeReason,
      dispute_id: idString.nullable(),
      amount_minor: minorString,
      ledger: ledgerBlockSchema.nullable(),
    }),
  ),
  /** A freeze lifted: the frozen amount moves back to the member's available escrow. */
  'escrow.funds.released': envelopeShape(
    'escrow.funds.released',
    z.object({ freeze_id: idString, member_id: idString, amount_minor: minorString, ledger: ledgerBlockSchema.nullable() }),
  ),
  // Payout
  'payout.scheduled': envelopeShape('payout.scheduled', z.object({ payout_id: idString, recipient_member_id: idString, due_at: isoMillis })),
  'payout.released': envelopeShape(
    'payout.released',
    z.object({
      payout_id: idString,
      recipient_member_id: idString,
      gross_minor: minorString,
      fee_minor: minorString,
      net_minor: minorString,
      currency: currencyCode,
      /** Auction cycles only (absent otherwise): the settled discount, = Σ dividends. */
      discount_minor: minorString.optional(),
      /** Auction cycles only: the discount's shares, moved from the pot to each member's credit account. */
      dividends: z.array(memberShare).max(100).optional(),
      /** Auction groups only: earlier dividends spent into this pot (they reduced these members' dues). */
      credits_applied: z.array(memberShare).max(100).optional(),
      /**
       * Leftover-credit payouts only (absent otherwise): the member's auction credit paid out to them, under
       * the payout's own cycle id (`creditPayoutCycleId`); the recipient is that member.
       */
      credit_paid_out: memberShare.optional(),
      ledger: ledgerBlockSchema,
    }),
  ),
  'payout.failed': envelopeShape('payout.failed', z.object({ payout_id: idString, provider, reason: z.string().max(200) })),
  'payout.completed': envelopeShape(
    'payout.completed',
    z.object({ payout_id: idString, provider, provider_ref: z.string().min(1).max(200), ledger: ledgerBlockSchema }),
  ),
  // Refunds
  'refund.requested': envelopeShape(
    'refund.requested',
    z.object({
      refund_id: idString,
      contribution_id: idString,
      member_id: idString,
      amount_minor: minorString,
      currency: currencyCode,
      reason: z.string().max(200),
      kind: z.enum(['pre_release', 'post_release']),
      dispute_id: idString.nullable(),
      requested_by: idString,
    }),
  ),
  'refund.approved': envelopeShape(
    'refund.approved',
    z.object({
      refund_id: idString,
      role: z.enum(['group_admin', 'platform_admin', 'dispute']),
      approver_id: idString,
      status_after: z.enum(['requested', 'approved']),
    }),
  ),
  'refund.executed': envelopeShape('refund.executed', z.object({ refund_id: idString, ledger: ledgerBlockSchema })),
  'refund.completed': envelopeShape('refund.completed', z.object({ refund_id: idString, provider_ref: z.string().max(200), ledger: ledgerBlockSchema })),
  'refund.failed': envelopeShape('refund.failed', z.object({ refund_id: idString, reason: z.string().max(200), ledger: ledgerBlockSchema })),
  // Disputes
  'dispute.opened': envelopeShape(
    'dispute.opened',
    z.object({ dispute_id: idString, kind: z.string().max(60), member_id: idString, opened_by: idString, reason: note }),
  ),
  'dispute.evidence.added': envelopeShape('dispute.evidence.added', z.object({ dispute_id: idString, added_by: idString, kind: z.string().max(40), note })),
  'dispute.investigation.started': envelopeShape('dispute.investigation.started', z.object({ dispute_id: idString, investigator_id: idString })),
  'dispute.resolved': envelopeShape(
    'dispute.resolved',
    z.object({ dispute_id: idString, outcome: z.enum(disputeOutcomes), resolved_by: idString, note, ledger: ledgerBlockSchema.nullable() }),
  ),
  'dispute.closed': envelopeShape('dispute.closed', z.object({ dispute_id: idString })),
} as const;

export type EventType = keyof typeof eventSchemas;
export const eventTypes = Object.keys(eventSchemas) as EventType[];

export type EventOf<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;
export type LedgerEvent = { [T in EventType]: EventOf<T> }[EventType];
export type EventData<T extends EventType> = EventOf<T>['data'];

export const ledgerEventSchema = z.discriminatedUnion(
  'event_type',
  Object.values(eventSchemas) as unknown as [(typeof eventSchemas)['user.created'], ...(typeof eventSchemas)[EventType][]],
);

export function isEventType(s: string): s is EventType {
  return Object.hasOwn(eventSchemas, s);
}

/** Validates an event against its type's schema; throws a ZodError naming the field at fault. */
export function parseEvent(input: unknown): LedgerEvent {
  const type = (input as { event_type?: unknown })?.event_type;
  if (typeof type !== 'string' || !isEventType(type)) throw new Error(`unknown event type: ${String(type)}`);
  return eventSchemas[type].parse(input) as LedgerEvent;
}
