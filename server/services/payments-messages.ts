// The member messages a collection callback produces, built in one place for both paths that apply
// callbacks (the single path, payments-events.ts, and the batched one, server/payments/callback-batch.ts):
// the receipt (12.10) or the partial / duplicate / overpaid notices, and the quorum notices (12.11 + 12.12).
import { buttons, t } from '../../core/i18n/index.ts';
import { type Money, money } from '../../core/money.ts';
import type { OutboundMessage } from '../../db/channel.ts';
import { dateText, formatAmount } from '../../tools/groups-text.ts';
import { receiptId, type Who } from './payments-common.ts';

export const amountText = (minor: bigint, currency: string, w: Who) => formatAmount(money(currency, minor), w.locale);

export type CollectionOutcome = 'partial' | 'exact' | 'over' | 'duplicate';

/** What the member is told about one successful collection, in order (ids are the caller's). */
export function collectionMessages(
  w: Who,
  attempt: { ref: string; contributionId: string; currency: string },
  groupName: string,
  x: {
    outcome: CollectionOutcome;
    paidMinor: bigint;
    /** What was owed before this payment (for the remainder of a partial one). */
    owedMinor: bigint;
    /** What is refunded (the surplus of an over payment). */
    extraMinor: bigint;
    occurredAt: Date;
    ledgerSeq: number;
    /** The receipt's short ledger hash, or the slot the finishing statement fills in. */
    ledgerHash: string;
  },
): OutboundMessage[] {
  const { ref, contributionId, currency } = attempt;
  const out: OutboundMessage[] = [];
  const key = (k: string) => `payment:${ref}:${k}`;
  const vars = { amount: amountText(x.paidMinor, currency, w), currency, group_name: groupName };
  const receipt = { receipt_id: receiptId(contributionId), ledger_seq: x.ledgerSeq, ledger_hash: x.ledgerHash };
  if (x.outcome === 'partial') {
    out.push({
      chatId: w.chatId,
      kind: 'text',
      body: { text: t(w.locale, 'payment.partial', { ...vars, ...receipt, remaining: amountText(x.owedMinor - x.paidMinor, currency, w) }) },
      idempotencyKey: key('partial'),
    });
  } else if (x.outcome === 'duplicate') {
    out.push({ chatId: w.chatId, kind: 'text', body: { text: t(w.locale, 'payment.duplicate', vars) }, idempotencyKey: key('duplicate') });
  } else {
    const paidAt = dateText(w.locale, x.occurredAt.toISOString().slice(0, 10));
    out.push({
      chatId: w.chatId,
      kind: 'text',
      body: { text: t(w.locale, 'payment.receipt', { ...vars, ...receipt, paid_at: paidAt, name: w.name }) },
      idempotencyKey: key('receipt'),
    });
    if (x.outcome === 'over') {
      out.push({
        chatId: w.chatId,
        kind: 'text',
        body: { text: t(w.locale, 'payment.overpaid', { extra: amountText(x.extraMinor, currency, w), currency, group_name: groupName }) },
        idempotencyKey: key('over'),
      });
    }
  }
  return out;
}

/**
 * 12.11 + 12.12 to every member of a cycle whose quorum was just claimed, with the same keys as the groups'
 * quorum sweep (whoever is first sends). `pot` is what the recipient gets before the fee: pot − discount
 * once an auction cycle's bidding settled.
 */
export function quorumNoticeMessages(
  audience: readonly Who[],
  x: { cycleId: string; groupName: string; dueDate: string; recipient: Who | undefined; pot: Money },
): OutboundMessage[] {
  return audience.flatMap((w): OutboundMessage[] => [
    {
      chatId: w.chatId,
      kind: 'text',
      body: {
        text: t(w.locale, 'cycle.quorum_met', {
          group_name: x.groupName,
          payout_date: dateText(w.locale, x.dueDate),
          recipient_name: x.recipient?.name || '—',
        }),
      },
      idempotencyKey: `quorum:${x.cycleId}:${w.memberId}`,
    },
    {
      chatId: w.chatId,
      kind: 'buttons',
      body: {
        body: t(w.locale, 'payout.scheduled', {
          payout_date: dateText(w.locale, x.dueDate),
          amount: formatAmount(x.pot, w.locale),
          currency: x.pot.currency,
          recipient_name: x.recipient?.name || '—',
        }),
        buttons: buttons(w.locale, 'payout_scheduled'),
      },
      idempotencyKey: `payout-scheduled:${x.cycleId}:${w.memberId}`,
    },
  ]);
}
