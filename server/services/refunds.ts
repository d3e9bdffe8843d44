// Refunds (spec 3.6, 4.4, 12.15/12.16). Manual: a member asks, the group's organizer approves, then a
// verified platform admin (PIN above policies/refunds.ts's threshold); neither may be the requester and
// nobody approves twice (the ledger refuses that too). Once fully approved the money leaves escrow and
// goes back through the original provider, keyed by the refund id. Automatic refunds (duplicate and
// over-payments the payments side requested, cancelled groups) are approved by the policy and sent the
// same way. After release, money comes back only through a dispute (server/services/admin.ts).
import { sql } from 'drizzle-orm';
import { t } from '../../core/i18n/index.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { newId } from '../../core/ids.ts';
import { money } from '../../core/money.ts';
import { adminActionByKey, recordAdminAction } from '../../db/admin/actions.ts';
import { paymentRefOfContribution, type RefundView, refundableContributionsOf, refundById } from '../../db/admin/disputes.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Tx } from '../../db/client.ts';
import { approveRefund, executeRefund, requestRefund } from '../../db/ledger/services.ts';
import { getMember } from '../../db/members.ts';
import { contactsOf } from '../../db/payments/dues.ts';
import { AUTOMATIC_REFUND_REASONS, autoApprovable, nextApproval, POLICY_APPROVER, refundNeedsPin } from '../../policies/refunds.ts';
import type { RefundServices, Result } from '../../tools/disputes-services.ts';
import { formatAmount } from '../../tools/groups-text.ts';
import type { ProviderName } from '../payments/provider.ts';
import type { Providers } from '../payments/providers.ts';
import { who } from './payments-common.ts';
import type { ServiceDeps } from './deps.ts';

export const auto_refund_batch = 50;

export type RefundsDeps = ServiceDeps & {
  providers?: Providers;
  /** Is this member a platform admin with a fresh TOTP right now (read from the database, not the run context)? */
  isVerifiedAdmin: (memberId: string) => Promise<boolean>;
};

type As = 'group_admin' | 'platform_admin';

export async function tell(
  tx: Tx,
  pii: PiiCipher,
  memberId: string,
  key: string,
  text: (locale: 'en' | 'fr' | 'sw', name: string) => string,
): Promise<string[]> {
  const [c] = await contactsOf(tx, [memberId]);
  if (!c) return [];
  const w = who(pii, c);
  const msg: OutboundMessage = { chatId: w.chatId, kind: 'text', body: { text: text(w.locale, w.name) }, idempotencyKey: key };
  return enqueueOutbound(tx, [msg]);
}

/** Asks the provider to send an executed refund back through the original collection (idempotent on the refund id). */
export async function sendRefund(deps: Pick<RefundsDeps, 'db' | 'providers' | 'log'>, refundId: string): Promise<void> {
  if (!deps.providers) return;
  const r = await refundById(deps.db, refundId);
  if (r?.status !== 'executed') return;
  const c = (await deps.db.execute<{ contribution_id: string }>(sql`select contribution_id from refunds where id = ${refundId}`)).rows[0];
  const pay = c ? await paymentRefOfContribution(deps.db, c.contribution_id) : undefined;
  if (!pay) {
    deps.log.warn({ refundId }, 'refund has no collection to return through; left for review');
    return;
  }
  try {
    await deps.providers
      .get(pay.provider as ProviderName)
      .refund({ ref: refundId, paymentRef: pay.ref, amount: money(r.currency, r.amountMinor), reason: 'requested_by_customer' });
  } catch (err) {
    // The payments sweep re-sends executed refunds without a provider request.
    deps.log.warn({ refundId, err: String(err) }, 'refund request failed; retried by the sweep');
  }
}

