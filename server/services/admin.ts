// Platform admins in WhatsApp (spec 7.4): TOTP (RFC 6238) enrolment by QR image and verification
// (15-minute session), the queues (disputes, refunds, risk flags, tickets), search, and the actions —
// resolve a dispute, freeze a group, reply to a ticket. Every action re-checks in code, from the
// database, that the caller is a listed admin with a fresh TOTP; is recorded with the admin as actor
// (ledger events and admin_actions); and is told to the members it affects.
import QRCode from 'qrcode';
import { t } from '../../core/i18n/index.ts';
import { maskPhone, normalizeE164 } from '../../core/identity/phone.ts';
import { generateTotpSecret, otpauthUri, verifyTotp } from '../../core/identity/totp.ts';
import { newId } from '../../core/ids.ts';
import { money, parseMoney } from '../../core/money.ts';
import {
  activeMemberIds,
  adminActionByKey,
  claimTotpStep,
  dismissFlagsOfFreezes,
  groupById,
  groupsByName,
  groupsOfMemberForAdmin,
  liftableFreezes,
  openRiskFlags,
  openTickets,
  recordAdminAction,
  setTicketStatus,
  ticketById,
  totpState,
  upsertTotpState,
} from '../../db/admin/actions.ts';
import { contributionOf, currentCycleOf, type DisputeView, disputeById, openDisputes, refundsAwaitingApproval } from '../../db/admin/disputes.ts';
import { enqueueOutbound } from '../../db/channel.ts';
import type { Tx } from '../../db/client.ts';
import { closeDispute, executeRefund, freeze, liftFreeze, resolveDispute, startDisputeInvestigation } from '../../db/ledger/services.ts';
import { findMemberByPhone, getMember, updateMember } from '../../db/members.ts';
import { refund_pin_threshold_minor } from '../../policies/refunds.ts';
import { destination_change_before_payout_hours, failed_payments_max } from '../../policies/risk.ts';
import type { Locale } from '../../tools/context.ts';
import type { AdminServices, Result } from '../../tools/disputes-services.ts';
import { formatAmount, formatMoneyText } from '../../tools/groups-text.ts';
import type { Providers } from '../payments/providers.ts';
import { cancelGroupTx, escrowHeld, planCancel } from './groups-lifecycle.ts';
import { sendRefund, tell } from './refunds.ts';
import type { ServiceDeps } from './deps.ts';

export const totp_session_minutes = 15;
export const totp_failures_max = 5;
export const totp_lockout_minutes = 15;
export const admin_list_max = 15;

export type AdminDeps = ServiceDeps & {
  platformAdmins: string[];
  providers?: Providers;
};

type Outcome = 'refund' | 'release' | 'chargeback';
type ResolveInput = { disputeId: string; outcome: Outcome; memberName?: string; amount?: string };

