// The Disputes agent's dispute flow (spec 3.6, 12.17) as a state machine in code: type → group →
// payment reference → (paid-not-recorded: ask the provider first) → open + freeze → evidence → done.
// Files sent while the flow (or any dispute of the member) is open are evidence (server/turns media branch).
import { z } from 'zod';
import { formatDateLong, type MessageKey, t, tDynamic } from '../core/i18n/index.ts';
import { countryDefaults } from '../core/rosca/index.ts';
import type { RoscaContext } from './context.ts';
import type { DisputeToolServices, DisputeType, MemberDispute } from './disputes-services.ts';
import { guardedTool } from './guard.ts';
import { reply, type ToolReply } from './reply.ts';

const TYPES: DisputeType[] = ['paid_not_recorded', 'wrong_recipient', 'organizer_fraud', 'other'];
const SKIP = /^\s*(skip|none|no|passer|aucune?|non|ruka|sina|hapana|hakuna)\s*[.!]?\s*$/i;
const DONE = /^\s*(done|finished|that'?s all|termin[ée]|fini|c'?est tout|nimemaliza|tayari|imetosha|basi)\s*[.!]?\s*$/i;
const CANCEL = /^\s*(cancel|annuler|annule|ghairi|sitisha|acha)\s*[.!]?\s*$/i;

type Data = { type?: DisputeType; groupId?: string; groups?: Array<{ groupId: string; name: string }>; description?: string; disputeId?: string };

function typeFrom(text: string): DisputeType | undefined {
  const n = /^\s*([1-4])\s*[).]?\s*$/.exec(text);
  if (n) return TYPES[Number(n[1]) - 1];
  return undefined;
}

/** A payment reference as people type it: our pay_ ref, an M-Pesa receipt (10 letters/digits), a Stripe id. */
export function paymentRefIn(text: string): string | undefined {
  const m = /\b(pay_[0-9A-Za-z]{10,40}|pi_[0-9A-Za-z_]{8,60}|cs_[0-9A-Za-z_]{8,80}|[A-Z0-9]{10})\b/.exec(text.trim());
  return m?.[1];
}

