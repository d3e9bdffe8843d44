import { chatIdFromE164, countryFromE164 } from '../../core/identity/phone.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import type { Tx } from '../../db/client.ts';
import type { Contact } from '../../db/payments/dues.ts';
import { sql } from 'drizzle-orm';
import type { Locale } from '../../tools/context.ts';
import type { Failure, ProviderEvent, ProviderName } from '../payments/provider.ts';
import type { Providers } from '../payments/providers.ts';
import type { ServiceDeps } from './deps.ts';

export type PaymentsDeps = ServiceDeps & {
  providers: Providers;
  publicBaseUrl: string;
};

/** Daraja serves Kenya; pawaPay the other mobile money markets (CD, TZ, UG, RW, ZM, …). Cards: Stripe. */
export function mobileMoneyProviderFor(e164: string): ProviderName {
  return countryFromE164(e164) === 'KE' ? 'mpesa' : 'pawapay';
}

export type FailureKind = 'insufficient_funds' | 'cancelled' | 'timeout' | 'wrong_pin' | 'generic';

/** A provider failure in the member's terms (one text per kind). */
export function failureKind(f: Failure | null | undefined): FailureKind {
  if (!f) return 'generic';
  const code = f.code.toUpperCase();
  const pc = String(f.providerCode ?? '');
  const why = f.reason.toLowerCase();
  if (code === 'INSUFFICIENT_BALANCE' || pc === 'insufficient_funds' || why.includes('insufficient') || why.includes('enough funds'))
    return 'insufficient_funds';
  if (
    code === 'PAYER_UNREACHABLE' ||
    pc === '1037' ||
    pc === '1019' ||
    why.includes('in time') ||
    why.includes('timeout') ||
    why.includes('timed out') ||
    why.includes('expired')
  )
    return 'timeout';
  if (
    pc === '2001' ||
    pc === 'incorrect_cvc' ||
    pc === 'incorrect_pin' ||
    why.includes('pin') ||
    why.includes('security code') ||
    why.includes('initiator information')
  )
    return 'wrong_pin';
  if (pc === '1032' || pc === '1031' || why.includes('cancel') || why.includes('declined')) return 'cancelled';
  return 'generic';
}

export function localeOf(x: string | null | undefined): Locale {
  return x === 'fr' || x === 'sw' || x === 'en' ? x : 'en';
}

export type Who = { memberId: string; chatId: string; locale: Locale; name: string; phone: string };

export function who(pii: PiiCipher, c: Contact): Who {
  const phone = pii.decrypt(c.phone_enc);
  return { memberId: c.member_id, chatId: chatIdFromE164(phone), locale: localeOf(c.locale), name: c.name_enc ? pii.decrypt(c.name_enc) : '', phone };
}

/** The hash of a ledger entry, shortened for a receipt (enough to look it up and check it by hand). */
export async function ledgerHashAt(tx: Tx, groupId: string, seq: number): Promise<string> {
  const r = await tx.execute(sql`select hash from ledger_events where group_id = ${groupId} and seq = ${seq}`);
  return String((r.rows[0] as { hash?: string } | undefined)?.hash ?? '').slice(0, 12);
}

/** A receipt id people can read out: the contribution id's random tail. */
export function receiptId(contributionId: string): string {
  return `R-${contributionId.slice(-10)}`;
}

/** The review row for a provider event set aside (keyed by the event id, so a redelivery adds nothing). */
export function reviewOfEvent(e: ProviderEvent, reason: string) {
  return {
    id: e.id,
    provider: e.provider,
    ref: e.ref,
    providerRef: e.providerRef,
    type: e.type,
    reason,
    amountMinor: e.amount?.minor ?? null,
    currency: e.amount?.currency ?? null,
  };
}
