// Seeds a fresh episode database through the real repositories and services, so the runtime sees exactly
// what production would: members (PIN hashes), groups (issue 4's services), payments (issue 5: the
// PaymentServices collection, then the provider's verified callback applied as the webhook applies
// one — provider event, ledger capture + deposit, due, receipt) and disputes (issue 6: the disputes
// service opens the ledger dispute and its freeze). What cannot be seeded is reported as `seed unsupported`
// and the case still runs (its policy checks still count).
import { sql } from 'drizzle-orm';
import { maskPhone } from '../../core/identity/phone.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { hashPin } from '../../core/identity/pin.ts';
import { createIdFactory } from '../../core/ids.ts';
import { GROUP_NAME_MAX_CHARS, MEMBERS_MIN, parseGroupRules } from '../../core/rosca/rules.ts';
import type { Db } from '../../db/client.ts';
import { insertInvite, updateGroup } from '../../db/groups/repo.ts';
import { findOrCreateMember, setMemberName, updateMember } from '../../db/members.ts';
import { attemptByRef } from '../../db/payments/attempts.ts';
import { createLogger } from '../../server/log.ts';
import { uuidFromRef } from '../../server/payments/ids.ts';
import { minorToDecimal } from '../../server/payments/money.ts';
import type { PaymentProvider, ProviderName, VerifiedEvent } from '../../server/payments/provider.ts';
import type { Providers } from '../../server/payments/providers.ts';
import { getPaymentRecord, insertPaymentRecord, type PaymentRecord, recordProviderEvent, updatePaymentRecord } from '../../server/payments/records.ts';
import { createDisputeServices } from '../../server/services/disputes.ts';
import { createGroupServices } from '../../server/services/groups.ts';
import { createPaymentServices } from '../../server/services/payments.ts';
import { mobileMoneyProviderFor, type PaymentsDeps } from '../../server/services/payments-common.ts';
import { createPaymentEventHandler } from '../../server/services/payments-events.ts';
import type { SeedT } from '../schema.ts';

const pinHashes = new Map<string, Promise<string>>();
/** argon2id is deliberately slow; one hash per distinct PIN serves every episode (salted, still valid). */
const cachedHash = (pin: string) => {
  let h = pinHashes.get(pin);
  if (!h) {
    h = hashPin(pin);
    pinHashes.set(pin, h);
  }
  return h;
};

export type SeedResult = { memberIds: Map<string, string>; notes: string[] };

export async function seedEpisode(db: Db, pii: PiiCipher, seed: SeedT, now: Date): Promise<SeedResult> {
  const memberIds = new Map<string, string>();
  const notes: string[] = [];
  for (const m of seed.members) {
    if (m.onboarding === 'new') continue;
    const { member } = await findOrCreateMember(db, pii, m.phone, now);
    memberIds.set(m.key, member.id);
    if (m.name) await setMemberName(db, pii, member.id, m.name);
    await updateMember(db, member.id, {
      locale: m.locale ?? null,
      onboardingStep: m.onboarding,
      status: m.onboarding === 'done' ? 'active' : 'onboarding',
      pinHash: m.pin && (m.onboarding === 'done' || m.onboarding === 'pin_confirm') ? await cachedHash(m.pin) : null,
      remindersPaused: m.reminders_paused,
      pinFailures: m.pin_failures ?? 0,
      totpVerifiedUntil: m.totp_fresh ? new Date(now.getTime() + 12 * 3600_000) : null,
      ...(m.payout_destination
        ? {
            payoutDestinationEnc: pii.encrypt(m.payout_destination),
            payoutDestinationMasked: maskPhone(m.payout_destination),
            payoutDestinationEffectiveAt: now,
          }
        : {}),
    });
    if (m.roles.includes('organizer') && !seed.groups.some((g) => g.organizer === m.key)) notes.push(`role organizer of ${m.key} needs a seeded group`);
  }
  const groupIds = new Map<string, string>();
  const paymentRefs = new Map<string, string>();
  if (seed.groups.length) notes.push(...(await seedGroups(db, pii, seed, now, memberIds, groupIds)));
  if (seed.payments.length) notes.push(...(await seedPayments(db, pii, seed, now, memberIds, groupIds, paymentRefs)));
  if (seed.disputes.length) notes.push(...(await seedDisputes(db, pii, seed, now, memberIds, groupIds, paymentRefs)));
  // Invites' QR codes, join notices, receipts, quorum and freeze notices were queued for delivery while
  // seeding: not part of the conversation under test.
  if (seed.groups.length) await db.execute(sql`delete from outbox`);
  for (const q of seed.sql) await db.execute(sql.raw(q));
  return { memberIds, notes };
}

