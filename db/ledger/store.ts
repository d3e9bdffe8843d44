// The Postgres side of a ledger command, in two round trips inside the caller's transaction:
//   1. lock the group's chain head and read what the command needs (one multi-statement query, so each
//      read takes its snapshot after the lock is held), and
//   2. one statement that appends the chained events and writes transfers, account deltas, the new head
//      and every changed projection row.
// Writers to one group queue on its head row; different groups share no rows and never wait.
import type { Clock } from '../../core/clock.ts';
import { systemClock } from '../../core/clock.ts';
import type { Decision } from '../../core/escrow/decision.ts';
import { materialize, type ChainedEvent } from '../../core/escrow/engine.ts';
import { createGroupState, projectionTables, type GroupState } from '../../core/escrow/state.ts';
import { GENESIS_HASH, requestHash } from '../../core/events/canonical.ts';
import type { LedgerEvent } from '../../core/events/catalogue.ts';
import { createIdFactory, type IdFactory } from '../../core/ids.ts';
import { assert } from '../../core/ledger/assert.ts';
import { loadTransfer } from '../../core/ledger/ledger.ts';
import type { Account } from '../../core/ledger/types.ts';
import type { Tx } from '../client.ts';
import { decode, toJson } from './rows.ts';
import { big, lit, num, quote, withClient, type Client } from './sql.ts';
import type pg from 'pg';

export type CommandResult =
  | { status: 'created'; events: LedgerEvent[]; seq: number }
  | { status: 'exists'; event_ids: string[] }
  | { status: 'noop' }
  | { status: 'refused'; code: string; message: string };

export type LedgerContext = { clock: Clock; ids: IdFactory };
export const defaultLedgerContext: LedgerContext = { clock: systemClock, ids: createIdFactory() };

/** What to read under the lock: a whole cycle slice, or only the rows a capture touches (the hot path). */
export type Scope =
  | { kind: 'cycle'; cycle_id: string }
  | { kind: 'capture'; cycle_id: string; contribution_id: string; account_ids: string[] }
  | { kind: 'none' };

export type Idempotency = { key: string; request: unknown };

export class LedgerConflictError extends Error {
  readonly code = 'ledger_conflict';
}

function readSql(group_id: string, scope: Scope, idempotency_key: string | null): string {
  const g = lit(group_id);
  const parts = [`select seq, head_hash from ledger_chain_heads where group_id = ${g} for update`];
  parts.push(
    idempotency_key === null
      ? 'select null::text as event_id, null::text as request_hash where false'
      : `select event_id, request_hash from ledger_events where group_id = ${g} and idempotency_key = ${`'${idempotency_key.replaceAll("'", "''")}'`}`,
  );
  if (scope.kind === 'cycle') {
    const c = lit(scope.cycle_id);
    parts.push(`select * from ledger_accounts where group_id = ${g} and (cycle_id = ${c} or cycle_id is null)`);
    parts.push(`select * from ledger_transfers where group_id = ${g} and cycle_id = ${c}`);
    parts.push(`select * from escrow_cycles where cycle_id = ${c} and group_id = ${g}`);
    for (const t of ['contributions', 'payouts', 'refunds', 'disputes', 'escrow_freezes']) {
      parts.push(`select * from ${t} where group_id = ${g} and cycle_id = ${c}`);
    }
  } else if (scope.kind === 'capture') {
    const c = lit(scope.cycle_id);
    parts.push(`select * from ledger_accounts where id in (${scope.account_ids.map(lit).join(',')})`);
    parts.push(`select * from escrow_cycles where cycle_id = ${c} and group_id = ${g}`);
    parts.push(`select * from contributions where id = ${lit(scope.contribution_id)} and group_id = ${g}`);
  }
  return parts.join(';\n');
}

type Loaded = {
  head: { seq: number; hash: string };
  prior: { event_id: string; request_hash: string } | null;
  state: GroupState;
  baseline: Map<string, Account>;
};

