// Card disputes from Stripe (`charge.dispute.*` through the real webhook, signed by the sandbox) open,
// freeze, update and close our dispute; and a French "wrong recipient" dispute an admin charges back.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../core/identity/totp.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { ADMIN_PHONE, eventually, type Harness, PIN, startDisputesHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startDisputesHarness();
  await h.member(ADMIN_PHONE, 'Operator');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${h.t.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('Stripe card disputes', () => {
  it('created → our dispute opened and the escrow frozen; updated → recorded; closed lost → chargeback; ledger verifies', async () => {
    const a = await h.member('+254744000001', 'Kamau');
    const b = await h.member('+254744000002', 'Njoki');
    const { groupId } = await h.group('Card Circle', [a, b]);
    const { pi } = await h.payCard(b);
    const dp = (await (await post('/sandbox/stripe/test/disputes', { payment_intent: pi })).json()) as { id: string };
    const d = await eventually(async () => {
      const r = (
        await h.db.execute(
          sql`select d.id, d.status, d.kind from disputes d join dispute_cases c on c.dispute_id = d.id where c.provider_dispute_id = ${dp.id}`,
        )
      ).rows[0] as { id: string; status: string; kind: string } | undefined;
      if (!r) throw new Error('not yet');
      return r;
    });
    expect(d.kind).toBe('card_chargeback');
    expect((await h.db.execute(sql`select amount_minor, status from escrow_freezes where dispute_id = ${d.id}`)).rows).toEqual([
      { amount_minor: 100_000n, status: 'active' },
    ]);
    await post(`/sandbox/stripe/test/disputes/${dp.id}/close`, { status: 'under_review' });
    await eventually(async () => {
      const r = (await h.db.execute(sql`select provider_status from dispute_cases where dispute_id = ${d.id}`)).rows[0] as { provider_status: string };
      expect(r.provider_status).toBe('under_review');
    });
    await post(`/sandbox/stripe/test/disputes/${dp.id}/close`, { status: 'lost' });
    await eventually(async () => {
      const r = (await h.db.execute(sql`select status, outcome from disputes where id = ${d.id}`)).rows[0];
      expect(r).toEqual({ status: 'closed', outcome: 'chargeback' });
    });
    const types = (await h.events(groupId)).map((e) => e.event_type);
    expect(types.filter((x) => x.startsWith('dispute.'))).toEqual([
      'dispute.opened',
      'dispute.evidence.added',
      'dispute.investigation.started',
      'dispute.resolved',
      'dispute.closed',
    ]);
    expect(
      (await h.db.execute(sql`select charged_back_minor from escrow_cycles e join disputes d on d.cycle_id = e.cycle_id where d.id = ${d.id}`)).rows[0],
    ).toEqual({ charged_back_minor: 100_000n });
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  });
});

describe('paid but not recorded, and the provider has it', () => {
  it('asks the provider first and records the payment instead of opening a dispute (EN and SW)', async () => {
    for (const [phone, name, locale, complaint, found] of [
      ['+254755000002', 'Atieno', 'en', "I paid but it's not recorded", /was received and is now recorded/],
      ['+254755000012', 'Halima', 'sw', 'Nimelipa lakini haijaonekana', /yalipokelewa na sasa yamerekodiwa/],
    ] as const) {
      const org = await h.member(phone.replace(/2$/, '1'), 'Org');
      const m = await h.member(phone, name, locale);
      await h.group(`Late Callback ${name}`, [org, m]);
      const open = await h.payments.services.openDues(m);
      const r = await h.payments.services.collect(m, { cycleId: open[0].cycleId, method: 'mobile_money' }, `late:${m}`);
      if (r.status !== 'mobile_money') throw new Error('collect');
      // The money arrives at the provider, but its callback is late (10 minutes).
      expect((await post(`/sandbox/payments/${r.ref}/complete`, { outcome: 'late', delay_ms: 600_000 })).status).toBe(200);
      expect(await h.say(phone, complaint)).toMatch(/pay_|kumbukumbu/);
      expect(await h.say(phone, r.ref)).toMatch(found);
      const a = (await h.db.execute(sql`select status from payment_attempts where ref = ${r.ref}`)).rows[0];
      expect(a).toEqual({ status: 'succeeded' });
      expect((await h.db.execute(sql`select count(*)::int as n from disputes where opened_by = ${m}`)).rows[0]).toEqual({ n: 0 });
    }
  });
});

describe('French wrong-recipient dispute', () => {
  it('opens with evidence, freezes, and a verified admin charges it back by conversation', async () => {
    const a = await h.member('+243811000001', 'Mukendi', 'fr');
    const b = await h.member('+243811000002', 'Ilunga', 'fr');
    const { groupId } = await h.group('Tontine Kinshasa', [a, b]);
    await h.payCard(b);
    const r1 = await h.say('+243811000002', 'le paiement est allé à la mauvaise personne');
    expect(r1).toMatch(/référence du paiement/);
    const opened = await h.say('+243811000002', 'PASSER');
    expect(opened).toMatch(/Litige ouvert|litige/i);
    const disputeId = /dsp_[0-9A-Za-z]+/.exec(opened)?.[0] as string;
    expect(await h.sendFile('+243811000002', 'capture.jpg', Buffer.from('capture-ecran'))).toMatch(/dsp_/);
    expect(await h.say('+243811000002', 'terminé')).toMatch(/Merci/);

    expect(await h.say(ADMIN_PHONE, 'admin')).toMatch(/authenticator/);
    const secret = h.pii.decrypt(
      ((await h.db.execute(sql`select totp_secret_enc from members where totp_secret_enc is not null`)).rows[0] as { totp_secret_enc: string }).totp_secret_enc,
    );
    expect(await h.say(ADMIN_PHONE, totpAt(secret, h.t.rt.clock.now()))).toMatch(/Verified/);
    expect(await h.say(ADMIN_PHONE, `dispute ${disputeId} : chargeback`)).toMatch(/Please confirm/);
    expect(await h.say(ADMIN_PHONE, 'YES')).toMatch(/PIN/);
    expect(await h.say(ADMIN_PHONE, PIN)).toMatch(/Done/);
    const ev = await h.events(groupId);
    expect(ev.find((e) => e.event_type === 'dispute.resolved')?.data.outcome).toBe('chargeback');
    expect(ev.find((e) => e.event_type === 'dispute.evidence.added' && String(e.data.note).startsWith('sha256:'))).toBeTruthy();
    const told = (await h.db.execute(sql`select body from outbox where idempotency_key = ${`dispute:${disputeId}:resolved`}`)).rows[0];
    expect(JSON.stringify(told)).toMatch(/restitué/);
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  });
});

describe('sweeps: automatic refunds and risk flags', () => {
  it('a cancelled group refunds every contribution in escrow: requested, approved by the policy (not a person), executed through the provider', async () => {
    const a = await h.member('+254766000001', 'Org C');
    const b = await h.member('+254766000002', 'Payer C');
    const { groupId } = await h.group('Cancelled Circle', [a, b]);
    await h.pay(b);
    await h.db.execute(sql`update groups set status = 'cancelled' where id = ${groupId}`);
    await h.t.rt.runDue();
    const r = (
      await h.db.execute(
        sql`select id, status, reason, requested_by, group_admin_approved_by, platform_admin_approved_by from refunds where group_id = ${groupId}`,
      )
    ).rows[0] as Record<string, string>;
    expect(r).toMatchObject({
      status: 'executed',
      reason: 'group_cancelled',
      requested_by: 'system:refunds',
      group_admin_approved_by: 'policy:auto_refund:group',
      platform_admin_approved_by: 'policy:auto_refund:platform',
    });
    await eventually(async () => {
      const pending = (await (await fetch(`${h.t.url}/sandbox/payments/pending`)).json()) as Array<{ ref: string }>;
      expect(pending.map((p) => p.ref)).toContain(r.id);
    });
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  });

  it("risk: three failed payments raise a flag; a payout number changed a day before one's payout freezes that cycle; admins see both", async () => {
    const a = await h.member('+254777000001', 'Org R');
    const b = await h.member('+254777000002', 'Shaky');
    const { groupId, cycles } = await h.group('Risky Circle', [a, b]);
    for (let i = 0; i < 3; i++) {
      const open = await h.payments.services.openDues(b);
      const r = await h.payments.services.collect(b, { cycleId: open[0].cycleId, method: 'mobile_money' }, `fail:${b}:${i}`);
      if (r.status !== 'mobile_money') throw new Error(JSON.stringify(r));
      await post(`/sandbox/payments/${r.ref}/complete`, { outcome: 'insufficient_funds' });
      await eventually(async () => {
        expect((await h.db.execute(sql`select status from payment_attempts where ref = ${r.ref}`)).rows[0]).toEqual({ status: 'failed' });
      });
    }
    const c1 = (await h.db.execute(sql`select recipient_member_id from cycles where id = ${cycles[0].id}`)).rows[0] as { recipient_member_id: string };
    // Changed a day before the payout: effective = change + 48 h cooling-off.
    await h.db.execute(
      sql`update members set payout_destination_effective_at = ${new Date(cycles[0].dueAt.getTime() + 24 * 3_600_000).toISOString()}::timestamptz where id = ${c1.recipient_member_id}`,
    );
    await h.t.rt.runDue();
    const flags = (await h.db.execute(sql`select rule, member_id, status, freeze_id from risk_flags where group_id = ${groupId} order by rule`)).rows as Array<
      Record<string, string>
    >;
    expect(flags).toEqual([
      expect.objectContaining({ rule: 'destination_changed_before_payout', member_id: c1.recipient_member_id, status: 'frozen' }),
      expect.objectContaining({ rule: 'many_failed_payments', member_id: b, status: 'open' }),
    ]);
    const freezeId = flags[0].freeze_id;
    expect((await h.db.execute(sql`select reason, status from escrow_freezes where id = ${freezeId}`)).rows[0]).toEqual({ reason: 'risk', status: 'active' });
    await h.t.rt.runDue(); // flags are raised once
    expect((await h.db.execute(sql`select count(*)::int as n from risk_flags where group_id = ${groupId}`)).rows[0]).toEqual({ n: 2 });
    const list = await h.say(ADMIN_PHONE, 'risk flags');
    expect(list).toMatch(/many_failed_payments/);
    expect(list).toMatch(/destination_changed_before_payout/);
  });
});

describe('admin freeze and unfreeze by conversation', () => {
  it('freeze group NAME (confirm + PIN) holds the payout and tells every member; unfreeze lifts it and dismisses nothing it did not freeze', async () => {
    const a = await h.member('+254788000001', 'Org F');
    const b = await h.member('+254788000002', 'Member F', 'fr');
    const { groupId } = await h.group('Frozen Friends', [a, b]);
    await h.pay(b);
    expect(await h.say(ADMIN_PHONE, 'freeze group frozen friends')).toMatch(/Please confirm/);
    expect(await h.say(ADMIN_PHONE, 'yes')).toMatch(/PIN/);
    expect(await h.say(ADMIN_PHONE, PIN)).toMatch(/Done/);
    const fz = (await h.db.execute(sql`select reason, status, amount_minor from escrow_freezes where group_id = ${groupId} order by amount_minor`)).rows;
    expect(fz).toEqual([
      { reason: 'risk', status: 'active', amount_minor: 0n },
      { reason: 'risk', status: 'active', amount_minor: 100_000n },
    ]);
    const frozenEvents = (await h.events(groupId)).filter((e) => e.event_type === 'escrow.funds.frozen');
    expect(frozenEvents.every((e) => e.actor.type === 'platform_admin')).toBe(true);
    const told = (await h.db.execute(sql`select body from outbox where chat_id = '254788000002@c.us' and idempotency_key like 'freeze:%'`)).rows[0];
    expect(JSON.stringify(told)).toMatch(/gelé temporairement/);
    expect(await h.say(ADMIN_PHONE, 'unfreeze group Frozen Friends')).toMatch(/Please confirm/);
    expect(await h.say(ADMIN_PHONE, 'yes')).toMatch(/PIN/);
    expect(await h.say(ADMIN_PHONE, PIN)).toMatch(/Done/);
    expect((await h.db.execute(sql`select count(*)::int as n from escrow_freezes where group_id = ${groupId} and status = 'active'`)).rows[0]).toEqual({
      n: 0,
    });
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  });
});