const FREQUENCY: Record<string, 'weekly' | 'biweekly' | 'monthly'> = { P1W: 'weekly', P2W: 'biweekly', P1M: 'monthly' };
const TIME_ZONE: Record<string, string> = {
  KES: 'Africa/Nairobi',
  TZS: 'Africa/Dar_es_Salaam',
  UGX: 'Africa/Kampala',
  CDF: 'Africa/Kinshasa',
  RWF: 'Africa/Kigali',
};

/**
 * Groups through the real group services (issue 4): the organizer creates it (rules validated,
 * invite, ledger events), the other members join with its code, and a group seeded `active` is
 * started when it has enough members (otherwise it stays open, waiting for START). A seeded
 * `join_code` becomes an extra invite. The notifications the services queue while seeding are
 * dropped (by the caller, after payments and disputes): they are not part of the conversation under test.
 */
async function seedGroups(db: Db, pii: PiiCipher, seed: SeedT, now: Date, memberIds: Map<string, string>, groupIds: Map<string, string>): Promise<string[]> {
  const notes: string[] = [];
  const groups = createGroupServices({ db, pii, clock: { now: () => now }, botPhone: '+254700000000', deliver: () => {} });
  const start = new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
  for (const g of seed.groups) {
    const organizer = memberIds.get(g.organizer);
    if (!organizer) {
      notes.push(`seed unsupported: group ${g.key} has no seeded organizer ${g.organizer}`);
      continue;
    }
    const others = g.members.filter((k) => k !== g.organizer).map((k) => memberIds.get(k));
    // Rules cap a name at 60 characters; a longer seeded name (an injection carrier) is set on the
    // row afterwards, as if another path had written it, so the case still tests what it meant to.
    const longName = g.name.length > GROUP_NAME_MAX_CHARS;
    const parsed = parseGroupRules({
      name: longName ? g.name.slice(0, GROUP_NAME_MAX_CHARS).trim() : g.name,
      contribution: { currency: g.currency, minor: BigInt(g.contribution_minor) },
      frequency: FREQUENCY[g.frequency] ?? 'monthly',
      startDate: start,
      timeZone: TIME_ZONE[g.currency] ?? 'Africa/Nairobi',
      membersCount: Math.max(MEMBERS_MIN, others.length + 1),
      payoutOrder: 'random',
    });
    if (!parsed.ok) {
      notes.push(`seed unsupported: group ${g.key} rules ${JSON.stringify(parsed.issues)}`);
      continue;
    }
    const created = await groups.create(organizer, parsed.rules, `seed:create:${g.key}`);
    const groupId = created.group.id;
    groupIds.set(g.key, groupId);
    if (longName) await updateGroup(db, groupId, { name: g.name });
    for (const [i, m] of others.entries()) {
      if (!m) continue;
      const j = await groups.join(m, created.code, `seed:join:${g.key}:${i}`);
      if (!j.ok) notes.push(`seed unsupported: ${g.key} join ${j.code}`);
    }
    if (g.join_code)
      await insertInvite(db, { code: g.join_code.toUpperCase(), groupId, createdBy: organizer, expiresAt: new Date(now.getTime() + 30 * 86_400_000) });
    if (g.status === 'active' && others.length + 1 >= MEMBERS_MIN) {
      const started = await groups.start(organizer, groupId, `seed:start:${g.key}`);
      if (!started.ok) notes.push(`seed unsupported: ${g.key} start ${started.code}`);
    } else if (g.status === 'frozen' || g.status === 'completed') {
      await updateGroup(db, groupId, { status: g.status });
    }
  }
  return notes;
}