export function makeDisputeTools(s: DisputeToolServices) {
  async function save(ctx: RoscaContext, step: string, data: Data) {
    await s.flows.set(ctx.chatId, { name: 'dispute', step, data });
  }

  async function openNow(ctx: RoscaContext, data: Data, paymentRef: string | null, callId: string, prefix?: string): Promise<ToolReply> {
    const r = await s.disputes.open(
      ctx.memberId,
      { groupId: data.groupId as string, type: data.type ?? 'other', paymentRef, description: data.description ?? '' },
      callId,
    );
    if (!r.ok) {
      await s.flows.set(ctx.chatId, null);
      return reply(t(ctx.locale, 'dispute.no_groups'));
    }
    await save(ctx, 'evidence', { disputeId: r.disputeId });
    const opened = t(ctx.locale, 'dispute.opened', { dispute_id: r.disputeId, dispute_type: t(ctx.locale, `dispute_type.${data.type ?? 'other'}`) });
    const frozen = t(ctx.locale, 'dispute.funds_frozen', { group_name: r.groupName, amount: r.frozen, currency: r.currency, dispute_id: r.disputeId });
    return reply([prefix, opened, frozen, t(ctx.locale, 'dispute.evidence_more')].filter(Boolean).join('\n\n'), undefined, { dispute_id: r.disputeId });
  }

  /** After the type is known: pick the group (ask when there are several), then ask for the reference. */
  async function afterType(ctx: RoscaContext, data: Data): Promise<ToolReply> {
    const groups = await s.disputes.groupsFor(ctx.memberId);
    if (groups.length === 0) {
      await s.flows.set(ctx.chatId, null);
      return reply(t(ctx.locale, 'dispute.no_groups'));
    }
    if (groups.length > 1) {
      await save(ctx, 'group', { ...data, groups });
      return reply(t(ctx.locale, 'dispute.ask_group', { groups: groups.map((g, i) => `${i + 1}) ${g.name}`).join('\n') }));
    }
    await save(ctx, 'ref', { ...data, groupId: groups[0].groupId });
    return reply(t(ctx.locale, 'dispute.ask_ref'));
  }

  const openDispute = guardedTool({
    name: 'open_dispute',
    description:
      'Open a dispute (paid but not recorded, payout to the wrong person, organizer fraud, other): asks what happened, which group, the payment reference, then opens it, freezes the related escrow and collects evidence. Pass the member\u2019s message as text.',
    parameters: z.object({
      type: z.enum(['paid_not_recorded', 'wrong_recipient', 'organizer_fraud', 'other']).optional(),
      text: z.string().max(2000).optional(),
    }),
    execute: async ({ type, text }, ctx, { callId }) => {
      const said = (text ?? ctx.inboundText).trim();
      const flow = await s.flows.get(ctx.chatId);
      const data = (flow?.name === 'dispute' ? flow.data : undefined) as Data | undefined;
      if (data && CANCEL.test(said)) {
        await s.flows.set(ctx.chatId, null);
        return reply(t(ctx.locale, data.disputeId ? 'dispute.evidence_done' : 'dispute.cancelled', { dispute_id: data.disputeId ?? '' }));
      }
      if (flow?.name !== 'dispute' || !data) {
        const start: Data = { description: said.slice(0, 1000) };
        if (!type || type === 'other') {
          await save(ctx, 'type', start);
          return reply(t(ctx.locale, 'dispute.ask_type'));
        }
        return afterType(ctx, { ...start, type });
      }
      switch (flow.step) {
        case 'type': {
          const picked = typeFrom(said) ?? (type && type !== 'other' ? type : undefined);
          if (!picked) return reply(t(ctx.locale, 'dispute.ask_type'));
          return afterType(ctx, { ...data, type: picked, description: data.description || said });
        }
        case 'group': {
          const n = /^\s*(\d{1,2})\s*[).]?\s*$/.exec(said);
          const g = n ? data.groups?.[Number(n[1]) - 1] : data.groups?.find((x) => x.name.toLowerCase() === said.toLowerCase());
          if (!g) return reply(t(ctx.locale, 'dispute.ask_group', { groups: (data.groups ?? []).map((x, i) => `${i + 1}) ${x.name}`).join('\n') }));
          await save(ctx, 'ref', { ...data, groups: undefined, groupId: g.groupId });
          return reply(t(ctx.locale, 'dispute.ask_ref'));
        }
        case 'ref': {
          const ref = SKIP.test(said) ? null : (paymentRefIn(said) ?? said.slice(0, 60));
          if (ref && data.type === 'paid_not_recorded') {
            const check = await s.disputes.checkPayment(ctx.memberId, data.groupId as string, ref);
            if (check.status === 'recorded_now' || check.status === 'already_recorded') {
              await s.flows.set(ctx.chatId, null);
              const key = check.status === 'recorded_now' ? 'dispute.payment_found' : 'dispute.payment_already_recorded';
              return reply(t(ctx.locale, key, { amount: check.amount, currency: check.currency, group_name: check.groupName, receipt_id: check.receiptId }));
            }
            return openNow(ctx, data, ref, callId, t(ctx.locale, 'dispute.payment_not_found'));
          }
          return openNow(ctx, data, ref, callId);
        }
        case 'evidence': {
          if (!said || DONE.test(said)) {
            await s.flows.set(ctx.chatId, null);
            return reply(t(ctx.locale, 'dispute.evidence_done', { dispute_id: data.disputeId ?? '' }));
          }
          const r = await s.disputes.addTextEvidence(ctx.memberId, data.disputeId as string, said, callId);
          if (!r.ok) {
            await s.flows.set(ctx.chatId, null);
            return reply(t(ctx.locale, 'dispute.evidence_closed', { dispute_id: data.disputeId ?? '' }));
          }
          return reply(`${t(ctx.locale, 'dispute.evidence_received', { dispute_id: r.disputeId })}\n${t(ctx.locale, 'dispute.evidence_more')}`);
        }
        default:
          await s.flows.set(ctx.chatId, null);
          return reply(t(ctx.locale, 'dispute.ask_type'));
      }
    },
  });

  const addEvidence = guardedTool({
    name: 'add_dispute_evidence',
    description: 'Add a written statement to the member\u2019s open dispute (files and photos sent in the chat are attached automatically).',
    parameters: z.object({ text: z.string().min(1).max(1000) }),
    execute: async ({ text }, ctx, { callId }) => {
      const disputeId = await s.disputes.openDisputeOf(ctx.memberId);
      if (!disputeId) return reply(t(ctx.locale, 'dispute.ask_type'));
      const r = await s.disputes.addTextEvidence(ctx.memberId, disputeId, text, callId);
      return reply(
        r.ok ? t(ctx.locale, 'dispute.evidence_received', { dispute_id: disputeId }) : t(ctx.locale, 'dispute.evidence_closed', { dispute_id: disputeId }),
      );
    },
  });

  const disputeStatus = guardedTool({
    name: 'dispute_status',
    description:
      'Read only: where the member\u2019s own disputes stand (reference, type, state opened \u2192 evidence \u2192 investigation \u2192 resolved \u2192 closed, outcome, last update, what happens next). Optionally one dispute by its dsp_ reference. Never opens a dispute.',
    parameters: z.object({ dispute_id: z.string().max(60).optional() }),
    execute: async ({ dispute_id }, ctx) => {
      const wanted = dispute_id?.trim() || undefined;
      // The service answers only with disputes this member opened or that are about their own money.
      const list = await s.disputes.disputesOf(ctx.memberId, wanted);
      if (wanted && !list.some((d) => d.disputeId === wanted)) {
        const shown = /^dsp_[0-9A-Za-z]{1,40}$/.test(wanted) ? wanted : '—';
        return { ...reply(t(ctx.locale, 'dispute.status_not_yours', { dispute_id: shown })), refused: 'not_yours' };
      }
      if (list.length === 0) return reply(t(ctx.locale, 'dispute.status_none'));
      const timeZone = countryDefaults(ctx.country)?.timeZone ?? 'Africa/Nairobi';
      const items = list.map((d) => statusItem(ctx, d, timeZone));
      return reply([t(ctx.locale, 'dispute.status_title'), ...items, t(ctx.locale, 'dispute.status_footer')].join('\n\n'), undefined, {
        disputes: list.map((d) => ({ dispute_id: d.disputeId, status: d.status, outcome: d.outcome })),
      });
    },
  });

  return [openDispute, addEvidence, disputeStatus];
}

