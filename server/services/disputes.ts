// Disputes (spec 3.6, 12.17): a member's complaint becomes a ledger dispute that freezes their escrow
// portion of the cycle still to be paid out (so the payout waits), with the payment reference and
// evidence (files downloaded from WhatsApp, stored by content hash, the hash recorded in the ledger).
// "Paid but not recorded" first asks the provider and, when it has the money, records the payment the
// way a callback would (payments' reconciliation path) instead of opening a dispute.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { t } from '../../core/i18n/index.ts';
import { newId } from '../../core/ids.ts';
import { money } from '../../core/money.ts';
import {
  attemptByAnyRef,
  caseByOpenKey,
  currentCycleOf,
  disputeRow,
  evidenceOpenDisputeOf,
  insertCase,
  insertEvidence,
  organizerOf,
  runningGroupsOf,
} from '../../db/admin/disputes.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Tx } from '../../db/client.ts';
import { disputesVisibleTo } from '../../db/disputes-status.ts';
import { addDisputeEvidence, openDispute } from '../../db/ledger/services.ts';
import { attemptByRef } from '../../db/payments/attempts.ts';
import { contactsOf } from '../../db/payments/dues.ts';
import type { Locale } from '../../tools/context.ts';
import type { DisputeServices, DisputeType, MemberDispute, PaymentCheck } from '../../tools/disputes-services.ts';
import { formatAmount } from '../../tools/groups-text.ts';
import type { PaymentStatus, ProviderName, VerifiedEvent } from '../payments/provider.ts';
import type { Providers } from '../payments/providers.ts';
import { receiptId, who } from './payments-common.ts';
import type { ServiceDeps } from './deps.ts';

export const evidence_bytes_max = 10 * 1024 * 1024;
export const evidence_download_timeout_ms = 20_000;

export type DisputesDeps = ServiceDeps & {
  dataDir: string;
  providers?: Providers;
  /** Applies a provider answer exactly as a verified callback (payments' reconciliation path). */
  applyProviderStatus?: (ev: VerifiedEvent) => Promise<string[]>;
};

export type InboundMedia = { downloadUrl?: string; mimeType?: string; fileName?: string; caption?: string };

const memberActor = (id: string) => ({ type: 'user' as const, id });