const silent = createLogger('silent');

/**
 * Stands in for a sandbox provider's side of a collection request: it records the request exactly as
 * the adapter does (provider_payments row, the provider's own id) and answers "accepted", as the
 * sandbox would once the prompt is on the payer's phone. Nothing is sent over HTTP while seeding (the
 * episode's app does not listen on a port); the outcome arrives as that provider's verified callback
 * (`providerCallback`), applied the way the webhook applies one.
 */
function seedProvider(db: Db, name: ProviderName): PaymentProvider {
  const refuse = async (): Promise<never> => {
    throw new Error(`seed provider ${name}: only collections are seeded`);
  };
  return {
    name,
    sandbox: true,
    async collect(req) {
      const ref = req.ref as string;
      const tail = ref.slice(4);
      const providerRef = name === 'mpesa' ? `ws_CO_${tail}` : name === 'pawapay' ? uuidFromRef(ref) : `cs_test_${tail}`;
      await insertPaymentRecord(db, {
        ref,
        provider: name,
        kind: 'collection',
        amount: req.amount,
        phone: req.phone ?? null,
        providerRef,
        metadata: req.metadata,
      });
      if (name === 'mpesa') await updatePaymentRecord(db, ref, { altRef: `seed-${tail}` });
      return {
        status: 'accepted',
        ref,
        provider: name,
        providerRef,
        ...(name === 'stripe' ? { checkoutUrl: `https://checkout.stripe.test/c/pay/${providerRef}` } : {}),
      };
    },
    disburse: refuse,
    refund: refuse,
    status: async () => ({ state: 'not_found' }),
    verifyWebhook: async () => [],
  };
}

/** What the provider's verified callback becomes (the adapters' verifyWebhook output, same ids and shapes). */
function providerCallback(rec: PaymentRecord, ok: boolean, paid: { currency: string; minor: bigint }, reference: string | undefined, now: Date): VerifiedEvent {
  const provider = rec.provider as ProviderName;
  const providerRef = rec.providerRef ?? rec.ref;
  const details: Record<string, string> = { ...rec.metadata };
  if (reference) details.receipt = reference;
  const base = { provider, ref: rec.ref, providerRef, amount: paid, details, occurredAt: now };
  if (provider === 'mpesa') {
    details.callback_result_code = ok ? '0' : '1032';
    const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
    const items = ok
      ? [
          { Name: 'Amount', Value: Number(paid.minor / 100n) },
          { Name: 'MpesaReceiptNumber', Value: reference ?? `SEED${rec.ref.slice(-6)}` },
          { Name: 'TransactionDate', Value: Number(stamp) },
        ]
      : [];
    return {
      ...base,
      providerEventId: `stk:${providerRef}`,
      providerType: 'stk_callback',
      type: ok ? 'collection.succeeded' : 'collection.failed',
      failure: ok ? null : { code: 'PAYMENT_NOT_APPROVED', reason: 'Request cancelled by user', providerCode: '1032' },
      raw: {
        Body: {
          stkCallback: {
            MerchantRequestID: rec.altRef,
            CheckoutRequestID: providerRef,
            ResultCode: ok ? 0 : 1032,
            ResultDesc: ok ? 'The service request is processed successfully.' : 'Request cancelled by user',
            ...(ok ? { CallbackMetadata: { Item: items } } : {}),
          },
        },
      },
    };
  }
  if (provider === 'pawapay') {
    const status = ok ? 'COMPLETED' : 'FAILED';
    return {
      ...base,
      providerEventId: `collection:${providerRef}:${status}`,
      providerType: `deposits.${status}`,
      type: ok ? 'collection.succeeded' : 'collection.failed',
      failure: ok ? null : { code: 'PAYMENT_NOT_APPROVED', reason: 'The customer did not approve the payment', providerCode: 'PAYMENT_NOT_APPROVED' },
      raw: {
        depositId: providerRef,
        status,
        amount: minorToDecimal(paid),
        currency: paid.currency,
        clientReferenceId: rec.ref,
        created: now.toISOString(),
        ...(ok && reference ? { providerTransactionId: reference } : {}),
        ...(ok ? {} : { failureReason: { failureCode: 'PAYMENT_NOT_APPROVED', failureMessage: 'The customer did not approve the payment' } }),
      },
    };
  }
  const type = ok ? 'checkout.session.completed' : 'checkout.session.expired';
  return {
    ...base,
    providerEventId: `evt_seed_${rec.ref.slice(4)}`,
    providerType: type,
    type: ok ? 'collection.succeeded' : 'collection.failed',
    failure: ok ? null : { code: 'PAYMENT_NOT_APPROVED', reason: 'checkout expired', providerCode: 'expired' },
    altRef: `pi_seed_${rec.ref.slice(4)}`,
    raw: {
      id: `evt_seed_${rec.ref.slice(4)}`,
      type,
      data: {
        object: {
          id: providerRef,
          payment_intent: `pi_seed_${rec.ref.slice(4)}`,
          amount_total: Number(paid.minor),
          currency: paid.currency.toLowerCase(),
          metadata: { ...rec.metadata, ref: rec.ref },
          ...(reference ? { description: reference } : {}),
        },
      },
    },
  };
}

