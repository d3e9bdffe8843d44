// Stripe card disputes (`charge.dispute.*`, spec 4.1) mirrored as our disputes, in the webhook's
// transaction: created → open + freeze the member's escrow; updated → recorded as evidence while the
// dispute takes it; closed → won: release the freeze, lost: chargeback (frozen funds first, platform
// recovery for the rest). One dispute per Stripe dispute id; redeliveries are no-ops.

import type { Clock } from '../../core/clock.ts';
import { t } from '../../core/i18n/index.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { newId } from '../../core/ids.ts';
import { caseByProviderDispute, contributionOf, disputeById, insertCase, updateCase } from '../../db/admin/disputes.ts';
import type { Tx } from '../../db/client.ts';
import { addDisputeEvidence, closeDispute, type LedgerContext, openDispute, resolveDispute, startDisputeInvestigation } from '../../db/ledger/services.ts';
import { attemptByRef, insertReview } from '../../db/payments/attempts.ts';
import { reviewOfEvent } from './payments-common.ts';
import type { Logger } from '../log.ts';
import type { ProviderEvent } from '../payments/provider.ts';
import { tell } from './refunds.ts';

export type StripeDisputeDeps = { pii: PiiCipher; clock: Clock; ledger: LedgerContext; log: Logger };

const STRIPE = { type: 'provider' as const, id: 'stripe' };

export function createProviderDisputeHandler(d: StripeDisputeDeps) {
  async function review(tx: Tx, e: ProviderEvent, reason: string): Promise<string[]> {
    await insertReview(tx, reviewOfEvent(e, reason));
    d.log.warn({ ref: e.ref, type: e.type, reason }, 'provider dispute set aside for review');
    return [];
  }

  async function opened(tx: Tx, e: ProviderEvent): Promise<string[]> {
    if (await caseByProviderDispute(tx, e.providerRef)) return [];
    const a = e.ref ? await attemptByRef(tx, e.ref) : undefined;
    if (!a) return review(tx, e, 'dispute_unknown_payment');
    const disputeId = newId('dsp');
    const res = await openDispute(
      tx,
      {
        group_id: a.groupId,
        dispute_id: disputeId,
        cycle_id: a.cycleId,
        member_id: a.memberId,
        kind: 'card_chargeback',
        reason: `stripe:${e.details.reason || 'unknown'}`.slice(0, 200),
        opened_by: 'provider:stripe',
        freeze_id: newId('frz'),
        actor: STRIPE,
      },
      d.ledger,
    );
    if (res.status === 'refused') return review(tx, e, `ledger_refused:${res.code}`);
    await insertCase(tx, {
      disputeId,
      groupId: a.groupId,
      cycleId: a.cycleId,
      memberId: a.memberId,
      type: 'card_chargeback',
      paymentRef: a.ref,
      descriptionEnc: null,
      source: 'stripe',
      providerDisputeId: e.providerRef,
      providerStatus: e.details.status || null,
      openKey: `stripe:${e.providerRef}`,
      createdAt: d.clock.now(),
    });
    const g = (await disputeById(tx, disputeId))?.groupName ?? '';
    return tell(tx, d.pii, a.memberId, `dispute:${disputeId}:stripe_opened`, (loc) =>
      t(loc, 'dispute.stripe_opened', { group_name: g, dispute_id: disputeId }),
    );
  }

  async function updated(tx: Tx, e: ProviderEvent): Promise<string[]> {
    const c = await caseByProviderDispute(tx, e.providerRef);
    if (!c) return opened(tx, e);
    await updateCase(tx, c.disputeId, { providerStatus: e.details.status || null });
    const v = await disputeById(tx, c.disputeId);
    if (v && (v.status === 'opened' || v.status === 'evidence')) {
      await addDisputeEvidence(
        tx,
        {
          groupId: c.groupId,
          cycleId: c.cycleId,
          disputeId: c.disputeId,
          addedBy: 'provider:stripe',
          kind: 'provider_update',
          note: `stripe ${e.providerType} status ${e.details.status}`.slice(0, 200),
          actor: STRIPE,
        },
        d.ledger,
      );
    }
    return [];
  }

  async function closed(tx: Tx, e: ProviderEvent): Promise<string[]> {
    // A close that arrives before its "created" (reordered delivery) opens the dispute first.
    if (!(await caseByProviderDispute(tx, e.providerRef))) await opened(tx, e);
    const c = await caseByProviderDispute(tx, e.providerRef);
    if (!c) return [];
    await updateCase(tx, c.disputeId, { providerStatus: e.details.status || null });
    const v = await disputeById(tx, c.disputeId);
    if (!v || !['opened', 'evidence', 'investigation'].includes(v.status)) return [];
    if (v.status !== 'investigation') {
      await startDisputeInvestigation(
        tx,
        { groupId: c.groupId, cycleId: c.cycleId, disputeId: c.disputeId, investigatorId: 'provider:stripe', actor: STRIPE },
        d.ledger,
      );
    }
    const lost = e.details.status === 'lost';
    const contribution = lost ? await contributionOf(tx, c.cycleId, c.memberId) : undefined;
    const want = e.amount?.minor ?? contribution?.paidMinor ?? 0n;
    const amount = contribution && want > contribution.paidMinor ? contribution.paidMinor : want;
    const res = await resolveDispute(
      tx,
      {
        group_id: c.groupId,
        cycle_id: c.cycleId,
        dispute_id: c.disputeId,
        outcome: lost && amount > 0n ? 'chargeback' : 'release',
        resolved_by: 'provider:stripe',
        note: `stripe dispute ${e.details.status}`,
        amount_minor: lost && amount > 0n ? amount : undefined,
        provider: 'stripe',
        actor: STRIPE,
      },
      d.ledger,
    );
    if (res.status === 'refused') return review(tx, e, `ledger_refused:${res.code}`);
    await closeDispute(tx, { groupId: c.groupId, cycleId: c.cycleId, disputeId: c.disputeId, actor: STRIPE }, d.ledger);
    return tell(tx, d.pii, c.memberId, `dispute:${c.disputeId}:stripe_closed`, (loc) =>
      t(loc, 'dispute.resolved', { dispute_id: c.disputeId, outcome: t(loc, lost ? 'dispute.outcome.chargeback' : 'dispute.outcome.release') }),
    );
  }

  return async (tx: Tx, e: ProviderEvent): Promise<string[]> => {
    if (e.type === 'dispute.opened') return opened(tx, e);
    if (e.type === 'dispute.updated') return updated(tx, e);
    if (e.type === 'dispute.closed') return closed(tx, e);
    return [];
  };
}