async function lockAndLoad(client: Client, group_id: string, scope: Scope, idempotency_key: string | null): Promise<Loaded> {
  const text = readSql(group_id, scope, idempotency_key);
  let results = (await client.query(text)) as pg.QueryResult[];
  if (results[0].rows.length === 0) {
    // First event of the group: create its head (seq 0, genesis hash), then lock it like any other.
    await client.query({
      text: 'insert into ledger_chain_heads (group_id, seq, head_hash) values ($1, 0, $2) on conflict do nothing',
      values: [group_id, GENESIS_HASH],
    });
    results = (await client.query(text)) as pg.QueryResult[];
  }
  assert(results[0].rows.length === 1, `chain head of ${group_id} missing`);
  const state = createGroupState(group_id);
  const baseline = new Map<string, Account>();
  const put = (rows: Record<string, unknown>[], fn: (r: Record<string, unknown>) => void) => rows.forEach(fn);
  const addAccounts = (rows: Record<string, unknown>[]) =>
    put(rows, (r) => {
      const a = decode.account(r);
      state.ledger.accounts.set(a.id, a);
      baseline.set(a.id, a);
    });
  if (scope.kind === 'cycle') {
    addAccounts(results[2].rows);
    put(results[3].rows, (r) => loadTransfer(state.ledger, decode.transfer(r)));
    put(results[4].rows, (r) => state.cycles.set(String(r.cycle_id), decode.cycles(r)));
    put(results[5].rows, (r) => state.contributions.set(String(r.id), decode.contributions(r)));
    put(results[6].rows, (r) => state.payouts.set(String(r.id), decode.payouts(r)));
    put(results[7].rows, (r) => state.refunds.set(String(r.id), decode.refunds(r)));
    put(results[8].rows, (r) => state.disputes.set(String(r.id), decode.disputes(r)));
    put(results[9].rows, (r) => state.freezes.set(String(r.id), decode.freezes(r)));
  } else if (scope.kind === 'capture') {
    addAccounts(results[2].rows);
    put(results[3].rows, (r) => state.cycles.set(String(r.cycle_id), decode.cycles(r)));
    put(results[4].rows, (r) => state.contributions.set(String(r.id), decode.contributions(r)));
  }
  const head = results[0].rows[0];
  const prior = results[1].rows[0];
  return {
    head: { seq: num(head.seq), hash: String(head.head_hash) },
    prior: prior ? { event_id: String(prior.event_id), request_hash: String(prior.request_hash) } : null,
    state,
    baseline,
  };
}

