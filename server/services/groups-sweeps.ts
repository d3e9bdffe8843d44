// The groups' timed work, run by the minute sweep (pg-boss cron) and after the sandbox clock moves:
// due reminders (12.6, 2 days before and on the day), the overdue nudge (12.14) and the late fee after
// the grace period, and the quorum-met (12.11) + payout-scheduled (12.12) notices. Set-based: each batch
// is one select, one claim insert and one outbox insert, in one transaction, so a crash between them
// loses nothing and a retry or a second worker never sends the same reminder twice. The quorum sweep also
// closes the groups whose every cycle has paid out (groups-lifecycle.ts sweepCompletions).
import { sql } from 'drizzle-orm';
import { buttons, t } from '../../core/i18n/index.ts';
import { chatIdFromE164 } from '../../core/identity/phone.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { money } from '../../core/money.ts';
import {
  daysBetween,
  type GroupRules,
  type GroupRulesJson,
  lateFeeFor,
  lateFeeIncrement,
  localDateOf,
  quorumRequired,
  rulesFromJson,
} from '../../core/rosca/index.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Db } from '../../db/client.ts';
import {
  chargeLateFees,
  claimSends,
  type DueReminderRow,
  dueReminders,
  enqueueOutboundBatch,
  type LateFeeRow,
  markQuorumNotified,
  perDayLateFeeDues,
  quorumCandidates,
  raiseLateFees,
  sendKey,
} from '../../db/groups/reminders.ts';
import { settledPayoutMinor } from '../../db/groups/auction.ts';
import { membersOfGroup } from '../../db/groups/repo.ts';
import { appendGroupEvent, type LedgerContext } from '../../db/ledger/services.ts';
import type { Locale } from '../../tools/context.ts';
import { dateText, formatAmount, formatMoneyText } from '../../tools/groups-text.ts';
import { contactOf } from './groups.ts';
import { sweepCompletions } from './groups-lifecycle.ts';

export const reminder_batch_size = 5_000;
export const sweep_batches_max = 1_000;

export type SweepDeps = { db: Db; pii: PiiCipher; deliver: (ids: string[]) => void; ledgerContext?: LedgerContext };

const LOCALES = new Set(['en', 'fr', 'sw']);

/** Sends every reminder, nudge and late-fee notice due at `now`. Returns how many messages it enqueued. */
export async function sweepReminders(deps: SweepDeps, now: Date, opts: { batchSize?: number; deliver?: boolean } = {}): Promise<number> {
  const batch = opts.batchSize ?? reminder_batch_size;
  const rulesCache = new Map<string, GroupRules>();
  let sent = 0;
  for (let i = 0; i < sweep_batches_max; i++) {
    const rows = await dueReminders(deps.db, now, batch);
    if (rows.length === 0) break;
    const ids = await deps.db.transaction(async (tx) => {
      const planned: Array<{ row: DueReminderRow; kind: string; fee?: bigint }> = [];
      for (const row of rows) {
        planned.push({ row, kind: row.kind });
        if (row.kind === 'overdue') {
          const fee = feeFor(row, now, rulesCache);
          if (fee > 0n) planned.push({ row, kind: 'late_fee', fee });
        }
      }
      const claimed = await claimSends(
        tx,
        planned.map((p) => ({ cycleId: p.row.cycle_id, memberId: p.row.member_id, kind: p.kind })),
        now,
      );
      const mine = planned.filter((p) => claimed.has(sendKey(p.row.cycle_id, p.row.member_id, p.kind)));
      await chargeLateFees(
        tx,
        mine.filter((p) => p.fee !== undefined).map((p) => ({ cycleId: p.row.cycle_id, memberId: p.row.member_id, feeMinor: p.fee as bigint })),
      );
      const decrypted = new Map<string, { chatId: string; name: string }>();
      const messages: OutboundMessage[] = mine.map((p) => {
        const key = `${p.row.cycle_id}:${p.row.member_id}`;
        let who = decrypted.get(key);
        if (!who) {
          who = { chatId: chatIdFromE164(deps.pii.decrypt(p.row.phone_enc)), name: p.row.name_enc ? deps.pii.decrypt(p.row.name_enc) : '' };
          decrypted.set(key, who);
        }
        return render(p.row, p.kind, who, now, p.fee, rulesCache);
      });
      return enqueueOutboundBatch(tx, messages);
    });
    sent += ids.length;
    if (opts.deliver !== false) deps.deliver(ids);
    if (rows.length < batch) break;
  }
  return sent + (await sweepDailyLateFees(deps, now, { batchSize: batch, deliver: opts.deliver }));
}

