// The provider-callback hot path in as few round trips as possible (raw parameterised SQL on the
// transaction's own connection, prepared by name, no query builder):
//   1. `storeProviderEvent` — one statement: lock the payment row, store the event once per provider
//      event id, apply the one-way status transition (and remember Stripe's payment intent id), and for
//      a collection lock the attempt (and for a success its due) and read what the handler needs.
//   2. the ledger commands (db/ledger, their own round trips),
//   3. `finishCollection` — one statement: attempt settled with the ledger hash, due paid, the quorum
//      claimed if this payment completes it, the member's messages in the outbox.
import type { Tx } from '../client.ts';

type Raw = { query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }> };

/** The pg client under a drizzle transaction (or the pool under a top-level db: one autocommit statement). */
export function rawOf(tx: Tx): Raw {
  const client = (tx as unknown as { session?: { client?: Raw } }).session?.client;
  if (!client) throw new Error('expected a drizzle node-postgres database or transaction');
  return client;
}

export type StoreInput = {
  id: string;
  provider: string;
  providerEventId: string;
  type: string;
  providerType: string;
  ref: string | null;
  providerRef: string;
  amountMinor: bigint | null;
  currency: string | null;
  failureCode: string | null;
  failureReason: string | null;
  payload: unknown;
  occurredAt: Date;
  /** The outcome this event moves a known payment to; null: no transition (disputes). */
  outcome: 'succeeded' | 'failed' | null;
  /** A second provider id to remember on the payment (Stripe's payment intent), if not known yet. */
  altRef: string | null;
  /** 0: nothing else; 1: lock the attempt; 2: lock the attempt and its due (a collection success). */
  context: 0 | 1 | 2;
};

/** The collection attempt (locked), and for a success its due (locked), the captured sum and the member's contact. */
export type CollectionContext = {
  attempt: {
    ref: string;
    contributionId: string;
    groupId: string;
    cycleId: string;
    memberId: string;
    provider: string;
    amountMinor: bigint;
    currency: string;
    status: string;
  } | null;
  due: {
    group_id: string;
    group_name: string;
    amount_minor: bigint;
    late_fee_minor: bigint;
    currency: string;
    status: string;
    rules: Record<string, unknown>;
    dues_total: number;
    /** What earlier successful attempts captured for this due, as of this statement's snapshot (see finishCollection). */
    captured_before: bigint;
  } | null;
  contact: { member_id: string; phone_enc: string; name_enc: string | null; locale: string | null; country: string } | null;
};

/**
 * The columns `contextOf` reads, over `a` (the attempt), `d` (its due, with `group_name` and `dues_total`) and
 * `m` (the member): shared by the store statements (single and batched) and `lockCollection`. The captured sum
 * filters on status inside the aggregate: the (cycle, member) index finds a due's attempts whatever the
 * statistics say about how many attempts have succeeded.
 */
export const CONTEXT_COLUMNS = `a.ref as a_ref, a.contribution_id as a_contribution_id, a.group_id as a_group_id, a.cycle_id as a_cycle_id, a.member_id as a_member_id,
  a.provider as a_provider, a.amount_minor as a_amount_minor, a.currency as a_currency, a.status as a_status,
  d.group_id as d_group_id, d.group_name as d_group_name, d.amount_minor as d_amount_minor, d.late_fee_minor as d_late_fee_minor,
  d.currency as d_currency, d.status as d_status, d.rules as d_rules, d.dues_total as d_dues_total,
  case when d.group_id is not null then (select coalesce(sum(x.captured_minor) filter (where x.status = 'succeeded'), 0) from payment_attempts x
    where x.cycle_id = a.cycle_id and x.member_id = a.member_id)::bigint end as d_captured_before,
  m.id as m_member_id, m.phone_enc as m_phone_enc, m.name_enc as m_name_enc, m.locale as m_locale, m.country as m_country`;