/** Member-written text shown to an admin: one line, no WhatsApp formatting, short, visibly quoted. */
export function quoteMemberText(text: string | null | undefined, max = 120): string {
  if (!text) return '—';
  const clean = text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[*_~`>]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return `«${clean.length > max ? `${clean.slice(0, max - 1)}…` : clean}»`;
}

export function createAdminServices(d: AdminDeps): AdminServices & { isVerifiedAdmin(memberId: string): Promise<boolean> } {
  const now = () => d.clock.now();

  async function isVerifiedAdmin(memberId: string): Promise<boolean> {
    const m = await getMember(d.db, d.pii, memberId);
    return Boolean(m && d.platformAdmins.includes(m.phone) && m.totpVerifiedUntil && m.totpVerifiedUntil > now());
  }
  const reason = (locale: Locale, code: string, vars: Record<string, string> = {}) => {
    if (code === 'name_mismatch') return t(locale, 'admin.reason.name_mismatch', { member_name: vars.member_name ?? '' });
    if (['not_found', 'amount_invalid', 'state', 'ambiguous', 'no_cycle', 'not_admin'].includes(code))
      return t(locale, `admin.reason.${code}` as 'admin.reason.not_found');
    return t(locale, 'admin.reason.ledger', { code });
  };
  const refused = (locale: Locale, code: string, vars?: Record<string, string>) => ({ ok: false as const, code, detail: reason(locale, code, vars) });

  async function nameOf(tx: Tx, memberId: string): Promise<string> {
    const m = await getMember(tx, d.pii, memberId);
    return m?.name ?? m?.phoneMasked ?? memberId;
  }

  /** Validates a resolution and works out the amount; shared by the proposal and the action. */
  async function planResolution(
    tx: Tx,
    x: ResolveInput,
    locale: Locale,
  ): Promise<Result<{ dsp: DisputeView; amountMinor: bigint | undefined; summary: string; memberName: string }>> {
    const dsp = await disputeById(tx, x.disputeId);
    if (!dsp) return refused(locale, 'not_found');
    if (!['opened', 'evidence', 'investigation'].includes(dsp.status)) return refused(locale, 'state');
    const memberName = await nameOf(tx, dsp.memberId);
    if (x.outcome === 'release') {
      return {
        ok: true,
        dsp,
        amountMinor: undefined,
        memberName,
        summary: t(locale, 'admin.summary.resolve_release', { dispute_id: dsp.disputeId, group_name: dsp.groupName }),
      };
    }
    if (x.memberName && !sameName(x.memberName, memberName)) return refused(locale, 'name_mismatch', { member_name: memberName });
    const c = await contributionOf(tx, dsp.cycleId, dsp.memberId);
    if (!c || c.paidMinor <= 0n) return refused(locale, 'amount_invalid');
    let amountMinor = c.paidMinor;
    if (x.amount) {
      try {
        amountMinor = parseMoney(x.amount, dsp.currency, locale).minor;
      } catch {
        return refused(locale, 'amount_invalid');
      }
    }
    if (amountMinor <= 0n || amountMinor > c.paidMinor) return refused(locale, 'amount_invalid');
    const vars = {
      dispute_id: dsp.disputeId,
      amount: formatAmount(money(dsp.currency, amountMinor), locale),
      currency: dsp.currency,
      member_name: memberName,
      group_name: dsp.groupName,
    };
    const summary = x.outcome === 'refund' ? t(locale, 'admin.summary.resolve_refund', vars) : t(locale, 'admin.summary.resolve_chargeback', vars);
    return { ok: true, dsp, amountMinor, summary, memberName };
  }

  async function planFreeze(tx: Tx, group: string, locale: Locale): Promise<Result<{ groupId: string; groupName: string; cycleId: string; summary: string }>> {
    const byId = /^grp_[0-9A-Za-z]+$/.test(group.trim()) ? await groupById(tx, group.trim()) : undefined;
    const found = byId ? [byId] : await groupsByName(tx, group.trim());
    if (found.length === 0) return refused(locale, 'not_found');
    if (found.length > 1) return refused(locale, 'ambiguous');
    const g = found[0];
    const cycle = await currentCycleOf(tx, g.id);
    if (!cycle) return refused(locale, 'no_cycle');
    return {
      ok: true,
      groupId: g.id,
      groupName: g.name,
      cycleId: cycle.cycleId,
      summary: t(locale, 'admin.summary.freeze', { group_name: g.name, cycle_no: String(cycle.cycleNo) }),
    };
  }

  const services = {
    isVerifiedAdmin,

    async totpStart(memberId: string, chatId: string, locale: Locale) {
      const m = await getMember(d.db, d.pii, memberId);
      if (!m || !d.platformAdmins.includes(m.phone)) return { enrolled: false };
      const state = await totpState(d.db, memberId);
      if (m.totpSecretEnc && state?.confirmedAt) return { enrolled: false };
      // First time (or never confirmed): a new secret, encrypted at rest, shown once as a QR image.
      const secret = generateTotpSecret();
      await updateMember(d.db, memberId, { totpSecretEnc: d.pii.encrypt(secret) });
      await upsertTotpState(d.db, memberId, { enrolledAt: now(), lastStep: null, confirmedAt: null });
      const png = await QRCode.toBuffer(otpauthUri(secret, maskPhone(m.phone)), { type: 'png', width: 360, margin: 2 });
      const ids = await d.db.transaction(async (tx) => {
        await recordAdminAction(tx, {
          id: newId('adm'),
          adminId: memberId,
          action: 'totp_enrolled',
          target: memberId,
          idempotencyKey: `totp_enrol:${memberId}:${now().toISOString()}`,
          createdAt: now(),
        });
        // TODO(security): the outbox row keeps the QR bytes until sent; scrub file bodies after delivery.
        return enqueueOutbound(tx, [
          {
            chatId,
            kind: 'file',
            body: { fileName: 'likelemba-admin-totp.png', mimeType: 'image/png', dataBase64: png.toString('base64'), caption: t(locale, 'admin.totp_enrol') },
            idempotencyKey: `totp_qr:${memberId}:${now().getTime()}`,
          },
        ]);
      });
      d.deliver(ids);
      return { enrolled: true };
    },

    async totpVerify(memberId: string, code: string) {
      const m = await getMember(d.db, d.pii, memberId);
      if (!m || !d.platformAdmins.includes(m.phone) || !m.totpSecretEnc) return { ok: false, validMinutes: 0 };
      const state = await totpState(d.db, memberId);
      // Six digits are guessable given enough tries: lock after a few wrong codes in a row.
      if (state?.lockedUntil && state.lockedUntil > now()) return { ok: false, validMinutes: 0 };
      const step = verifyTotp(d.pii.decrypt(m.totpSecretEnc), code, now());
      if (step === null) {
        const failures = (state?.failures ?? 0) + 1;
        const locked = failures >= totp_failures_max;
        await upsertTotpState(d.db, memberId, {
          failures: locked ? 0 : failures,
          lockedUntil: locked ? new Date(now().getTime() + totp_lockout_minutes * 60_000) : null,
        });
        return { ok: false, validMinutes: 0 };
      }
      const ok = await d.db.transaction(async (tx) => {
        if (!(await claimTotpStep(tx, memberId, step, now()))) return false; // replayed code
        await upsertTotpState(tx, memberId, { failures: 0, lockedUntil: null });
        await updateMember(tx, memberId, { totpVerifiedUntil: new Date(now().getTime() + totp_session_minutes * 60_000) });
        return true;
      });
      return { ok, validMinutes: ok ? totp_session_minutes : 0 };
    },

    async listDisputes(adminId: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return [];
      const list = await openDisputes(d.db, admin_list_max);
      const lines: string[] = [];
      for (const x of list) {
        const name = await nameOf(d.db, x.memberId);
        const desc = x.descriptionEnc ? d.pii.decrypt(x.descriptionEnc) : null;
        const typeKey = `dispute_type.${x.type}` as 'dispute_type.other';
        lines.push(
          `• *${x.disputeId}* · ${t(locale, typeKey)} · ${x.groupName} · ${name} · 🧊 ${formatAmount(money(x.currency, x.frozenMinor), locale)} ${x.currency} · 📎 ${x.evidenceCount} · ${x.status}` +
            (desc ? `\n   _${t(locale, 'admin.member_said')}_: ${quoteMemberText(desc)}` : ''),
        );
      }
      return lines;
    },

    async listRefunds(adminId: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return [];
      const lines: string[] = [];
      for (const r of await refundsAwaitingApproval(d.db, admin_list_max)) {
        const name = await nameOf(d.db, r.memberId);
        lines.push(
          `• *${r.id}* · ${formatAmount(money(r.currency, r.amountMinor), locale)} ${r.currency} · ${r.groupName} · ${name} · ${quoteMemberText(r.reason, 60)} · 👥 ${r.groupAdminApprovedBy ? '✓' : '—'} 🛡️ ${r.platformAdminApprovedBy ? '✓' : '—'}`,
        );
      }
      return lines;
    },

    async listRiskFlags(adminId: string, _locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return [];
      const lines: string[] = [];
      for (const f of await openRiskFlags(d.db, admin_list_max)) {
        lines.push(
          `• *${f.id}* · ${f.rule} · ${await nameOf(d.db, f.memberId)}${f.groupId ? ` · ${f.groupId}` : ''} · ${f.explanation}${f.status === 'frozen' ? ' · 🧊' : ''}`,
        );
      }
      return lines;
    },

    async listTickets(adminId: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return [];
      const lines: string[] = [];
      for (const tk of await openTickets(d.db, admin_list_max)) {
        const m = await getMember(d.db, d.pii, tk.memberId);
        lines.push(
          `• *${tk.id}* · ${m?.name ?? ''} ${m?.phoneMasked ?? ''}\n   _${t(locale, 'admin.member_said')}_: ${quoteMemberText(d.pii.decrypt(tk.summaryEnc))}`,
        );
      }
      return lines;
    },

    async search(adminId: string, query: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return [];
      const q = query.trim();
      const e164 = /^\+?[\d\s-]{8,}$/.test(q) ? normalizeE164(q) : undefined;
      if (e164) {
        const m = await findMemberByPhone(d.db, d.pii, e164);
        if (!m) return [];
        const gs = await groupsOfMemberForAdmin(d.db, m.id);
        await recordAdminAction(d.db, {
          id: newId('adm'),
          adminId,
          action: 'search_user',
          target: m.id,
          idempotencyKey: `search:${adminId}:${newId('q')}`,
          createdAt: now(),
        });
        return [`• *${m.name ?? '—'}* · ${m.phoneMasked} · ${m.id} · ${m.status}`, ...gs.map((g) => `   ${g.name} (${g.id}) · ${g.role} · ${g.status}`)];
      }
      const gs = await groupsByName(d.db, q, admin_list_max);
      const lines: string[] = [];
      for (const g of gs) {
        const members = await activeMemberIds(d.db, g.id);
        lines.push(
          `• *${quoteMemberText(g.name, 60)}* · ${g.id} · ${g.status} · 👥 ${members.length} · ${formatAmount(money(g.currency, g.contributionMinor), locale)} ${g.currency}`,
        );
      }
      return lines;
    },

    async proposeResolution(adminId: string, x: ResolveInput, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const p = await planResolution(d.db, x, locale);
      return p.ok ? { ok: true as const, summary: p.summary } : p;
    },

    async resolve(adminId: string, x: ResolveInput, key: string, locale: Locale): Promise<Result<{ summary: string }>> {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const actor = { type: 'platform_admin' as const, id: adminId };
      const refundId = x.outcome === 'refund' ? newId('rfd') : undefined;
      const out = await d.db
        .transaction(async (tx) => {
          const prior = await adminActionByKey(tx, key);
          if (prior)
            return { ok: true as const, summary: String((prior.details as { summary?: string }).summary ?? ''), ids: [] as string[], refundId: undefined };
          const p = await planResolution(tx, x, locale);
          if (!p.ok) return p;
          const { dsp } = p;
          if (dsp.status !== 'investigation') {
            const inv = await startDisputeInvestigation(
              tx,
              { groupId: dsp.groupId, cycleId: dsp.cycleId, disputeId: dsp.disputeId, investigatorId: adminId, actor },
              d.ledger,
            );
            if (inv.status === 'refused') return refused(locale, inv.code);
          }
          const c = x.outcome === 'chargeback' ? await contributionOf(tx, dsp.cycleId, dsp.memberId) : undefined;
          const res = await resolveDispute(
            tx,
            {
              group_id: dsp.groupId,
              cycle_id: dsp.cycleId,
              dispute_id: dsp.disputeId,
              outcome: x.outcome,
              resolved_by: adminId,
              note: `resolved by platform admin via WhatsApp: ${x.outcome}`,
              refund_id: refundId,
              amount_minor: p.amountMinor,
              provider: c?.provider,
              actor,
            },
            d.ledger,
          );
          if (res.status === 'refused') throw new Refused(res.code);
          const closed = await closeDispute(tx, { groupId: dsp.groupId, cycleId: dsp.cycleId, disputeId: dsp.disputeId, actor }, d.ledger);
          if (closed.status === 'refused') throw new Refused(closed.code);
          if (refundId) {
            const ex = await executeRefund(tx, { groupId: dsp.groupId, cycleId: dsp.cycleId, refundId, actor }, d.ledger);
            if (ex.status === 'refused') throw new Refused(ex.code);
          }
          await recordAdminAction(tx, {
            id: newId('adm'),
            adminId,
            action: 'resolve_dispute',
            target: dsp.disputeId,
            details: { outcome: x.outcome, amount_minor: p.amountMinor?.toString() ?? null, refund_id: refundId ?? null, summary: p.summary },
            idempotencyKey: key,
            createdAt: now(),
          });
          // Told: the member the dispute is about, and (release) everyone whose payout was waiting.
          const ids = await tell(tx, d.pii, dsp.memberId, `dispute:${dsp.disputeId}:resolved`, (loc) =>
            t(loc, 'dispute.resolved', {
              dispute_id: dsp.disputeId,
              outcome:
                x.outcome === 'refund'
                  ? t(loc, 'dispute.outcome.refund', { amount: formatAmount(money(dsp.currency, p.amountMinor ?? 0n), loc), currency: dsp.currency })
                  : t(loc, `dispute.outcome.${x.outcome}`),
            }),
          );
          if (x.outcome !== 'chargeback') {
            for (const m of await activeMemberIds(tx, dsp.groupId)) {
              if (m === dsp.memberId) continue;
              ids.push(
                ...(await tell(tx, d.pii, m, `dispute:${dsp.disputeId}:group_released:${m}`, (loc) =>
                  t(loc, 'dispute.group_released', { group_name: dsp.groupName }),
                )),
              );
            }
          }
          return { ok: true as const, summary: p.summary, ids, refundId };
        })
        .catch((err) => {
          if (err instanceof Refused) return refused(locale, err.code);
          throw err;
        });
      if (!out.ok) return out;
      d.deliver(out.ids);
      if (out.refundId) await sendRefund(d, out.refundId);
      return { ok: true, summary: out.summary };
    },

    async proposeFreeze(adminId: string, group: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const p = await planFreeze(d.db, group, locale);
      return p.ok ? { ok: true as const, summary: p.summary, groupId: p.groupId } : p;
    },

    async freezeGroup(adminId: string, groupId: string, key: string, locale: Locale): Promise<Result<{ summary: string }>> {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const actor = { type: 'platform_admin' as const, id: adminId };
      const out = await d.db
        .transaction(async (tx) => {
          const prior = await adminActionByKey(tx, key);
          if (prior) return { ok: true as const, summary: String((prior.details as { summary?: string }).summary ?? ''), ids: [] as string[] };
          const p = await planFreeze(tx, groupId, locale);
          if (!p.ok) return p;
          const members = await activeMemberIds(tx, p.groupId);
          const freezes: string[] = [];
          for (const memberId of members) {
            const freezeId = newId('frz');
            const r = await freeze(tx, { groupId: p.groupId, cycleId: p.cycleId, memberId, freezeId, reason: 'risk', actor }, d.ledger);
            if (r.status === 'refused') throw new Refused(r.code === 'cycle_released' ? 'no_cycle' : r.code);
            freezes.push(freezeId);
          }
          await recordAdminAction(tx, {
            id: newId('adm'),
            adminId,
            action: 'freeze_group',
            target: p.groupId,
            details: { cycle_id: p.cycleId, freezes, summary: p.summary },
            idempotencyKey: key,
            createdAt: now(),
          });
          const ids: string[] = [];
          for (const m of members)
            ids.push(...(await tell(tx, d.pii, m, `freeze:${key}:${m}`, (loc) => t(loc, 'admin.notice_freeze', { group_name: p.groupName }))));
          return { ok: true as const, summary: p.summary, ids };
        })
        .catch((err) => {
          if (err instanceof Refused) return refused(locale, err.code);
          throw err;
        });
      if (!out.ok) return out;
      d.deliver(out.ids);
      return { ok: true, summary: out.summary };
    },

    async proposeUnfreeze(adminId: string, group: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const p = await planFreeze(d.db, group, locale);
      if (!p.ok) return p;
      if ((await liftableFreezes(d.db, p.cycleId)).length === 0) return refused(locale, 'state');
      return { ok: true as const, groupId: p.groupId, summary: t(locale, 'admin.summary.unfreeze', { group_name: p.groupName }) };
    },

    async unfreezeGroup(adminId: string, groupId: string, key: string, locale: Locale): Promise<Result<{ summary: string }>> {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const actor = { type: 'platform_admin' as const, id: adminId };
      const out = await d.db
        .transaction(async (tx) => {
          const p = await planFreeze(tx, groupId, locale);
          if (!p.ok) return p;
          const summary = t(locale, 'admin.summary.unfreeze', { group_name: p.groupName });
          if (
            !(await recordAdminAction(tx, {
              id: newId('adm'),
              adminId,
              action: 'unfreeze_group',
              target: p.groupId,
              details: { summary },
              idempotencyKey: key,
              createdAt: now(),
            }))
          )
            return { ok: true as const, summary, ids: [] as string[] };
          const fs = await liftableFreezes(tx, p.cycleId);
          for (const f of fs) {
            const r = await liftFreeze(tx, { groupId: f.groupId, cycleId: f.cycleId, freezeId: f.id, actor }, d.ledger);
            if (r.status === 'refused') throw new Refused(r.code);
          }
          await dismissFlagsOfFreezes(
            tx,
            fs.map((f) => f.id),
          );
          const ids: string[] = [];
          for (const m of await activeMemberIds(tx, p.groupId))
            ids.push(...(await tell(tx, d.pii, m, `unfreeze:${key}:${m}`, (loc) => t(loc, 'dispute.group_released', { group_name: p.groupName }))));
          return { ok: true as const, summary, ids };
        })
        .catch((err) => {
          if (err instanceof Refused) return refused(locale, err.code);
          throw err;
        });
      if (!out.ok) return out;
      d.deliver(out.ids);
      return { ok: true, summary: out.summary };
    },

    async proposeCancelGroup(adminId: string, group: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const found = await findGroup(d.db, group);
      if (!found.ok) return refused(locale, found.code);
      const p = await planCancel(d.db, found.id, { by: 'platform_admin', adminId });
      if (!p.ok) return refused(locale, p.code === 'not_found' ? 'not_found' : 'state');
      const summary = t(locale, 'admin.summary.cancel_group', {
        group_name: p.groupName,
        status: p.status,
        members: String(p.members),
        held: formatMoneyText(money(p.currency, p.heldMinor), locale),
      });
      return { ok: true as const, summary, groupId: found.id };
    },

    async cancelGroup(adminId: string, groupId: string, key: string, locale: Locale): Promise<Result<{ summary: string }>> {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const out = await d.db.transaction(async (tx) => {
        const prior = await adminActionByKey(tx, key);
        if (prior) return { ok: true as const, summary: String((prior.details as { summary?: string }).summary ?? ''), ids: [] as string[] };
        const r = await cancelGroupTx(
          tx,
          { db: d.db, pii: d.pii, deliver: d.deliver, ledgerContext: d.ledger },
          groupId,
          { by: 'platform_admin', adminId },
          key,
        );
        if (!r.ok) return refused(locale, r.code === 'not_found' ? 'not_found' : 'state');
        const summary = t(locale, 'admin.summary.cancel_group', {
          group_name: r.groupName,
          status: r.previousStatus,
          members: String((await activeMemberIds(tx, groupId)).length),
          held: formatMoneyText(money((await groupById(tx, groupId))?.currency ?? 'KES', await escrowHeld(tx, groupId)), locale),
        });
        await recordAdminAction(tx, {
          id: newId('adm'),
          adminId,
          action: 'cancel_group',
          target: groupId,
          details: { previous_status: r.previousStatus, summary },
          idempotencyKey: key,
          createdAt: now(),
        });
        return { ok: true as const, summary, ids: r.outbox };
      });
      if (!out.ok) return out;
      d.deliver(out.ids);
      return { ok: true, summary: out.summary };
    },

    async proposeTicketReply(adminId: string, ticketId: string, text: string, locale: Locale) {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const tk = await ticketById(d.db, ticketId);
      if (!tk) return refused(locale, 'not_found');
      return { ok: true as const, summary: t(locale, 'admin.summary.reply', { ticket_id: ticketId, text: text.slice(0, 300) }) };
    },

    async replyTicket(adminId: string, ticketId: string, text: string, key: string, locale: Locale): Promise<Result<{ summary: string }>> {
      if (!(await isVerifiedAdmin(adminId))) return refused(locale, 'not_admin');
      const out = await d.db.transaction(async (tx) => {
        const tk = await ticketById(tx, ticketId);
        if (!tk) return refused(locale, 'not_found');
        const summary = t(locale, 'admin.summary.reply', { ticket_id: ticketId, text: text.slice(0, 300) });
        if (
          !(await recordAdminAction(tx, {
            id: newId('adm'),
            adminId,
            action: 'reply_ticket',
            target: ticketId,
            details: { summary },
            idempotencyKey: key,
            createdAt: now(),
          }))
        ) {
          return { ok: true as const, summary, ids: [] as string[] };
        }
        await setTicketStatus(tx, ticketId, 'answered');
        const ids = await tell(tx, d.pii, tk.memberId, `ticket:${ticketId}:reply:${key}`, (loc) => t(loc, 'admin.ticket_reply', { text: text.slice(0, 1000) }));
        return { ok: true as const, summary, ids };
      });
      if (!out.ok) return out;
      d.deliver(out.ids);
      return { ok: true, summary: out.summary };
    },
  };
  return services;
}

/** A group by id or by (unambiguous) name. */
async function findGroup(tx: Tx, group: string): Promise<{ ok: true; id: string } | { ok: false; code: 'not_found' | 'ambiguous' }> {
  const byId = /^grp_[0-9A-Za-z]+$/.test(group.trim()) ? await groupById(tx, group.trim()) : undefined;
  const found = byId ? [byId] : await groupsByName(tx, group.trim());
  if (found.length === 0) return { ok: false, code: 'not_found' };
  if (found.length > 1) return { ok: false, code: 'ambiguous' };
  return { ok: true, id: found[0].id };
}

class Refused extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

/** "Amina" matches "Amina Njeri": the admin may use the first name; case and accents do not matter. */
function sameName(said: string, actual: string): boolean {
  const f = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  const a = f(said);
  const b = f(actual);
  return a.length > 0 && (b === a || b.split(/\s+/).includes(a) || b.startsWith(`${a} `));
}

export function configLines(): string[] {
  return [
    `• TOTP: ${totp_session_minutes} min`,
    `• Refund PIN above: ${Object.entries(refund_pin_threshold_minor)
      .map(([c, v]) => `${formatAmount(money(c, v), 'en')} ${c}`)
      .join(', ')}`,
    `• Risk: ≥${failed_payments_max} failed payments / 7 days; payout number changed <${destination_change_before_payout_hours} h before payout; received the pot then stopped paying`,
  ];
}