export const WRITE_SQL = `
with ev as (
  insert into ledger_events (group_id, seq, event_id, event_type, occurred_at, actor, subject, cycle_id, data, prev_hash, hash, idempotency_key, request_hash)
  select group_id, seq, event_id, event_type, occurred_at, actor, subject, cycle_id, data, prev_hash, hash, idempotency_key, request_hash
  from jsonb_to_recordset($1::jsonb) as r(group_id text, seq bigint, event_id text, event_type text, occurred_at timestamptz, actor jsonb,
    subject jsonb, cycle_id text, data jsonb, prev_hash text, hash text, idempotency_key text, request_hash text)
  returning 1
), tr as (
  insert into ledger_transfers (id, group_id, cycle_id, event_id, debit_account_id, credit_account_id, amount_minor, currency, code, flags, pending_id)
  select id, group_id, cycle_id, event_id, debit_account_id, credit_account_id, amount_minor, currency, code, flags, pending_id
  from jsonb_to_recordset($2::jsonb) as r(id text, group_id text, cycle_id text, event_id text, debit_account_id text, credit_account_id text,
    amount_minor bigint, currency text, code text, flags int, pending_id text)
  returning 1
), ac as (
  update ledger_accounts as a set
    debits_pending = a.debits_pending + r.debits_pending, debits_posted = a.debits_posted + r.debits_posted,
    credits_pending = a.credits_pending + r.credits_pending, credits_posted = a.credits_posted + r.credits_posted
  from jsonb_to_recordset($3::jsonb) as r(id text, debits_pending bigint, debits_posted bigint, credits_pending bigint, credits_posted bigint)
  where a.id = r.id
  returning 1
), an as (
  insert into ledger_accounts (id, group_id, cycle_id, member_id, currency, code, flags, debits_pending, debits_posted, credits_pending, credits_posted)
  select id, group_id, cycle_id, member_id, currency, code, flags, debits_pending, debits_posted, credits_pending, credits_posted
  from jsonb_to_recordset($11::jsonb) as r(id text, group_id text, cycle_id text, member_id text, currency text, code text, flags int,
    debits_pending bigint, debits_posted bigint, credits_pending bigint, credits_posted bigint)
  returning 1
), hd as (
  update ledger_chain_heads as h set seq = r.seq, head_hash = r.hash
  from jsonb_to_recordset($4::jsonb) as r(group_id text, seq bigint, hash text, prev_seq bigint)
  where h.group_id = r.group_id and h.seq = r.prev_seq
  returning 1
), cy as (
  insert into escrow_cycles as t (cycle_id, group_id, currency, status, captured_minor, late_fees_minor, released_minor, refunded_minor, charged_back_minor, fees_minor)
  select * from jsonb_to_recordset($5::jsonb) as r(cycle_id text, group_id text, currency text, status text, captured_minor bigint,
    late_fees_minor bigint, released_minor bigint, refunded_minor bigint, charged_back_minor bigint, fees_minor bigint)
  on conflict (cycle_id) do update set status = excluded.status, captured_minor = excluded.captured_minor, late_fees_minor = excluded.late_fees_minor,
    released_minor = excluded.released_minor, refunded_minor = excluded.refunded_minor, charged_back_minor = excluded.charged_back_minor,
    fees_minor = excluded.fees_minor
  returning 1
), co as (
  insert into contributions as t (id, group_id, cycle_id, member_id, currency, amount_minor, late_fee_minor, refunded_minor, status, provider, provider_ref, captured_at, transfer_id)
  select * from jsonb_to_recordset($6::jsonb) as r(id text, group_id text, cycle_id text, member_id text, currency text, amount_minor bigint,
    late_fee_minor bigint, refunded_minor bigint, status text, provider text, provider_ref text, captured_at timestamptz, transfer_id text)
  on conflict (id) do update set member_id = excluded.member_id, currency = excluded.currency, amount_minor = excluded.amount_minor,
    late_fee_minor = excluded.late_fee_minor, refunded_minor = excluded.refunded_minor, status = excluded.status, provider = excluded.provider,
    provider_ref = excluded.provider_ref, captured_at = excluded.captured_at, transfer_id = excluded.transfer_id
  returning 1
), po as (
  insert into payouts as t (id, group_id, cycle_id, recipient_member_id, currency, gross_minor, fee_minor, net_minor, status, provider_ref, failures)
  select * from jsonb_to_recordset($7::jsonb) as r(id text, group_id text, cycle_id text, recipient_member_id text, currency text,
    gross_minor bigint, fee_minor bigint, net_minor bigint, status text, provider_ref text, failures int)
  on conflict (id) do update set currency = excluded.currency, gross_minor = excluded.gross_minor, fee_minor = excluded.fee_minor,
    net_minor = excluded.net_minor, status = excluded.status, provider_ref = excluded.provider_ref, failures = excluded.failures
  returning 1
), rf as (
  insert into refunds as t (id, group_id, cycle_id, contribution_id, member_id, currency, amount_minor, kind, dispute_id, reason, status,
    requested_by, group_admin_approved_by, platform_admin_approved_by, source_account_id)
  select * from jsonb_to_recordset($8::jsonb) as r(id text, group_id text, cycle_id text, contribution_id text, member_id text, currency text,
    amount_minor bigint, kind text, dispute_id text, reason text, status text, requested_by text, group_admin_approved_by text,
    platform_admin_approved_by text, source_account_id text)
  on conflict (id) do update set status = excluded.status, group_admin_approved_by = excluded.group_admin_approved_by,
    platform_admin_approved_by = excluded.platform_admin_approved_by, source_account_id = excluded.source_account_id
  returning 1
), ds as (
  insert into disputes as t (id, group_id, cycle_id, member_id, kind, opened_by, status, outcome, evidence_count)
  select * from jsonb_to_recordset($9::jsonb) as r(id text, group_id text, cycle_id text, member_id text, kind text, opened_by text,
    status text, outcome text, evidence_count int)
  on conflict (id) do update set status = excluded.status, outcome = excluded.outcome, evidence_count = excluded.evidence_count
  returning 1
), fz as (
  insert into escrow_freezes as t (id, group_id, cycle_id, member_id, reason, dispute_id, amount_minor, status)
  select * from jsonb_to_recordset($10::jsonb) as r(id text, group_id text, cycle_id text, member_id text, reason text, dispute_id text,
    amount_minor bigint, status text)
  on conflict (id) do update set status = excluded.status
  returning 1
)
select (select count(*) from ev)::int as events, (select count(*) from hd)::int as heads, (select count(*) from ac)::int as updated`;

/** Existing accounts get deltas (added in SQL, so the CHECK bounds see the true result); new ones are inserted. */
function accountWrites(state: GroupState, baseline: Map<string, Account>): { updates: object[]; inserts: object[] } {
  const updates: object[] = [];
  const inserts: object[] = [];
  for (const id of state.ledger.dirty_accounts) {
    const now = state.ledger.accounts.get(id) as Account;
    const was = baseline.get(id);
    if (!was) {
      inserts.push(now);
      continue;
    }
    updates.push({
      id,
      debits_pending: now.debits_pending - was.debits_pending,
      debits_posted: now.debits_posted - was.debits_posted,
      credits_pending: now.credits_pending - was.credits_pending,
      credits_posted: now.credits_posted - was.credits_posted,
    });
  }
  return { updates, inserts };
}

/** One group's share of a write: its state after the command(s), what it was loaded with, and its new links. */
export type GroupWrite = {
  group_id: string;
  state: GroupState;
  baseline: Map<string, Account>;
  /** The head seq read under the lock; the head only advances from there (else the chain would fork). */
  head_seq_before: number;
  events: (ChainedEvent & { idempotency_key: string | null; request_hash: string | null })[];
};