const LIFECYCLE: MemberDispute['status'][] = ['opened', 'evidence', 'investigation', 'resolved', 'closed'];

/** A group name is member-written text: one line, no WhatsApp formatting. */
function plainName(name: string): string {
  return name
    .replace(/[*_~`\r\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
}

function statusItem(ctx: RoscaContext, d: MemberDispute, timeZone: string): string {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d.updatedAt));
  const typeKey = `dispute_type.${d.type}`;
  return t(ctx.locale, 'dispute.status_item', {
    dispute_id: d.disputeId,
    group_name: plainName(d.groupName),
    dispute_type: tDynamic(ctx.locale, (typeKey in DISPUTE_TYPE_KEYS ? typeKey : 'dispute_type.other') as MessageKey),
    state: tDynamic(ctx.locale, `dispute.state.${d.status}` as MessageKey),
    step: LIFECYCLE.indexOf(d.status) + 1,
    outcome: d.outcome ? `\n${t(ctx.locale, 'dispute.status_outcome', { outcome: tDynamic(ctx.locale, `dispute.result.${d.outcome}` as MessageKey) })}` : '',
    updated: formatDateLong(ymd, ctx.locale),
    next: tDynamic(ctx.locale, `dispute.next.${d.status}` as MessageKey),
  });
}

const DISPUTE_TYPE_KEYS: Record<string, true> = {
  'dispute_type.paid_not_recorded': true,
  'dispute_type.wrong_recipient': true,
  'dispute_type.organizer_fraud': true,
  'dispute_type.other': true,
  'dispute_type.card_chargeback': true,
};
