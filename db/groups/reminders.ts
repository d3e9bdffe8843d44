// The set-based side of the group sweeps: which reminders, nudges and late fees are due and not yet
// sent (an anti-join on reminder_sends), and recording sends so each one happens at most once per
// cycle × member × kind — the unique key decides between retries and concurrent sweeps.
import { sql } from 'drizzle-orm';
import { newId } from '../../core/ids.ts';
import type { OutboundMessage } from '../channel.ts';
import type { Tx } from '../client.ts';

export type DueReminderRow = {
  cycle_id: string;
  member_id: string;
  group_id: string;
  kind: 'before' | 'due_day' | 'overdue';
  group_name: string;
  amount_minor: bigint;
  late_fee_minor: bigint;
  currency: string;
  due_date: string;
  due_at: Date;
  cycle_no: number;
  rules: unknown;
  time_zone: string;
  phone_enc: string;
  name_enc: string | null;
  locale: string | null;
};

/** An overdue nudge older than this is not sent any more (a sweep that was down for weeks stays quiet). */
export const overdue_nudge_window_days = 7;

/**
 * Up to `limit` reminders due at `now` and not yet sent. Before the due instant: the "2 days before"
 * reminder until the due day's reminder time, then the due-day one (a late sweep sends only the newest).
 * After the grace deadline: the overdue nudge. Paid dues, paused members and closed groups get nothing.
 */
export async function dueReminders(tx: Tx, now: Date, limit: number): Promise<DueReminderRow[]> {
  const at = now.toISOString();
  const r = await tx.execute(sql`
    select d.cycle_id, d.member_id, d.group_id, k.kind, g.name as group_name, d.amount_minor, d.late_fee_minor, d.currency,
           c.due_date, c.due_at, c.cycle_no, g.rules, g.time_zone, m.phone_enc, m.name_enc, m.locale
    from cycles c
    join groups g on g.id = c.group_id and g.status = 'active'
    cross join lateral (
      select case
        when c.grace_deadline_at <= ${at}::timestamptz then 'overdue'
        when coalesce(c.remind_due_day_at, c.due_at) <= ${at}::timestamptz then 'due_day'
        else 'before' end as kind
    ) k
    join dues d on d.cycle_id = c.id and d.status = 'pending'
    join members m on m.id = d.member_id and m.reminders_paused = false
    -- a removed member is not reminded any more
    join group_members gm on gm.group_id = d.group_id and gm.member_id = d.member_id and gm.status = 'active'
    where (
        (c.remind_before_at <= ${at}::timestamptz and c.due_at > ${at}::timestamptz)
        or (c.grace_deadline_at <= ${at}::timestamptz and c.grace_deadline_at > ${at}::timestamptz - make_interval(days => ${overdue_nudge_window_days}))
      )
      and not exists (select 1 from reminder_sends s where s.cycle_id = d.cycle_id and s.member_id = d.member_id and s.kind = k.kind)
    limit ${limit}`);
  return r.rows as DueReminderRow[];
}

/**
 * Claims sends: inserts (cycle, member, kind) rows and returns only the ones this call inserted. A
 * concurrent sweep claiming the same row waits for ours to commit, then gets nothing back.
 */
export async function claimSends(tx: Tx, sends: Array<{ cycleId: string; memberId: string; kind: string }>, now: Date): Promise<Set<string>> {
  if (sends.length === 0) return new Set();
  const r = await tx.execute(sql`
    insert into reminder_sends (cycle_id, member_id, kind, sent_at)
    select c, m, k, ${now.toISOString()}::timestamptz
    from unnest(${sql.param(sends.map((s) => s.cycleId))}::text[], ${sql.param(sends.map((s) => s.memberId))}::text[], ${sql.param(sends.map((s) => s.kind))}::text[]) as u(c, m, k)
    on conflict do nothing
    returning cycle_id, member_id, kind`);
  return new Set((r.rows as Array<{ cycle_id: string; member_id: string; kind: string }>).map((x) => sendKey(x.cycle_id, x.member_id, x.kind)));
}

export function sendKey(cycleId: string, memberId: string, kind: string): string {
  return `${cycleId}:${memberId}:${kind}`;
}

/** Sets the late fee charged on dues (only ever upwards). */
export async function chargeLateFees(tx: Tx, fees: Array<{ cycleId: string; memberId: string; feeMinor: bigint }>): Promise<void> {
  if (fees.length === 0) return;
  const rows = fees.map((f) => sql`(${f.cycleId}, ${f.memberId}, ${f.feeMinor.toString()}::bigint)`);
  await tx.execute(sql`
    update dues d set late_fee_minor = greatest(d.late_fee_minor, v.fee)
    from (values ${sql.join(rows, sql`, `)}) as v(cycle_id, member_id, fee)
    where d.cycle_id = v.cycle_id and d.member_id = v.member_id`);
}

export type QuorumCandidate = {
  cycle_id: string;
  group_id: string;
  group_name: string;
  cycle_no: number;
  due_date: string;
  due_at: Date;
  recipient_member_id: string | null;
  rules: unknown;
  paid: number;
  total: number;
};