/**
 * `per: 'day'` late fees: after the first fee (charged with the overdue nudge), each further local day
 * late adds one more unit, up to one contribution. What was charged so far is `dues.late_fee_minor`; the
 * increment is lateFeeIncrement(owed now, charged so far), applied by compare-and-set, so a rerun, a
 * retry or a second worker never charges a day twice. The member is told each increment (once per
 * total, by its outbox key) unless their reminders are paused.
 */
export async function sweepDailyLateFees(deps: SweepDeps, now: Date, opts: { batchSize?: number; deliver?: boolean } = {}): Promise<number> {
  const batch = opts.batchSize ?? reminder_batch_size;
  const rulesCache = new Map<string, GroupRules>();
  let after: { cycleId: string; memberId: string } | null = null;
  let sent = 0;
  for (let i = 0; i < sweep_batches_max; i++) {
    const rows = await perDayLateFeeDues(deps.db, now, after, batch);
    if (rows.length === 0) break;
    const last = rows[rows.length - 1];
    after = { cycleId: last.cycle_id, memberId: last.member_id };
    const due = rows
      .map((row) => {
        const rules = rulesOf(row, rulesCache);
        const days = Math.max(daysLateAt(row, now), rules.graceDays + 1);
        const charged = money(row.currency, row.late_fee_minor);
        const inc = lateFeeIncrement(rules, days, charged).minor;
        return { row, inc, owed: charged.minor + inc };
      })
      .filter((x) => x.inc > 0n);
    if (due.length) {
      const ids = await deps.db.transaction(async (tx) => {
        const charged = await raiseLateFees(
          tx,
          due.map((x) => ({ cycleId: x.row.cycle_id, memberId: x.row.member_id, fromMinor: x.row.late_fee_minor, toMinor: x.owed })),
        );
        const paused = await pausedOf(tx, [...new Set(due.map((x) => x.row.member_id))]);
        const messages = due
          .filter((x) => charged.has(`${x.row.cycle_id}:${x.row.member_id}`) && !paused.has(x.row.member_id))
          .map((x) => dailyFeeMessage(deps, x.row, x.inc, x.owed));
        return enqueueOutboundBatch(tx, messages);
      });
      sent += ids.length;
      if (opts.deliver !== false) deps.deliver(ids);
    }
    if (rows.length < batch) break;
  }
  return sent;
}

async function pausedOf(tx: Parameters<typeof enqueueOutboundBatch>[0], memberIds: string[]): Promise<Set<string>> {
  const r = await tx.execute(sql`select id from members where reminders_paused = true and id = any(${sql.param(memberIds)}::text[])`);
  return new Set((r.rows as Array<{ id: string }>).map((x) => x.id));
}

function dailyFeeMessage(deps: SweepDeps, row: LateFeeRow, inc: bigint, owed: bigint): OutboundMessage {
  const locale = (row.locale && LOCALES.has(row.locale) ? row.locale : 'en') as Locale;
  return {
    chatId: chatIdFromE164(deps.pii.decrypt(row.phone_enc)),
    kind: 'text',
    body: {
      text: t(locale, 'late_fee.applied', {
        fee: formatMoneyText(money(row.currency, inc), locale),
        group_name: row.group_name,
        cycle_no: row.cycle_no,
        total: formatMoneyText(money(row.currency, row.amount_minor + owed), locale),
      }),
    },
    idempotencyKey: `late-fee:${row.cycle_id}:${row.member_id}:${owed}`,
  };
}

function rulesOf(row: { group_id: string; rules: unknown }, cache: Map<string, GroupRules>): GroupRules {
  let r = cache.get(row.group_id);
  if (!r) {
    r = rulesFromJson(row.rules as GroupRulesJson);
    cache.set(row.group_id, r);
  }
  return r;
}

function daysLateAt(row: Pick<DueReminderRow, 'due_date' | 'time_zone'>, now: Date): number {
  return Math.max(1, daysBetween(row.due_date, localDateOf(now, row.time_zone)));
}

/** Past the grace deadline a contribution is at least one chargeable day late. */
function feeFor(row: DueReminderRow, now: Date, cache: Map<string, GroupRules>): bigint {
  const rules = rulesOf(row, cache);
  if (rules.lateFee.kind === 'none') return 0n;
  return lateFeeFor(rules, Math.max(daysLateAt(row, now), rules.graceDays + 1)).minor;
}