// CTE order is lock order: payment row → (event stored) → attempt → due, as in every other path.
// `p` returns the payment row's latest committed version (FOR UPDATE re-reads it after waiting), so the
// transition is decided on current state even when `dup` (statement snapshot) missed a concurrent
// redelivery; that redelivery's insert then hits the unique index and is not stored.
const STORE_SQL = `
with p as (
  select ref, status, alt_ref from provider_payments where ref = $6 for update
), dup as (
  select 1 from provider_events where provider = $2 and provider_event_id = $3
), go as (
  select p.ref, p.alt_ref, ($14::text is not null and not exists (select 1 from dup)
    and (p.status = 'pending' or ($14::text = 'succeeded' and p.status = 'failed'))) as went from p
), tr as (
  update provider_payments pp set
    status = case when go.went then $14::text else pp.status end,
    failure_code = case when go.went then $10::text else pp.failure_code end,
    alt_ref = coalesce(pp.alt_ref, $15::text),
    updated_at = now()
  from go where pp.ref = go.ref and (go.went or (go.alt_ref is null and $15::text is not null))
  returning go.went
), ins as (
  insert into provider_events (id, provider, provider_event_id, type, provider_type, ref, provider_ref, amount_minor, currency,
    failure_code, failure_reason, emitted, payload, occurred_at)
  select $1, $2, $3, $4, $5, $6, $7, $8::bigint, $9, $10, $11,
    (not exists (select 1 from p) or $14::text is null or coalesce((select went from go), false)), $12::jsonb, $13::timestamptz
  where not exists (select 1 from dup)
  on conflict do nothing
  returning emitted
), a as (
  select ref, contribution_id, group_id, cycle_id, member_id, provider, amount_minor, currency, status
  from payment_attempts where ref = $6 and $16::int > 0 and exists (select 1 from ins where emitted) for update
), d as (
  select d.group_id, g.name as group_name, d.amount_minor, d.late_fee_minor, d.currency, d.status, g.rules,
    (select count(*) from dues x where x.cycle_id = d.cycle_id)::int as dues_total
  from dues d join groups g on g.id = d.group_id
  where $16::int = 2 and d.cycle_id = (select cycle_id from a) and d.member_id = (select member_id from a) for update of d
)
select (select emitted from ins) as emitted,
  ${CONTEXT_COLUMNS}
from (select 1) one left join a on true left join d on true left join members m on m.id = a.member_id`;

/** Stores a verified provider event once (see STORE_SQL). `stored` false: a redelivery; `emitted` false: stored, not news. */
export async function storeProviderEvent(tx: Tx, x: StoreInput): Promise<{ stored: boolean; emitted: boolean; context: CollectionContext }> {
  const r = await rawOf(tx).query({
    name: 'payments_store_event_v2',
    text: STORE_SQL,
    values: [
      x.id,
      x.provider,
      x.providerEventId,
      x.type,
      x.providerType,
      x.ref,
      x.providerRef,
      x.amountMinor === null ? null : x.amountMinor.toString(),
      x.currency,
      x.failureCode,
      x.failureReason,
      JSON.stringify(x.payload ?? null),
      x.occurredAt.toISOString(),
      x.outcome,
      x.altRef,
      x.context,
    ],
  });
  const row = r.rows[0];
  const emitted = row.emitted;
  return { stored: emitted !== null && emitted !== undefined, emitted: emitted === true, context: contextOf(row) };
}

const big = (v: unknown) => BigInt(v as string | number | bigint);

/** The store statements' row (one per event) → the locked collection context. */
export function contextOf(row: Record<string, unknown>): CollectionContext {
  return {
    attempt: row.a_ref
      ? {
          ref: String(row.a_ref),
          contributionId: String(row.a_contribution_id),
          groupId: String(row.a_group_id),
          cycleId: String(row.a_cycle_id),
          memberId: String(row.a_member_id),
          provider: String(row.a_provider),
          amountMinor: big(row.a_amount_minor),
          currency: String(row.a_currency),
          status: String(row.a_status),
        }
      : null,
    due: row.d_group_id
      ? {
          group_id: String(row.d_group_id),
          group_name: String(row.d_group_name),
          amount_minor: big(row.d_amount_minor),
          late_fee_minor: big(row.d_late_fee_minor),
          currency: String(row.d_currency),
          status: String(row.d_status),
          rules: (row.d_rules ?? {}) as Record<string, unknown>,
          dues_total: Number(row.d_dues_total),
          captured_before: big(row.d_captured_before),
        }
      : null,
    contact: row.m_member_id
      ? {
          member_id: String(row.m_member_id),
          phone_enc: String(row.m_phone_enc),
          name_enc: (row.m_name_enc as string | null) ?? null,
          locale: (row.m_locale as string | null) ?? null,
          country: String(row.m_country),
        }
      : null,
  };
}

/** The same context without storing anything (a handler called without a preloaded context). */
export async function lockCollection(tx: Tx, ref: string, withDue: boolean): Promise<CollectionContext> {
  const r = await rawOf(tx).query({
    name: 'payments_lock_collection_v2',
    text: `
with a as (
  select ref, contribution_id, group_id, cycle_id, member_id, provider, amount_minor, currency, status from payment_attempts where ref = $1 for update
), d as (
  select d.group_id, g.name as group_name, d.amount_minor, d.late_fee_minor, d.currency, d.status, g.rules,
    (select count(*) from dues x where x.cycle_id = d.cycle_id)::int as dues_total
  from dues d join groups g on g.id = d.group_id
  where $2::boolean and d.cycle_id = (select cycle_id from a) and d.member_id = (select member_id from a) for update of d
)
select ${CONTEXT_COLUMNS}
from (select 1) one left join a on true left join d on true left join members m on m.id = a.member_id`,
    values: [ref, withDue],
  });
  return contextOf(r.rows[0] ?? {});
}

