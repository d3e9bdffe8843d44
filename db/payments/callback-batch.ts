// The batched callback path's statements (group commit for provider callbacks): many verified collection
// callbacks of different payments share one transaction and a handful of round trips —
//   1. `openBatchSql`: BEGIN, then ONE store statement for the whole batch (the per-event
//      `storeProviderEvent` of callback.ts, set-based: lock the payment rows, store each event once, apply
//      the one-way transitions, lock the attempts and dues, read what the handler needs), then the
//      batch's chain heads locked (created first for a group's first event) and the ledger rows read —
//      all in one round trip;
//   2. the ledger write statement of db/ledger (all groups at once), a head check, and `finishBatchSql`
//      (attempts settled, dues paid, quorum notices claimed, outbox) — and COMMIT, in one round trip.
// Callers guarantee that a batch holds at most one event per payment ref.
import type pg from 'pg';
import { GENESIS_HASH } from '../../core/events/canonical.ts';
import { lit, quote } from '../ledger/sql.ts';
import { WRITE_SQL } from '../ledger/store.ts';
import { CONTEXT_COLUMNS, type CollectionContext, contextOf, type StoreInput } from './callback.ts';

// `x = any(array(select …))` beside a join: the planner guesses 100 rows for a JSON document and would hash
// whole tables against it while they are small; an array of keys makes every lookup an index probe.
const STORE_BATCH_SQL = `
with i as (
  select * from jsonb_to_recordset($1::jsonb) as r(n int, id text, provider text, provider_event_id text, type text, provider_type text, ref text,
    provider_ref text, amount_minor bigint, currency text, failure_code text, failure_reason text, payload jsonb, occurred_at timestamptz,
    outcome text, alt_ref text, context int)
), p as (
  select pp.ref, pp.status, pp.alt_ref from provider_payments pp where pp.ref = any(array(select ref from i)) order by pp.ref for update
), dup as (
  select i.n from i join provider_events e on e.provider = i.provider and e.provider_event_id = i.provider_event_id
  where e.provider_event_id = any(array(select provider_event_id from i))
), go as (
  select i.n, p.ref, p.alt_ref, (i.outcome is not null and i.n not in (select n from dup)
    and (p.status = 'pending' or (i.outcome = 'succeeded' and p.status = 'failed'))) as went
  from i join p on p.ref = i.ref
), tr as (
  update provider_payments pp set
    status = case when go.went then i.outcome else pp.status end,
    failure_code = case when go.went then i.failure_code else pp.failure_code end,
    alt_ref = coalesce(pp.alt_ref, i.alt_ref),
    updated_at = now()
  from go join i on i.n = go.n
  where pp.ref = go.ref and pp.ref = any(array(select ref from go)) and (go.went or (go.alt_ref is null and i.alt_ref is not null))
  returning go.n
), ins as (
  insert into provider_events (id, provider, provider_event_id, type, provider_type, ref, provider_ref, amount_minor, currency,
    failure_code, failure_reason, emitted, payload, occurred_at)
  select i.id, i.provider, i.provider_event_id, i.type, i.provider_type, i.ref, i.provider_ref, i.amount_minor, i.currency, i.failure_code,
    i.failure_reason, (not exists (select 1 from p where p.ref = i.ref) or i.outcome is null or coalesce((select went from go where go.n = i.n), false)),
    i.payload, i.occurred_at
  from i where i.n not in (select n from dup)
  order by i.n
  on conflict do nothing
  returning id, emitted
), a as (
  select x.ref, x.contribution_id, x.group_id, x.cycle_id, x.member_id, x.provider, x.amount_minor, x.currency, x.status, i.n, i.context
  from payment_attempts x join i on i.ref = x.ref
  where x.ref = any(array(select ref from i)) and i.context > 0 and i.id in (select id from ins where emitted)
  order by x.ref for update of x
), d as (
  select a.n, d.group_id, g.name as group_name, d.amount_minor, d.late_fee_minor, d.currency, d.status, g.rules,
    (select count(*) from dues y where y.cycle_id = d.cycle_id)::int as dues_total
  from a join dues d on d.cycle_id = a.cycle_id and d.member_id = a.member_id join groups g on g.id = d.group_id
  where a.context = 2
  order by d.cycle_id, d.member_id for update of d
)
select i.n, ins.emitted,
  ${CONTEXT_COLUMNS}
from i left join ins on ins.id = i.id left join a on a.n = i.n left join d on d.n = i.n left join members m on m.id = a.member_id
order by i.n`;