/**
 * Payments through the payments services (issue 5): the member's open due in the group (its current
 * cycle), `PaymentServices.collect` (attempt keyed like a tool call, provider request recorded), then —
 * unless the payment is seeded `pending` — the provider's verified callback in a transaction like the
 * webhook's: provider event stored once, one-way transition, `payment.captured` +
 * `escrow.deposit.recorded` (or `payment.failed`) in the group's ledger, due paid, quorum, receipt.
 * The seeded `reference` is the provider's receipt / transaction reference, as its callback carries it.
 */
async function seedPayments(
  db: Db,
  pii: PiiCipher,
  seed: SeedT,
  now: Date,
  memberIds: Map<string, string>,
  groupIds: Map<string, string>,
  paymentRefs: Map<string, string>,
): Promise<string[]> {
  const notes: string[] = [];
  const clock = { now: () => now };
  const providers: Providers = {
    mpesa: seedProvider(db, 'mpesa'),
    pawapay: seedProvider(db, 'pawapay'),
    stripe: seedProvider(db, 'stripe'),
    get(name) {
      const p = providers[name];
      if (!p) throw new Error(`payment provider ${name} is not configured`);
      return p;
    },
  };
  const deps: PaymentsDeps = {
    db,
    pii,
    clock,
    providers,
    ledger: { clock, ids: createIdFactory({ clock }) },
    log: silent,
    deliver: () => {},
    publicBaseUrl: 'http://127.0.0.1:3000',
  };
  const payments = createPaymentServices(deps);
  const onProviderEvent = createPaymentEventHandler(deps);
  for (const p of seed.payments) {
    const memberId = memberIds.get(p.member);
    const groupId = groupIds.get(p.group);
    const phone = seed.members.find((m) => m.key === p.member)?.phone;
    if (!memberId || !groupId || !phone) {
      notes.push(`seed unsupported: payment ${p.key} needs a seeded member ${p.member} and group ${p.group}`);
      continue;
    }
    if (p.status === 'refunded') {
      notes.push(`seed unsupported: payment ${p.key} status refunded (a refund goes through the refunds service's approvals)`);
      continue;
    }
    const due = (await payments.openDues(memberId)).find((d) => d.groupId === groupId);
    if (!due) {
      notes.push(
        `seed unsupported: payment ${p.key}: nothing payable for ${p.member} in ${p.group} (only a started group — at least ${MEMBERS_MIN} members — has dues)`,
      );
      continue;
    }
    if (due.owed.currency !== p.currency) {
      notes.push(`seed unsupported: payment ${p.key} in ${p.currency}, the group's dues are in ${due.owed.currency}`);
      continue;
    }
    const method = p.provider === 'stripe' ? 'card' : 'mobile_money';
    if (method === 'mobile_money' && p.provider && p.provider !== mobileMoneyProviderFor(phone)) {
      notes.push(
        `seed unsupported: payment ${p.key} by ${p.provider}: the product collects from ${phone.slice(0, 4)}… through ${mobileMoneyProviderFor(phone)}`,
      );
      continue;
    }
    const started = await payments.collect(memberId, { cycleId: due.cycleId, method }, `seed:pay:${p.key}`);
    if (started.status !== 'mobile_money' && started.status !== 'card') {
      notes.push(`seed unsupported: payment ${p.key}: collect answered ${started.status}`);
      continue;
    }
    paymentRefs.set(p.key, started.ref);
    if (p.status === 'pending') continue;
    const rec = await getPaymentRecord(db, started.ref);
    if (!rec) throw new Error(`seed: payment ${started.ref} was not recorded`);
    const paid = { currency: p.currency, minor: BigInt(p.amount_minor) };
    // STK Push charges exactly what was asked; a different amount cannot come back from M-Pesa.
    if (p.status === 'succeeded' && rec.provider === 'mpesa' && paid.minor !== rec.amountMinor) {
      notes.push(`seed unsupported: payment ${p.key}: M-Pesa collects exactly the ${rec.amountMinor} owed, not ${p.amount_minor}`);
      continue;
    }
    // The webhook's transaction for one verified callback: store the event once, then apply it.
    const callback = providerCallback(rec, p.status === 'succeeded', paid, p.reference, now);
    await db.transaction(async (tx) => {
      const { event } = await recordProviderEvent(tx, callback);
      if (event) await onProviderEvent(tx, event);
    });
    const settled = await attemptByRef(db, started.ref);
    if (settled?.status !== p.status) notes.push(`seed unsupported: payment ${p.key} ended ${settled?.status ?? 'missing'}, not ${p.status}`);
  }
  return notes;
}