/** The write statement's parameters for any number of groups (each appearing once), and the row counts to expect. */
export function writeValues(writes: readonly GroupWrite[]): { values: string[]; expected: { events: number; heads: number; updated: number } } {
  const events: object[] = [];
  const transfers: object[] = [];
  const updates: object[] = [];
  const inserts: object[] = [];
  const heads: object[] = [];
  const rows: Record<(typeof projectionTables)[number], object[]> = { cycles: [], contributions: [], payouts: [], refunds: [], disputes: [], freezes: [] };
  for (const w of writes) {
    assert(w.events.length > 0, `group ${w.group_id} has nothing to write`);
    for (const c of w.events) {
      events.push({ ...c.event, seq: c.seq, prev_hash: c.prev_hash, hash: c.hash, idempotency_key: c.idempotency_key, request_hash: c.request_hash });
    }
    for (const id of w.state.ledger.new_transfers) transfers.push(w.state.ledger.transfers.get(id) as object);
    const accounts = accountWrites(w.state, w.baseline);
    updates.push(...accounts.updates);
    inserts.push(...accounts.inserts);
    const last = w.events[w.events.length - 1];
    assert(w.events[0].seq === w.head_seq_before + 1 && last.seq === w.head_seq_before + w.events.length, `events of ${w.group_id} do not continue its head`);
    heads.push({ group_id: w.group_id, seq: last.seq, hash: last.hash, prev_seq: w.head_seq_before });
    for (const t of projectionTables) for (const k of w.state.dirty[t]) rows[t].push((w.state[t] as Map<string, object>).get(k) as object);
  }
  return {
    values: [
      toJson(events),
      toJson(transfers),
      toJson(updates),
      toJson(heads),
      toJson(rows.cycles),
      toJson(rows.contributions),
      toJson(rows.payouts),
      toJson(rows.refunds),
      toJson(rows.disputes),
      toJson(rows.freezes),
      toJson(inserts),
    ],
    expected: { events: events.length, heads: heads.length, updated: updates.length },
  };
}

/** The write statement with its parameters inlined as literals, for a multi-statement round trip. */
export function inlineWriteSql(values: readonly string[]): string {
  return WRITE_SQL.replace(/\$(\d+)::jsonb/g, (_m, n: string) => `${quote(values[Number(n) - 1])}::jsonb`);
}

/** Paired with the lock: every head we read is the head we advanced, else the chain would fork. */
export function assertWritten(row: Record<string, unknown>, expected: { events: number; heads: number; updated: number }, what: string): void {
  if (row.heads !== expected.heads || row.events !== expected.events || row.updated !== expected.updated) {
    throw new LedgerConflictError(`chain head of ${what} moved under the lock`);
  }
}

async function write(client: Client, w: GroupWrite): Promise<void> {
  const { values, expected } = writeValues([w]);
  // Unnamed (planned per call with today's statistics): a named statement's generic plan, cached while
  // the ledger tables were small, kept hash-joining whole tables as they grew (6 ms of Postgres CPU per
  // write at 23,000 accounts in bench:ledger until autoanalyze). Planning costs far less than that.
  const r = (await client.query({ text: WRITE_SQL, values })) as pg.QueryResult;
  assertWritten(r.rows[0], expected, w.group_id);
}

/**
 * Runs one ledger command inside the caller's transaction: lock, check the idempotency key, decide on
 * the loaded state, chain the events and write everything. Refusals and no-ops write nothing.
 */
export async function runCommand(
  tx: Tx,
  group_id: string,
  scope: Scope,
  idempotency: Idempotency | null,
  decide: (state: GroupState) => Decision,
  ctx: LedgerContext = defaultLedgerContext,
): Promise<CommandResult> {
  return withClient(tx, async (client) => {
    const loaded = await lockAndLoad(client, group_id, scope, idempotency?.key ?? null);
    const hash = idempotency ? requestHash(idempotency.request) : '';
    if (idempotency && loaded.prior) {
      if (loaded.prior.request_hash !== hash) {
        return { status: 'refused', code: 'idempotency_key_reused', message: `key ${idempotency.key} was used for a different request` };
      }
      return { status: 'exists', event_ids: [loaded.prior.event_id] };
    }
    const decision = decide(loaded.state);
    if (!decision.ok) return { status: 'refused', code: decision.code, message: decision.message };
    if (decision.drafts.length === 0) return { status: 'noop' };
    const { events, head } = materialize(loaded.state, decision.drafts, loaded.head, ctx);
    const links = events.map((c, i) => ({
      ...c,
      idempotency_key: i === 0 && idempotency ? idempotency.key : null,
      request_hash: i === 0 && idempotency ? hash : null,
    }));
    await write(client, { group_id, state: loaded.state, baseline: loaded.baseline, head_seq_before: loaded.head.seq, events: links });
    return { status: 'created', events: events.map((e) => e.event), seq: head.seq };
  });
}

export { big };