/** As `storeProviderEvent` answers for one event: `stored` false, a redelivery; `emitted` false, stored, not news. */
export type StoredItem = { stored: boolean; emitted: boolean; context: CollectionContext };

/** The batch store's input: one JSON array (one event per known payment ref, at most once each). */
function storeBatchJson(items: readonly StoreInput[]): string {
  const refs = new Set<string>();
  for (const x of items) {
    if (!x.ref || refs.has(x.ref)) throw new Error('a callback batch holds one event per known payment ref');
    refs.add(x.ref);
  }
  return JSON.stringify(
    items.map((x, n) => ({
      n,
      id: x.id,
      provider: x.provider,
      provider_event_id: x.providerEventId,
      type: x.type,
      provider_type: x.providerType,
      ref: x.ref,
      provider_ref: x.providerRef,
      amount_minor: x.amountMinor === null ? null : x.amountMinor.toString(),
      currency: x.currency,
      failure_code: x.failureCode,
      failure_reason: x.failureReason,
      payload: x.payload ?? null,
      occurred_at: x.occurredAt.toISOString(),
      outcome: x.outcome,
      alt_ref: x.altRef,
      context: x.context,
    })),
  );
}

/** The store statement's rows (one per input event, in order) as the per-event store returns them. */
function storedItems(rows: readonly Record<string, unknown>[], count: number): StoredItem[] {
  if (rows.length !== count) throw new Error(`batch store returned ${rows.length} rows for ${count} events`);
  return rows.map((row) => {
    const emitted = row.emitted;
    return { stored: emitted !== null && emitted !== undefined, emitted: emitted === true, context: contextOf(row) };
  });
}

export type LedgerLocked = {
  heads: pg.QueryResultRow[];
  priors: pg.QueryResultRow[];
  accounts: pg.QueryResultRow[];
  escrow_cycles: pg.QueryResultRow[];
  contributions: pg.QueryResultRow[];
  /** cycle_id, member_id, captured (what succeeded attempts captured for the due). */
  captured: pg.QueryResultRow[];
  /** cycle_id, paid (paid or waived dues), notified (quorum notice already claimed). */
  quorum: pg.QueryResultRow[];
  /** cycle facts and the active members' contacts (see audienceSql), for the cycles read ahead. */
  audience: pg.QueryResultRow[];
};

/**
 * Round trip 1 of a batch, one string of statements (simple protocol: literals only, each statement
 * with its own snapshot, so everything after a lock reads current rows):
 *   BEGIN; the store statement (payment rows, events, transitions; attempts and dues locked);
 *   the chain heads of the batch's groups — created if missing (a group's first event), then locked
 *   FOR UPDATE in group order, waiting, never skipping (the attempts and dues are already ours);
 *   then what deciding the captures, confirmations and quorum needs: the capture and quorum keys, the
 *   cycles' ledger accounts, escrow cycles, contributions, the dues' captured sums, the cycles' paid
 *   counts, and the audience of the cycles this batch may complete (a guess, read ahead; a cycle
 *   completed without it costs one more round trip).
 * Groups come from the attempts of the batch's refs (a redelivery's group is locked too: harmless).
 */