function render(
  row: DueReminderRow,
  kind: string,
  who: { chatId: string; name: string },
  now: Date,
  fee: bigint | undefined,
  cache: Map<string, GroupRules>,
): OutboundMessage {
  const locale = (row.locale && LOCALES.has(row.locale) ? row.locale : 'en') as Locale;
  const amount = money(row.currency, row.amount_minor);
  const base = { group_name: row.group_name, name: who.name, amount: formatAmount(amount, locale), currency: row.currency };
  const idempotencyKey = `reminder:${row.cycle_id}:${row.member_id}:${kind}`;
  if (kind === 'before') {
    return {
      chatId: who.chatId,
      kind: 'buttons',
      body: { body: t(locale, 'reminder.due', { ...base, due_date: dateText(locale, row.due_date) }), buttons: buttons(locale, 'reminder_due') },
      idempotencyKey,
    };
  }
  if (kind === 'due_day') {
    const rules = rulesOf(row, cache);
    return {
      chatId: who.chatId,
      kind: 'buttons',
      body: {
        body: t(locale, 'reminder.due_today', { ...base, due_time: `${String(rules.dueHour).padStart(2, '0')}:00` }),
        buttons: buttons(locale, 'reminder_due'),
      },
      idempotencyKey,
    };
  }
  if (kind === 'overdue') {
    return {
      chatId: who.chatId,
      kind: 'buttons',
      body: { body: t(locale, 'reminder.overdue', { ...base, days_late: daysLateAt(row, now) }), buttons: buttons(locale, 'overdue') },
      idempotencyKey,
    };
  }
  const feeMoney = money(row.currency, fee ?? 0n);
  return {
    chatId: who.chatId,
    kind: 'text',
    body: {
      text: t(locale, 'late_fee.applied', {
        fee: formatMoneyText(feeMoney, locale),
        group_name: row.group_name,
        cycle_no: row.cycle_no,
        total: formatMoneyText(money(row.currency, row.amount_minor + feeMoney.minor), locale),
      }),
    },
    idempotencyKey,
  };
}

/** Quorum met (12.11) and payout scheduled (12.12), once per cycle, to every member. */
export async function sweepQuorum(deps: SweepDeps, now: Date): Promise<number> {
  let sent = 0;
  for (const c of await quorumCandidates(deps.db, now, 500)) {
    const rules = rulesFromJson(c.rules as GroupRulesJson);
    if (c.paid < quorumRequired(c.total, rules.quorumPercent)) continue;
    const ids = await deps.db.transaction(async (tx) => {
      if (!(await markQuorumNotified(tx, c.cycle_id, now))) return [];
      if (deps.ledgerContext) {
        await appendGroupEvent(
          tx,
          c.group_id,
          {
            event_type: 'cycle.quorum.met',
            actor: { type: 'system', id: 'groups' },
            subject: { type: 'cycle', id: c.cycle_id },
            cycle_id: c.cycle_id,
            data: { contributions_count: c.paid, quorum_required: quorumRequired(c.total, rules.quorumPercent) },
            idempotencyKey: `quorum:${c.cycle_id}`,
          },
          deps.ledgerContext,
        );
      }
      const recipient = c.recipient_member_id ? await contactOf(tx, deps.pii, c.recipient_member_id) : null;
      // An auction cycle's recipient gets pot − discount once bidding settled (12.12 states that amount).
      const pot = money(rules.contribution.currency, await settledPayoutMinor(tx, c.cycle_id, rules.contribution.minor * BigInt(c.total)));
      const out: OutboundMessage[] = [];
      for (const m of await membersOfGroup(tx, c.group_id)) {
        const who = await contactOf(tx, deps.pii, m.memberId);
        const recipientName = recipient?.name ?? '—';
        out.push({
          chatId: who.chatId,
          kind: 'text',
          body: {
            text: t(who.locale, 'cycle.quorum_met', { group_name: c.group_name, payout_date: dateText(who.locale, c.due_date), recipient_name: recipientName }),
          },
          idempotencyKey: `quorum:${c.cycle_id}:${m.memberId}`,
        });
        out.push({
          chatId: who.chatId,
          kind: 'buttons',
          body: {
            body: t(who.locale, 'payout.scheduled', {
              payout_date: dateText(who.locale, c.due_date),
              amount: formatAmount(pot, who.locale),
              currency: pot.currency,
              recipient_name: recipientName,
            }),
            buttons: buttons(who.locale, 'payout_scheduled'),
          },
          idempotencyKey: `payout-scheduled:${c.cycle_id}:${m.memberId}`,
        });
      }
      return enqueueOutbound(tx, out);
    });
    sent += ids.length;
    deps.deliver(ids);
  }
  // A group whose last payout completed is closed here (once), with its closing summary to every member.
  await sweepCompletions(deps, now);
  return sent;
}
