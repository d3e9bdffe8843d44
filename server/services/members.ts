// Member-facing services behind the tool ports: profile, language, reminders, payout number, support.
import { eq } from 'drizzle-orm';
import type { Clock } from '../../core/clock.ts';
import { newId } from '../../core/ids.ts';
import { maskPhone } from '../../core/identity/phone.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import type { Db } from '../../db/client.ts';
import { getConversation, setFlow } from '../../db/conversations.ts';
import { getMember, updateMember, setMemberName } from '../../db/members.ts';
import { supportTickets } from '../../db/schema/support.ts';
import type { Locale } from '../../tools/context.ts';
import type { FlowServices, MemberServices, SupportServices } from '../../tools/services.ts';

/** A new payout number only takes effect after this delay, so a hijacked account cannot redirect an imminent payout. */
export const payout_destination_cooloff_hours = 48;

export function createMemberServices(db: Db, pii: PiiCipher, clock: Clock): MemberServices {
  return {
    async profile(memberId) {
      const m = await getMember(db, pii, memberId);
      if (!m) throw new Error(`unknown member ${memberId}`);
      return {
        id: m.id,
        name: m.name,
        locale: (m.locale as Locale | null) ?? null,
        phoneMasked: m.phoneMasked,
        onboardingStep: m.onboardingStep,
        remindersPaused: m.remindersPaused,
        payoutDestinationMasked: m.payoutDestinationMasked,
      };
    },
    setLocale: (memberId, locale) => updateMember(db, memberId, { locale }),
    setName: (memberId, name) => setMemberName(db, pii, memberId, name),
    setOnboardingStep: (memberId, step) => updateMember(db, memberId, { onboardingStep: step }),
    setRemindersPaused: (memberId, paused) => updateMember(db, memberId, { remindersPaused: paused }),
    async setPayoutDestination(memberId, e164, idempotencyKey) {
      return db.transaction(async (tx) => {
        const row = await getMember(tx, pii, memberId);
        if (!row) throw new Error(`unknown member ${memberId}`);
        if (row.payoutDestinationChangeKey === idempotencyKey && row.payoutDestinationEffectiveAt) {
          return { effectiveAt: row.payoutDestinationEffectiveAt.toISOString() };
        }
        const effectiveAt = new Date(clock.now().getTime() + payout_destination_cooloff_hours * 3600_000);
        await updateMember(tx, memberId, {
          payoutDestinationEnc: pii.encrypt(e164),
          payoutDestinationMasked: maskPhone(e164),
          payoutDestinationEffectiveAt: effectiveAt,
          payoutDestinationChangeKey: idempotencyKey,
        });
        return { effectiveAt: effectiveAt.toISOString() };
      });
    },
  };
}

export function createSupportServices(db: Db, pii: PiiCipher): SupportServices {
  return {
    async openTicket(memberId, text, idempotencyKey) {
      const id = newId('tkt');
      const r = await db
        .insert(supportTickets)
        .values({ id, memberId, summaryEnc: pii.encrypt(text), idempotencyKey })
        .onConflictDoNothing({ target: supportTickets.idempotencyKey })
        .returning({ id: supportTickets.id });
      if (r[0]) return { ticketId: r[0].id, created: true };
      const existing = await db.select({ id: supportTickets.id }).from(supportTickets).where(eq(supportTickets.idempotencyKey, idempotencyKey));
      return { ticketId: existing[0]?.id ?? id, created: false };
    },
  };
}

export function createFlowServices(db: Db): FlowServices {
  return {
    async get(chatId) {
      const c = await getConversation(db, chatId);
      return (c?.flow as Awaited<ReturnType<FlowServices['get']>>) ?? null;
    },
    set: (chatId, flow) => setFlow(db, chatId, flow),
  };
}