export function openBatchSql(items: readonly StoreInput[]): string {
  const json = storeBatchJson(items);
  const refs = `array[${items.map((x) => lit(x.ref as string)).join(',')}]::text[]`;
  return ['begin', `execute pcb_store_v1(${quote(json)}::jsonb)`, ...OPEN_READS.map((r) => `execute ${r.name}(${refs})`)].join(';\n');
}

/** The batch's attempts (by ref), from which the reads below find their groups, cycles and dues. */
const ATT = '(select group_id, cycle_id, member_id, contribution_id, provider, ref from payment_attempts where ref = any($1::text[]))';

/** Round trip 1 after the store, in this order; each a prepared statement taking the batch's refs. */
const OPEN_READS: ReadonlyArray<{ name: string; text: string }> = [
  // A group's first ledger event: create its head (seq 0, genesis hash) as the ledger does, then lock it like any other.
  {
    name: 'pcb_heads_new_v1',
    text: `insert into ledger_chain_heads (group_id, seq, head_hash) select distinct group_id, 0, '${GENESIS_HASH}' from ${ATT} a order by 1 on conflict do nothing`,
  },
  {
    name: 'pcb_heads_v1',
    text: `select group_id, seq, head_hash from ledger_chain_heads where group_id = any(array(select group_id from ${ATT} a)) order by group_id for update`,
  },
  {
    name: 'pcb_priors_v1',
    text: `select e.group_id, e.idempotency_key, e.event_id, e.request_hash from ${ATT} a join ledger_events e on e.group_id = a.group_id
      and e.idempotency_key in ('cap:' || a.provider || ':' || a.ref, 'quorum:' || a.cycle_id)`,
  },
  {
    name: 'pcb_accounts_v1',
    // The cycles' accounts and the groups' own (funding, clearing…), each through ledger_accounts_group_cycle.
    text: `select l.* from (select distinct group_id, cycle_id from ${ATT} a) k join ledger_accounts l on l.group_id = k.group_id and l.cycle_id = k.cycle_id
      union all
      select l.* from (select distinct group_id from ${ATT} a) k join ledger_accounts l on l.group_id = k.group_id and l.cycle_id is null`,
  },
  { name: 'pcb_escrow_cycles_v1', text: `select * from escrow_cycles where cycle_id = any(array(select cycle_id from ${ATT} a))` },
  { name: 'pcb_contributions_v1', text: `select * from contributions where id = any(array(select contribution_id from ${ATT} a))` },
  {
    name: 'pcb_captured_v1',
    text: `select k.cycle_id, k.member_id, (select coalesce(sum(x.captured_minor) filter (where x.status = 'succeeded'), 0) from payment_attempts x
      where x.cycle_id = k.cycle_id and x.member_id = k.member_id)::bigint as captured from (select distinct cycle_id, member_id from ${ATT} a) k`,
  },
  {
    name: 'pcb_quorum_v1',
    text: `select c.id as cycle_id, (c.quorum_notified_at is not null) as notified,
      (select count(*) from dues d where d.cycle_id = c.id and d.status in ('paid', 'waived'))::int as paid
    from cycles c where c.id = any(array(select cycle_id from ${ATT} a))`,
  },
  {
    name: 'pcb_audience_v1',
    text: audienceSql(`select c.id from cycles c join groups g on g.id = c.group_id
      join (select cycle_id, count(*)::int as n from ${ATT} a group by cycle_id) b on b.cycle_id = c.id
    where c.quorum_notified_at is null
      and (select count(*) from dues d where d.cycle_id = c.id and d.status in ('paid', 'waived')) + b.n
        >= greatest(1, ceil((select count(*) from dues d where d.cycle_id = c.id) * coalesce((g.rules->>'quorumPercent')::int, 100) / 100.0))`),
  },
];

const writeParams = Math.max(...[...WRITE_SQL.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));