export function createRefundServices(d: RefundsDeps): RefundServices & {
  /** Sweep: policy approval of automatic refunds, and refunds for cancelled groups. */
  autoRefunds(now: Date): Promise<number>;
} {
  async function check(memberId: string, r: RefundView | undefined, as: As): Promise<{ ok: true; r: RefundView } | { ok: false; code: string }> {
    if (!r) return { ok: false, code: 'not_found' };
    if (r.status !== 'requested') return { ok: false, code: 'not_requested' };
    if (r.kind === 'post_release') return { ok: false, code: 'post_release_requires_dispute' };
    if (r.requestedBy === memberId) return { ok: false, code: 'approver_is_requester' };
    if (as === 'group_admin' && r.organizerId !== memberId) return { ok: false, code: 'not_organizer' };
    if (as === 'platform_admin' && !(await d.isVerifiedAdmin(memberId))) return { ok: false, code: 'not_admin' };
    if (r.groupAdminApprovedBy === memberId || r.platformAdminApprovedBy === memberId) return { ok: false, code: 'approver_already_approved' };
    const step = nextApproval(r);
    if (step !== as) return { ok: false, code: step === 'group_admin' ? 'group_admin_first' : 'role_already_approved' };
    return { ok: true, r };
  }

  async function memberName(memberId: string): Promise<string> {
    const m = await getMember(d.db, d.pii, memberId);
    return m?.name ?? m?.phoneMasked ?? memberId;
  }

  const services = {
    async request(memberId: string, reason: string, key: string) {
      const options = await refundableContributionsOf(d.db, memberId);
      const c = options[0];
      if (!c) return { ok: false as const, code: 'none' };
      const refundId = newId('rfd');
      const why = reason.replace(/\s+/g, ' ').trim().slice(0, 120) || 'member_request';
      const out = await d.db.transaction(async (tx) => {
        // A retried tool call (same key) finds its refund instead of asking twice.
        const prior = await adminActionByKey(tx, `refund_request:${key}`);
        if (prior) return { refundId: prior.target, ids: [] as string[] };
        const res = await requestRefund(
          tx,
          {
            groupId: c.groupId,
            cycleId: c.cycleId,
            refundId,
            contributionId: c.id,
            amountMinor: c.availableMinor,
            reason: why,
            requestedBy: memberId,
            actor: { type: 'user', id: memberId },
          },
          d.ledger,
        );
        if (res.status === 'refused') return { refused: res.code };
        // The request's audit row doubles as its idempotency record (the member is the actor here, not an admin).
        await recordAdminAction(tx, {
          id: newId('adm'),
          adminId: memberId,
          action: 'refund_requested',
          target: refundId,
          details: { by: 'member' },
          idempotencyKey: `refund_request:${key}`,
          createdAt: d.clock.now(),
        });
        const name = await memberName(memberId);
        const ids = await tell(tx, d.pii, c.organizerId, `refund:${refundId}:ask_organizer`, (locale) =>
          t(locale, 'refund.ask_organizer', {
            member_name: name,
            amount: formatAmount(money(c.currency, c.availableMinor), locale),
            currency: c.currency,
            group_name: c.groupName,
            refund_ref: refundId,
          }),
        );
        return { refundId, ids };
      });
      if ('refused' in out) return { ok: false as const, code: String(out.refused) };
      d.deliver(out.ids);
      return { ok: true as const, refundId: out.refundId, amount: formatAmount(money(c.currency, c.availableMinor), 'en'), currency: c.currency, reason: why };
    },

    async proposeApproval(memberId: string, refundId: string, as: As) {
      const v = await check(memberId, await refundById(d.db, refundId), as);
      if (!v.ok) return v;
      const r = v.r;
      return {
        ok: true as const,
        refundId,
        amount: formatAmount(money(r.currency, r.amountMinor), 'en'),
        currency: r.currency,
        groupName: r.groupName,
        memberName: await memberName(r.memberId),
        pinRequired: refundNeedsPin(r.amountMinor, r.currency),
        step: as,
      };
    },

    async approve(
      memberId: string,
      refundId: string,
      as: As,
      withPin: boolean,
      key: string,
    ): Promise<Result<{ refundId: string; fullyApproved: boolean; amount: string; currency: string }>> {
      const out = await d.db.transaction(async (tx) => {
        const prior = await adminActionByKey(tx, key);
        const r0 = await refundById(tx, refundId);
        if (prior && r0) return { ok: true as const, r: r0, full: r0.status !== 'requested', ids: [] as string[] };
        const v = await check(memberId, r0, as);
        if (!v.ok) return v;
        const r = v.r;
        // The threshold is checked here, from the database: a call that skipped the PIN cannot approve a large refund.
        if (refundNeedsPin(r.amountMinor, r.currency) && !withPin) return { ok: false as const, code: 'pin_required' };
        const actor = as === 'platform_admin' ? { type: 'platform_admin' as const, id: memberId } : { type: 'admin' as const, id: memberId };
        const res = await approveRefund(tx, { groupId: r.groupId, cycleId: r.cycleId, refundId, role: as, approverId: memberId, actor }, d.ledger);
        if (res.status === 'refused') return { ok: false as const, code: res.code };
        await recordAdminAction(tx, {
          id: newId('adm'),
          adminId: memberId,
          action: `approve_refund_${as}`,
          target: refundId,
          details: { pin: withPin },
          idempotencyKey: key,
          createdAt: d.clock.now(),
        });
        const after = await refundById(tx, refundId);
        const full = after?.status === 'approved';
        const ids: string[] = [];
        if (full) {
          const ex = await executeRefund(tx, { groupId: r.groupId, cycleId: r.cycleId, refundId, actor }, d.ledger);
          if (ex.status === 'refused') d.log.warn({ refundId, code: ex.code }, 'approved refund not executed yet');
          ids.push(
            ...(await tell(tx, d.pii, r.memberId, `refund:${refundId}:approved`, (locale) =>
              t(locale, 'refund.approved', { amount: formatAmount(money(r.currency, r.amountMinor), locale), currency: r.currency, refund_ref: refundId }),
            )),
          );
        }
        return { ok: true as const, r, full, ids };
      });
      if (!out.ok) return out;
      d.deliver(out.ids);
      if (out.full) await sendRefund(d, refundId);
      return { ok: true, refundId, fullyApproved: out.full, amount: formatAmount(money(out.r.currency, out.r.amountMinor), 'en'), currency: out.r.currency };
    },

    async autoRefunds(_now: Date): Promise<number> {
      let n = 0;
      // 1. Cancelled groups, and cycles dropped when their recipient was removed: every contribution still in escrow goes back.
      const cancelled = await d.db.execute<{
        id: string;
        group_id: string;
        cycle_id: string;
        member_id: string;
        group_name: string;
        group_status: string;
        currency: string;
        available: string;
      }>(sql`
        select c.id, c.group_id, c.cycle_id, c.member_id, g.name as group_name, g.status as group_status, g.currency,
          (c.amount_minor + c.late_fee_minor - c.refunded_minor
            - coalesce((select sum(r.amount_minor) from refunds r where r.contribution_id = c.id and r.status not in ('failed', 'completed')), 0))::bigint as available
        from contributions c join groups g on g.id = c.group_id join escrow_cycles e on e.cycle_id = c.cycle_id
        where (g.status = 'cancelled' or exists (select 1 from cycles y where y.id = c.cycle_id and y.status = 'dropped'))
          and e.status = 'open' and c.status = 'available' limit ${auto_refund_batch}`);
      for (const c of cancelled.rows) {
        if (BigInt(c.available) <= 0n) continue;
        const refundId = `rfd_${c.id.slice(4)}`;
        const ids = await d.db.transaction(async (tx) => {
          await requestRefund(
            tx,
            {
              groupId: c.group_id,
              cycleId: c.cycle_id,
              refundId,
              contributionId: c.id,
              amountMinor: BigInt(c.available),
              reason: c.group_status === 'cancelled' ? 'group_cancelled' : 'turn_dropped',
              requestedBy: 'system:refunds',
              actor: { type: 'system', id: 'refunds' },
            },
            d.ledger,
          );
          // The member learns why this payment comes back (also one confirmed after the group was cancelled).
          return tell(tx, d.pii, c.member_id, `refund-auto:${refundId}`, (locale) =>
            t(locale, c.group_status === 'cancelled' ? 'refund.auto_group_cancelled' : 'refund.auto_turn_dropped', {
              group_name: c.group_name,
              amount: formatAmount(money(c.currency, BigInt(c.available)), locale),
              currency: c.currency,
              refund_ref: refundId,
            }),
          );
        });
        d.deliver(ids);
      }
      // 2. Automatic reasons: the policy approves both roles (its own approver ids, never a person's).
      const pending = await d.db.execute<{ id: string; group_id: string; cycle_id: string; amount_minor: string; currency: string; reason: string }>(sql`
        select id, group_id, cycle_id, amount_minor, currency, reason from refunds
        where status = 'requested' and requested_by like 'system:%' and reason in (${sql.join(
          AUTOMATIC_REFUND_REASONS.map((r) => sql`${r}`),
          sql`, `,
        )})
        limit ${auto_refund_batch}`);
      for (const r of pending.rows) {
        if (!autoApprovable(BigInt(r.amount_minor), r.currency)) continue; // bigger ones wait in the admins' queue
        // All or nothing: a refusal throws, so a half-approved refund is never left behind.
        const ok = await d.db
          .transaction(async (tx) => {
            const actor = { type: 'system' as const, id: `policy:auto_refund:${r.reason}` };
            for (const role of ['group_admin', 'platform_admin'] as const) {
              const res = await approveRefund(
                tx,
                { groupId: r.group_id, cycleId: r.cycle_id, refundId: r.id, role, approverId: POLICY_APPROVER[role], actor },
                d.ledger,
              );
              if (res.status === 'refused') throw new Error(`auto refund ${r.id}: ${res.code}`);
            }
            const ex = await executeRefund(tx, { groupId: r.group_id, cycleId: r.cycle_id, refundId: r.id, actor }, d.ledger);
            if (ex.status === 'refused') throw new Error(`auto refund ${r.id}: ${ex.code}`);
            return true;
          })
          .catch((err) => {
            d.log.warn({ refundId: r.id, err: String(err) }, 'automatic refund not approved');
            return false;
          });
        if (ok) {
          await sendRefund(d, r.id);
          n++;
        }
      }
      return n;
    },
  };
  return services;
}