/** Where the receipt text carries the ledger hash; the finishing statement puts the hash it reads there. */
export const LEDGER_HASH_SLOT = '#ledger-hash#';

export type FinishInput = {
  ref: string;
  groupId: string;
  cycleId: string;
  memberId: string;
  seq: number;
  capturedMinor: bigint;
  outcome: string;
  settledAt: Date;
  /** Set the due paid (exact / over) and, with `quorumRequired`, claim the cycle's quorum notice if this payment completes it. */
  markPaid: boolean;
  paidAt: Date;
  quorumRequired: number;
  /** The captured sum the decision was made on; a different current sum means a concurrent capture of this due was missed. */
  capturedBefore: bigint;
  messages: { id: string; chatId: string; kind: string; body: unknown; idempotencyKey: string }[];
};

export class StaleCaptureRead extends Error {
  readonly code = 'stale_capture_read';
}

// Runs after the ledger commands, so its snapshot sees every capture that committed before ours took the
// due lock (and, through the group's chain head, every earlier payment of the cycle for the quorum count).
const FINISH_SQL = `
with h as (
  select left(hash, 12) as hash from ledger_events where group_id = $2 and seq = $5::bigint
), at as (
  update payment_attempts set status = 'succeeded', captured_minor = $6::bigint, outcome = $7, ledger_seq = $5::bigint,
    ledger_hash = (select hash from h), settled_at = $8::timestamptz
  where ref = $1 returning 1
), dp as (
  update dues set status = 'paid', paid_at = $10::timestamptz
  where $9::boolean and cycle_id = $3 and member_id = $4 and status = 'pending' returning 1
), q as (
  update cycles set quorum_notified_at = $8::timestamptz, status = 'quorum_met'
  where $9::boolean and $11::int > 0 and id = $3 and quorum_notified_at is null
    and (select count(*) from dues x where x.cycle_id = $3 and x.member_id <> $4 and x.status in ('paid', 'waived')) + (select count(*) from dp) >= $11::int
  returning 1
), ob as (
  insert into outbox (id, chat_id, kind, body, idempotency_key)
  select r.id, r.chat_id, r.kind, replace(r.body::text, '${LEDGER_HASH_SLOT}', coalesce((select hash from h), ''))::jsonb, r.idempotency_key
  from jsonb_to_recordset($12::jsonb) as r(id text, chat_id text, kind text, body jsonb, idempotency_key text)
  on conflict (idempotency_key) do nothing
  returning id
)
select (select hash from h) as hash, (select count(*) from at)::int as settled, (select count(*) from q)::int as quorum_claimed,
  (select coalesce(array_agg(id), '{}') from ob) as outbox_ids,
  (select coalesce(sum(captured_minor) filter (where status = 'succeeded' and ref <> $1), 0) from payment_attempts where cycle_id = $3 and member_id = $4)::bigint as captured_now`;

/** Settles a successful collection in one statement; throws StaleCaptureRead (roll back and retry) if a concurrent capture was missed. */
export async function finishCollection(tx: Tx, x: FinishInput): Promise<{ hash: string; quorumClaimed: boolean; outboxIds: string[] }> {
  const r = await rawOf(tx).query({
    name: 'payments_finish_collection_v2',
    text: FINISH_SQL,
    values: [
      x.ref,
      x.groupId,
      x.cycleId,
      x.memberId,
      x.seq,
      x.capturedMinor.toString(),
      x.outcome,
      x.settledAt.toISOString(),
      x.markPaid,
      x.paidAt.toISOString(),
      x.quorumRequired,
      JSON.stringify(x.messages.map((m) => ({ id: m.id, chat_id: m.chatId, kind: m.kind, body: m.body, idempotency_key: m.idempotencyKey }))),
    ],
  });
  const row = r.rows[0];
  if (big(row.captured_now) !== x.capturedBefore) throw new StaleCaptureRead(`captures of ${x.cycleId}/${x.memberId} changed under the decision`);
  if (row.settled !== 1) throw new Error(`payment attempt ${x.ref} vanished while settling`);
  return { hash: String(row.hash ?? ''), quorumClaimed: row.quorum_claimed === 1, outboxIds: (row.outbox_ids as string[]) ?? [] };
}