export function createDisputeServices(d: DisputesDeps): DisputeServices & {
  /** The turn's text-less message branch: a file for the member's open dispute, or null. */
  evidenceFromMedia(x: { memberId: string; locale: Locale; idMessage: string; media: InboundMedia | null }): Promise<{ text: string } | null>;
} {
  async function notifyGroupFrozen(tx: Tx, memberId: string, groupName: string, disputeId: string, frozenMinor: bigint, currency: string): Promise<string[]> {
    const [c] = await contactsOf(tx, [memberId]);
    if (!c) return [];
    const w = who(d.pii, c);
    const msg: OutboundMessage = {
      chatId: w.chatId,
      kind: 'text',
      body: {
        text: t(w.locale, 'dispute.funds_frozen', {
          group_name: groupName,
          amount: formatAmount(money(currency, frozenMinor), w.locale),
          currency,
          dispute_id: disputeId,
        }),
      },
      idempotencyKey: `dispute:${disputeId}:frozen:${memberId}`,
    };
    return enqueueOutbound(tx, [msg]);
  }

  const services = {
    async groupsFor(memberId: string) {
      return runningGroupsOf(d.db, memberId);
    },

    async checkPayment(memberId: string, _groupId: string, ref: string): Promise<PaymentCheck> {
      const a = await attemptByAnyRef(d.db, ref.trim());
      if (!a) return { status: 'not_found' };
      if (a.memberId !== memberId) return { status: 'not_yours' };
      const describe = async (status: 'recorded_now' | 'already_recorded'): Promise<PaymentCheck> => {
        const row = await attemptByRef(d.db, a.ref);
        const g = (await runningGroupsOf(d.db, memberId)).find((x) => x.groupId === a.groupId);
        const minor = row?.capturedMinor ?? row?.amountMinor ?? 0n;
        return {
          status,
          amount: formatAmount(money(row?.currency ?? 'KES', minor), 'en'),
          currency: row?.currency ?? '',
          groupName: g?.name ?? '',
          receiptId: receiptId(a.contributionId),
        };
      };
      if (a.status === 'succeeded') return describe('already_recorded');
      if (!d.providers || !d.applyProviderStatus) return { status: 'pending' };
      let st: PaymentStatus;
      try {
        st = await d.providers.get(a.provider as ProviderName).status(a.ref);
      } catch (err) {
        d.log.warn({ ref: a.ref, err: String(err) }, 'dispute: provider status query failed');
        return { status: 'pending' };
      }
      if (st.state !== 'succeeded') return { status: st.state === 'failed' ? 'failed' : st.state === 'not_found' ? 'not_found' : 'pending' };
      // Same event id as reconciliation: whichever of the two asks first applies it, the other is a no-op.
      const ids = await d.applyProviderStatus({
        provider: a.provider as ProviderName,
        providerEventId: `reconcile:${a.ref}`,
        providerType: 'status_query',
        type: 'collection.succeeded',
        ref: a.ref,
        providerRef: st.providerTransactionId || a.ref,
        amount: st.amount,
        failure: null,
        details: { source: 'dispute_check' },
        occurredAt: st.completedAt ?? d.clock.now(),
        raw: JSON.parse(JSON.stringify(st, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))),
      });
      d.deliver(ids);
      const after = await attemptByRef(d.db, a.ref);
      return describe(after?.status === 'succeeded' ? 'recorded_now' : 'already_recorded');
    },

    async open(memberId: string, x: { groupId: string; type: DisputeType; paymentRef: string | null; description: string }, key: string) {
      const groups = await runningGroupsOf(d.db, memberId);
      const g = groups.find((z) => z.groupId === x.groupId);
      if (!g) return { ok: false as const, code: 'not_a_member' };
      const now = d.clock.now();
      const out = await d.db.transaction(async (tx) => {
        const existing = await caseByOpenKey(tx, key);
        if (existing) return { disputeId: existing.disputeId, frozen: 0n, currency: '', created: false, ids: [] as string[] };
        const cycle = await currentCycleOf(tx, x.groupId);
        if (!cycle) return null;
        const disputeId = newId('dsp');
        const res = await openDispute(
          tx,
          {
            group_id: x.groupId,
            dispute_id: disputeId,
            cycle_id: cycle.cycleId,
            member_id: memberId,
            kind: x.type,
            // The ledger keeps the category, not the member's words (those are PII, encrypted in dispute_cases).
            reason: x.type,
            opened_by: memberId,
            freeze_id: newId('frz'),
            actor: memberActor(memberId),
          },
          d.ledger,
        );
        if (res.status === 'refused') throw new Error(`dispute refused: ${res.code} ${res.message}`);
        await insertCase(tx, {
          disputeId,
          groupId: x.groupId,
          cycleId: cycle.cycleId,
          memberId,
          type: x.type,
          paymentRef: x.paymentRef?.slice(0, 100) ?? null,
          descriptionEnc: x.description ? d.pii.encrypt(x.description.slice(0, 1000)) : null,
          source: 'member',
          openKey: key,
          createdAt: now,
        });
        if (x.paymentRef) {
          await addDisputeEvidence(
            tx,
            {
              groupId: x.groupId,
              cycleId: cycle.cycleId,
              disputeId,
              addedBy: memberId,
              kind: 'payment_ref',
              note: x.paymentRef.slice(0, 100),
              actor: memberActor(memberId),
            },
            d.ledger,
          );
        }
        const frozenEvent = res.status === 'created' ? res.events.find((e) => e.event_type === 'escrow.funds.frozen') : undefined;
        const frozen = BigInt(((frozenEvent?.data ?? {}) as { amount_minor?: string }).amount_minor ?? '0');
        // The organizer hears of it too: their group's payout waits.
        const organizerId = await organizerOf(tx, x.groupId);
        const ids =
          organizerId && organizerId !== memberId && x.type !== 'organizer_fraud'
            ? await notifyGroupFrozen(tx, organizerId, g.name, disputeId, frozen, cycle.currency)
            : [];
        return { disputeId, frozen, currency: cycle.currency, created: true, ids };
      });
      if (!out) return { ok: false as const, code: 'no_cycle' };
      d.deliver(out.ids);
      return {
        ok: true as const,
        disputeId: out.disputeId,
        groupName: g.name,
        frozen: formatAmount(money(out.currency || 'KES', out.frozen), 'en'),
        currency: out.currency,
        created: out.created,
      };
    },

    async addTextEvidence(memberId: string, disputeId: string, note: string, key: string) {
      return d.db.transaction(async (tx) => {
        const c = await disputeRow(tx, disputeId);
        if (!c || c.opened_by !== memberId) return { ok: false as const, code: 'not_found' };
        if (
          !(await insertEvidence(tx, {
            id: newId('evd'),
            disputeId,
            addedBy: memberId,
            kind: 'text',
            noteEnc: d.pii.encrypt(note.slice(0, 1000)),
            sourceKey: key,
            createdAt: d.clock.now(),
          }))
        ) {
          return { ok: true as const, disputeId };
        }
        const res = await addDisputeEvidence(
          tx,
          {
            groupId: c.group_id,
            cycleId: c.cycle_id,
            disputeId,
            addedBy: memberId,
            kind: 'text',
            note: `statement ${key.slice(-12)}`,
            actor: memberActor(memberId),
          },
          d.ledger,
        );
        if (res.status === 'refused') return { ok: false as const, code: res.code };
        return { ok: true as const, disputeId };
      });
    },

    async openDisputeOf(memberId: string) {
      return evidenceOpenDisputeOf(d.db, memberId);
    },

    async disputesOf(memberId: string, disputeId?: string): Promise<MemberDispute[]> {
      // Who may see what is decided by the query itself (db/disputes-status.ts), from the database.
      const rows = await disputesVisibleTo(d.db, memberId, { disputeId });
      return rows.map((r) => ({
        disputeId: r.disputeId,
        groupName: r.groupName,
        type: r.type,
        status: r.status as MemberDispute['status'],
        outcome: r.outcome as MemberDispute['outcome'],
        updatedAt: r.updatedAt.toISOString(),
      }));
    },

    async evidenceFromMedia(x: { memberId: string; locale: Locale; idMessage: string; media: InboundMedia | null }) {
      const disputeId = await evidenceOpenDisputeOf(d.db, x.memberId);
      if (!disputeId) return null;
      const url = x.media?.downloadUrl;
      if (!url) return { text: t(x.locale, 'dispute.evidence_failed') };
      let bytes: Buffer;
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(evidence_download_timeout_ms) });
        if (!res.ok) throw new Error(`download ${res.status}`);
        const declared = Number(res.headers.get('content-length') ?? '0');
        if (declared > evidence_bytes_max) throw new Error('too large');
        bytes = Buffer.from(await res.arrayBuffer());
        if (bytes.length > evidence_bytes_max) throw new Error('too large');
      } catch (err) {
        d.log.warn({ err: String(err), disputeId }, 'evidence download failed');
        return { text: t(x.locale, 'dispute.evidence_failed') };
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Content-addressed: the same file sent twice is stored once. TODO(S3): when S3-compatible storage is
      // configured, put the bytes at s3://<bucket>/evidence/<sha256> instead of DATA_DIR.
      const dir = path.join(d.dataDir, 'evidence');
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, sha256), bytes);
      const ok = await d.db.transaction(async (tx) => {
        const c = await disputeRow(tx, disputeId);
        if (!c) return false;
        const fresh = await insertEvidence(tx, {
          id: newId('evd'),
          disputeId,
          addedBy: x.memberId,
          kind: 'file',
          sha256,
          storage: `file:evidence/${sha256}`,
          mimeType: x.media?.mimeType?.slice(0, 100) ?? null,
          fileName: x.media?.fileName?.slice(0, 200) ?? null,
          sizeBytes: bytes.length,
          noteEnc: x.media?.caption ? d.pii.encrypt(x.media.caption.slice(0, 1000)) : null,
          sourceKey: `wa:${x.idMessage}`,
          createdAt: d.clock.now(),
        });
        if (!fresh) return true;
        const res = await addDisputeEvidence(
          tx,
          {
            groupId: c.group_id,
            cycleId: c.cycle_id,
            disputeId,
            addedBy: x.memberId,
            kind: 'file',
            note: `sha256:${sha256} ${x.media?.mimeType ?? 'application/octet-stream'} ${bytes.length}B`,
            actor: memberActor(x.memberId),
          },
          d.ledger,
        );
        if (res.status === 'refused') throw new Error(`evidence refused: ${res.code}`);
        return true;
      });
      return {
        text: ok
          ? `${t(x.locale, 'dispute.evidence_received', { dispute_id: disputeId })}\n${t(x.locale, 'dispute.evidence_more')}`
          : t(x.locale, 'dispute.evidence_failed'),
      };
    },
  };
  return services;
}