/** Every statement of the batched path, prepared once per connection (planning them per batch cost more than running them). */
const preparedStatements = (): ReadonlyArray<{ name: string; params: string; text: string }> => [
  { name: 'pcb_store_v1', params: 'jsonb', text: STORE_BATCH_SQL },
  ...OPEN_READS.map((r) => ({ ...r, params: 'text[]' })),
  // The ledger's own write statement (db/ledger ships its text; every parameter is a jsonb document).
  { name: 'pcb_ledger_write_v1', params: Array.from({ length: writeParams }, () => 'jsonb').join(','), text: WRITE_SQL },
  { name: 'pcb_finish_v1', params: 'jsonb,jsonb,int,int,int', text: FINISH_BATCH_SQL },
];

const prepared = new WeakSet<object>();

/** Prepares the batched path's statements on this connection, once (a connection keeps them until it closes). */
export async function preparePaymentBatch(client: pg.ClientBase): Promise<void> {
  if (prepared.has(client)) return;
  try {
    await client.query(
      preparedStatements()
        .map((p) => `prepare ${p.name} (${p.params}) as ${p.text}`)
        .join(';\n'),
    );
  } catch (err) {
    // Already prepared on this connection (another batcher of this process used it first).
    if ((err as { code?: string }).code !== '42P05') throw err;
  }
  prepared.add(client);
}

/** After `prepared statement does not exist` (the session was reset): prepare again on its next batch. */
export function forgetPaymentBatch(client: pg.ClientBase, err: unknown): void {
  if ((err as { code?: string }).code === '26000') prepared.delete(client);
}

/** The ledger write as an EXECUTE of its prepared statement, with `writeValues`' parameters inlined. */
export function ledgerWriteSql(values: readonly string[]): string {
  if (values.length !== writeParams) throw new Error(`the ledger write takes ${writeParams} parameters, got ${values.length}`);
  return `execute pcb_ledger_write_v1(${values.map((v) => `${quote(v)}::jsonb`).join(',')})`;
}

/** Round trip 1's results: the stored events (in input order) and the locked ledger slice. */
export function openBatchResults(results: readonly pg.QueryResult[], count: number): { stored: StoredItem[]; locked: LedgerLocked } {
  if (!Array.isArray(results) || results.length !== 2 + OPEN_READS.length) throw new Error('batch open returned an unexpected number of results');
  const r = results;
  return {
    stored: storedItems(r[1].rows, count),
    locked: {
      heads: r[3].rows,
      priors: r[4].rows,
      accounts: r[5].rows,
      escrow_cycles: r[6].rows,
      contributions: r[7].rows,
      captured: r[8].rows,
      quorum: r[9].rows,
      audience: r[10].rows,
    },
  };
}

function audienceSql(cycles: string): string {
  return `
select c.id as cycle_id, c.group_id, g.name as group_name, c.due_date::text as due_date, c.recipient_member_id,
  (select s.discount_minor from auction_settlements s where s.cycle_id = c.id) as discount_minor,
  m.id as member_id, m.phone_enc, m.name_enc, m.locale, m.country,
  rm.phone_enc as r_phone_enc, rm.name_enc as r_name_enc, rm.locale as r_locale, rm.country as r_country
from cycles c join groups g on g.id = c.group_id
  join group_members gm on gm.group_id = c.group_id and gm.status = 'active' join members m on m.id = gm.member_id
  left join members rm on rm.id = c.recipient_member_id
where c.id in (${cycles})
order by c.id, gm.joined_at, m.id`;
}

/** A pg connection: one string of statements (simple protocol, no parameters) answers one result per statement. */
export type SimpleClient = pg.ClientBase;

/** The quorum notices' audience for cycles not read ahead. */
export async function quorumAudiences(client: SimpleClient, cycleIds: string[]): Promise<pg.QueryResultRow[]> {
  if (cycleIds.length === 0) return [];
  const r = (await client.query(audienceSql([...new Set(cycleIds)].map(lit).join(',')))) as pg.QueryResult;
  return r.rows;
}

