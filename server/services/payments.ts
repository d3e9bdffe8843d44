// The PaymentServices port: what a member owes, starting a collection (M-Pesa for Kenyan numbers,
// pawaPay elsewhere, a Stripe Checkout link for cards), payment status, receipts and upcoming payouts.
// Starting a collection records an attempt first (keyed by the tool call), then asks the provider; the
// money only counts when the provider's verified callback arrives (payments-events.ts).
import { inArray } from 'drizzle-orm';
import { newId } from '../../core/ids.ts';
import { maskPhone } from '../../core/identity/phone.ts';
import { money } from '../../core/money.ts';
import { getMember } from '../../db/members.ts';
import { groups } from '../../db/schema/groups.ts';
import { attemptByRef, insertAttempt, latestAttempts, pendingAttemptForDue, receiptsOf, updateAttempt, type AttemptRow } from '../../db/payments/attempts.ts';
import { contactsOf, openDuesOf, upcomingPayoutsFor } from '../../db/payments/dues.ts';
import type { CollectResult, PaymentServices, PaymentView } from '../../tools/services.ts';
import { failureKind, mobileMoneyProviderFor, type PaymentsDeps, receiptId } from './payments-common.ts';

/** A second PAY while a prompt younger than this is pending answers "still waiting" instead of charging twice. */
export const pending_prompt_window_ms = 10 * 60_000;

export function createPaymentServices(deps: PaymentsDeps): PaymentServices {
  const { db, pii, clock } = deps;

  async function groupNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .select({ id: groups.id, name: groups.name })
      .from(groups)
      .where(inArray(groups.id, [...new Set(ids)]));
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  function view(a: AttemptRow, groupName: string): PaymentView {
    return {
      ref: a.ref,
      status: a.status as PaymentView['status'],
      amount: money(a.currency, a.capturedMinor ?? a.amountMinor),
      groupName,
      receiptId: receiptId(a.contributionId),
      ledgerSeq: a.ledgerSeq ?? null,
      ledgerHash: a.ledgerHash ?? null,
      paidAt: a.settledAt && a.status === 'succeeded' ? a.settledAt.toISOString().slice(0, 10) : null,
      failure: a.failureCode ?? null,
    };
  }

  return {
    async openDues(memberId) {
      return (await openDuesOf(db, memberId))
        .map((d) => ({
          cycleId: d.cycle_id,
          groupId: d.group_id,
          groupName: d.group_name,
          dueDate: d.due_date,
          owed: money(d.currency, d.amount_minor + d.late_fee_minor - d.captured_minor),
        }))
        .filter((d) => d.owed.minor > 0n);
    },

    async collect(memberId, x, idempotencyKey): Promise<CollectResult> {
      const now = clock.now();
      const member = await getMember(db, pii, memberId);
      if (!member) throw new Error(`unknown member ${memberId}`);
      const phone = x.method === 'mobile_money' ? (x.phone ?? member.phone) : undefined;
      const provider = x.method === 'card' ? 'stripe' : mobileMoneyProviderFor(phone as string);
      const adapter = deps.providers[provider];
      if (!adapter) return { status: 'unavailable' };
      const prepared = await db.transaction(async (tx) => {
        const due = (await openDuesOf(tx, memberId)).find((d) => d.cycle_id === x.cycleId);
        if (!due) return { done: { status: 'nothing_due', groupName: '' } as CollectResult };
        const owed = due.amount_minor + due.late_fee_minor - due.captured_minor;
        if (owed <= 0n) return { done: { status: 'nothing_due', groupName: due.group_name } as CollectResult };
        const pending = await pendingAttemptForDue(tx, x.cycleId, memberId, new Date(now.getTime() - pending_prompt_window_ms));
        if (pending && pending.idempotencyKey !== idempotencyKey) return { done: { status: 'pending', ref: pending.ref } as CollectResult };
        const { row } = await insertAttempt(tx, {
          ref: newId('pay'),
          contributionId: newId('ctr'),
          idempotencyKey,
          groupId: due.group_id,
          cycleId: due.cycle_id,
          memberId,
          method: x.method,
          provider,
          phoneMasked: phone ? maskPhone(phone) : null,
          amountMinor: owed,
          currency: due.currency,
          createdAt: now,
        });
        return { row, label: `${due.group_name} #${due.cycle_no}` };
      });
      if ('done' in prepared) return prepared.done as CollectResult;
      const a = prepared.row;
      const amount = money(a.currency, a.amountMinor);
      if (a.status !== 'pending') return { status: 'pending', ref: a.ref };
      const init = await adapter.collect({
        ref: a.ref,
        amount,
        phone,
        description: prepared.label,
        metadata: { contributionId: a.contributionId, groupId: a.groupId, cycleId: a.cycleId, memberId, accountReference: 'LIKELEMBA' },
        successUrl: `${deps.publicBaseUrl}/payments/stripe/done`,
        cancelUrl: `${deps.publicBaseUrl}/payments/stripe/cancelled`,
      });
      if (init.status === 'rejected') {
        const kind = init.failure.code === 'INVALID_INPUT' || init.failure.code === 'INVALID_PHONE_NUMBER' ? 'invalid_number' : failureKind(init.failure);
        await updateAttempt(db, a.ref, { status: 'failed', failureCode: kind, settledAt: clock.now() });
        return { status: 'rejected', ref: a.ref, failure: kind };
      }
      if (x.method === 'card') {
        const url = init.checkoutUrl ?? a.checkoutUrl ?? '';
        if (init.checkoutUrl && !a.checkoutUrl) await updateAttempt(db, a.ref, { checkoutUrl: init.checkoutUrl });
        return { status: 'card', ref: a.ref, amount, url };
      }
      return { status: 'mobile_money', ref: a.ref, amount, phoneMasked: maskPhone(phone as string) };
    },

    async status(memberId, ref) {
      const a = ref ? await attemptByRef(db, ref) : (await latestAttempts(db, memberId, 1))[0];
      if (!a || a.memberId !== memberId) return null;
      const names = await groupNames([a.groupId]);
      return view(a, names.get(a.groupId) ?? '');
    },

    async receipts(memberId, limit) {
      return (await receiptsOf(db, memberId, limit)).map((r) => view(r, r.groupName));
    },

    async nextPayouts(memberId) {
      const rows = await upcomingPayoutsFor(db, memberId);
      const contacts = await contactsOf(db, [...new Set(rows.map((r) => r.recipient_member_id).filter((x): x is string => !!x))]);
      const names = new Map(contacts.map((c) => [c.member_id, c.name_enc ? pii.decrypt(c.name_enc) : maskPhone(pii.decrypt(c.phone_enc))]));
      return rows.map((r) => ({
        groupName: r.group_name,
        recipientName: (r.recipient_member_id && names.get(r.recipient_member_id)) || '—',
        amount: money(r.currency, r.pot_minor),
        payoutDate: r.due_date,
        yourPayoutDate: r.your_due_date,
      }));
    },
  };
}