/** Cycles of running groups with at least one paid due and no quorum notice yet. */
export async function quorumCandidates(tx: Tx, now: Date, limit: number): Promise<QuorumCandidate[]> {
  const r = await tx.execute(sql`
    select c.id as cycle_id, c.group_id, g.name as group_name, c.cycle_no, c.due_date, c.due_at, c.recipient_member_id, g.rules,
           count(*) filter (where d.status = 'paid')::int as paid, count(*)::int as total
    from cycles c
    join groups g on g.id = c.group_id and g.status = 'active'
    join dues d on d.cycle_id = c.id
    where c.quorum_notified_at is null and c.status <> 'dropped' and c.due_at > ${now.toISOString()}::timestamptz - interval '60 days'
    group by c.id, g.id
    having count(*) filter (where d.status = 'paid') > 0
    limit ${limit}`);
  return r.rows as QuorumCandidate[];
}

/** Marks a cycle's quorum notice as sent; false when another sweep already did. */
export async function markQuorumNotified(tx: Tx, cycleId: string, now: Date): Promise<boolean> {
  const r = await tx.execute(
    sql`update cycles set quorum_notified_at = ${now.toISOString()}::timestamptz, status = 'quorum_met' where id = ${cycleId} and quorum_notified_at is null and status <> 'dropped' returning id`,
  );
  return r.rows.length > 0;
}

/**
 * The outbox insert of a sweep batch as one statement over five array parameters (a row-per-VALUES
 * insert of thousands of messages costs more in parameter building than in Postgres). Same contract as
 * enqueueOutbound: a repeated idempotency key is a no-op.
 */
export async function enqueueOutboundBatch(tx: Tx, messages: OutboundMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const ids = messages.map(() => newId('obx'));
  const r = await tx.execute(sql`
    insert into outbox (id, chat_id, kind, body, idempotency_key)
    select * from unnest(${sql.param(ids)}::text[], ${sql.param(messages.map((m) => m.chatId))}::text[], ${sql.param(messages.map((m) => m.kind))}::text[],
                         ${sql.param(messages.map((m) => JSON.stringify(m.body)))}::jsonb[], ${sql.param(messages.map((m) => m.idempotencyKey))}::text[])
    on conflict (idempotency_key) do nothing
    returning id`);
  return (r.rows as Array<{ id: string }>).map((x) => x.id);
}

export type LateFeeRow = Omit<DueReminderRow, 'kind' | 'due_at'>;

/**
 * Unpaid dues past their grace deadline in groups whose late fee runs per day, once the first fee was
 * charged (the `late_fee` send), in key order from `after` (keyset pages, so a sweep reads each once).
 */
export async function perDayLateFeeDues(tx: Tx, now: Date, after: { cycleId: string; memberId: string } | null, limit: number): Promise<LateFeeRow[]> {
  const at = now.toISOString();
  const r = await tx.execute(sql`
    select d.cycle_id, d.member_id, d.group_id, g.name as group_name, d.amount_minor, d.late_fee_minor, d.currency,
           c.due_date, c.cycle_no, g.rules, g.time_zone, m.phone_enc, m.name_enc, m.locale
    from dues d
    join cycles c on c.id = d.cycle_id and c.grace_deadline_at <= ${at}::timestamptz
    join groups g on g.id = d.group_id and g.status = 'active' and g.rules->'lateFee'->>'per' = 'day'
    join members m on m.id = d.member_id
    join group_members gm on gm.group_id = d.group_id and gm.member_id = d.member_id and gm.status = 'active'
    where d.status = 'pending' and d.late_fee_minor < d.amount_minor
      and (d.cycle_id, d.member_id) > (${after?.cycleId ?? ''}, ${after?.memberId ?? ''})
      and exists (select 1 from reminder_sends s where s.cycle_id = d.cycle_id and s.member_id = d.member_id and s.kind = 'late_fee')
    order by d.cycle_id, d.member_id
    limit ${limit}`);
  return r.rows as LateFeeRow[];
}

/**
 * Raises late fees from exactly what was read to the new total (compare-and-set): a rerun or a
 * concurrent sweep that already charged finds a different value and changes nothing. Returns the
 * `cycle:member` keys this call charged.
 */
export async function raiseLateFees(tx: Tx, fees: Array<{ cycleId: string; memberId: string; fromMinor: bigint; toMinor: bigint }>): Promise<Set<string>> {
  if (fees.length === 0) return new Set();
  const r = await tx.execute(sql`
    update dues d set late_fee_minor = v.to_minor
    from unnest(${sql.param(fees.map((f) => f.cycleId))}::text[], ${sql.param(fees.map((f) => f.memberId))}::text[],
                ${sql.param(fees.map((f) => f.fromMinor.toString()))}::bigint[], ${sql.param(fees.map((f) => f.toMinor.toString()))}::bigint[])
         as v(cycle_id, member_id, from_minor, to_minor)
    where d.cycle_id = v.cycle_id and d.member_id = v.member_id and d.late_fee_minor = v.from_minor and d.status = 'pending'
    returning d.cycle_id, d.member_id`);
  return new Set((r.rows as Array<{ cycle_id: string; member_id: string }>).map((x) => `${x.cycle_id}:${x.member_id}`));
}