export type FinishRow = {
  ref: string;
  cycleId: string;
  memberId: string;
  seq: number;
  hash: string;
  capturedMinor: bigint;
  outcome: string;
  settledAt: Date;
  markPaid: boolean;
  paidAt: Date;
  /** This payment completes the cycle's quorum: claim its notice. */
  claim: boolean;
};

export type OutboxRow = { id: string; chatId: string; kind: string; body: unknown; idempotencyKey: string };

const FINISH_BATCH_SQL = `
with r as (
  select * from jsonb_to_recordset($1::jsonb) as r(ref text, cycle_id text, member_id text, seq bigint, hash text, captured_minor bigint,
    outcome text, settled_at timestamptz, mark_paid boolean, paid_at timestamptz, claim boolean)
), at as (
  update payment_attempts a set status = 'succeeded', captured_minor = r.captured_minor, outcome = r.outcome, ledger_seq = r.seq,
    ledger_hash = r.hash, settled_at = r.settled_at
  from r where a.ref = r.ref and a.ref = any(array(select ref from r))
  returning 1
), dp as (
  update dues d set status = 'paid', paid_at = r.paid_at
  from r where r.mark_paid and d.cycle_id = r.cycle_id and d.member_id = r.member_id and d.status = 'pending'
    and d.cycle_id = any(array(select cycle_id from r)) and d.member_id = any(array(select member_id from r))
  returning 1
), q as (
  update cycles c set quorum_notified_at = r.settled_at, status = 'quorum_met'
  from (select distinct on (cycle_id) cycle_id, settled_at from r where claim order by cycle_id) r
  where c.id = r.cycle_id and c.id = any(array(select cycle_id from r)) and c.quorum_notified_at is null
  returning c.id
), ob as (
  insert into outbox (id, chat_id, kind, body, idempotency_key)
  select o.id, o.chat_id, o.kind, o.body, o.idempotency_key
  from jsonb_to_recordset($2::jsonb) as o(id text, chat_id text, kind text, body jsonb, idempotency_key text)
  on conflict (idempotency_key) do nothing
  returning id
)
select case when f.settled <> $3::int or f.paid <> $4::int or f.claimed <> $5::int
    then ('callback batch finish: settled ' || f.settled || '/' || $3::int || ', paid ' || f.paid || '/' || $4::int
      || ', quorum ' || f.claimed || '/' || $5::int)::int end as failed,
  (select coalesce(array_agg(id), '{}') from ob) as outbox_ids
from (select (select count(*) from at)::int as settled, (select count(*) from dp)::int as paid, (select count(*) from q)::int as claimed) f`;

/**
 * The finishing statement as literal SQL, to run in one round trip after the ledger write (and before
 * COMMIT). It fails — rolling the batch back — unless it settled every attempt, paid every due it was
 * told to and claimed every quorum notice: those rows are locked by this transaction, so anything else
 * means a row changed under us. Its one row: `outbox_ids`.
 */
export function finishBatchSql(rows: readonly FinishRow[], messages: readonly OutboxRow[]): string {
  const r = JSON.stringify(
    rows.map((x) => ({
      ref: x.ref,
      cycle_id: x.cycleId,
      member_id: x.memberId,
      seq: x.seq,
      hash: x.hash,
      captured_minor: x.capturedMinor.toString(),
      outcome: x.outcome,
      settled_at: x.settledAt.toISOString(),
      mark_paid: x.markPaid,
      paid_at: x.paidAt.toISOString(),
      claim: x.claim,
    })),
  );
  const m = JSON.stringify(messages.map((x) => ({ id: x.id, chat_id: x.chatId, kind: x.kind, body: x.body, idempotency_key: x.idempotencyKey })));
  const settled = rows.length;
  const paid = rows.filter((x) => x.markPaid).length;
  const claimed = new Set(rows.filter((x) => x.claim).map((x) => x.cycleId)).size;
  return `execute pcb_finish_v1(${quote(r)}::jsonb, ${quote(m)}::jsonb, ${settled}, ${paid}, ${claimed})`;
}