/**
 * Disputes through the disputes service (issue 6): `open` writes the ledger dispute and the freeze of
 * the member's escrow in the group's current cycle, the case with its (encrypted) description, and the
 * payment reference as evidence. Resolving one is a platform admin's two-step, TOTP- and PIN-gated
 * action: seeded `resolved`/`rejected` disputes are reported as unsupported (opened, not resolved).
 */
async function seedDisputes(
  db: Db,
  pii: PiiCipher,
  seed: SeedT,
  now: Date,
  memberIds: Map<string, string>,
  groupIds: Map<string, string>,
  paymentRefs: Map<string, string>,
): Promise<string[]> {
  const notes: string[] = [];
  const clock = { now: () => now };
  const disputes = createDisputeServices({
    db,
    pii,
    clock,
    ledger: { clock, ids: createIdFactory({ clock }) },
    log: silent,
    deliver: () => {},
    dataDir: process.env.EVALS_DATA_DIR ?? '.data-evals',
  });
  for (const d of seed.disputes) {
    const memberId = memberIds.get(d.member);
    const groupId = groupIds.get(d.group);
    if (!memberId || !groupId) {
      notes.push(`seed unsupported: dispute ${d.key} needs a seeded member ${d.member} and group ${d.group}`);
      continue;
    }
    const paymentRef = d.payment ? paymentRefs.get(d.payment) : null;
    if (d.payment && !paymentRef) notes.push(`seed unsupported: dispute ${d.key} refers to payment ${d.payment}, which was not seeded`);
    const r = await disputes.open(memberId, { groupId, type: d.type, paymentRef: paymentRef ?? null, description: d.description }, `seed:dispute:${d.key}`);
    if (!r.ok) {
      notes.push(`seed unsupported: dispute ${d.key}: ${r.code} (a dispute needs a started group the member belongs to)`);
      continue;
    }
    if (d.status !== 'open') notes.push(`seed unsupported: dispute ${d.key} status ${d.status} (resolving is a verified platform admin's action)`);
  }
  return notes;
}
