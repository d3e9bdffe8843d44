// Disputes end to end through the webhooks: a member's complaint in English / Kiswahili opens a dispute,
// evidence files are downloaded and hashed into the ledger, escrow is frozen (and the payout waits on
// payout day), and a TOTP-verified platform admin resolves it by conversation (refund with PIN, release).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../core/identity/totp.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { ADMIN_PHONE, eventually, type Harness, PIN, startDisputesHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startDisputesHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const dspIn = (s: string) => /dsp_[0-9A-Za-z]+/.exec(s)?.[0] as string;

async function verifyAdmin(): Promise<string> {
  const first = await h.say(ADMIN_PHONE, 'admin');
  expect(first).toMatch(/authenticator/);
  const row = (await h.db.execute(sql`select totp_secret_enc from members where totp_secret_enc is not null`)).rows[0] as { totp_secret_enc: string };
  const secret = h.pii.decrypt(row.totp_secret_enc);
  return h.say(ADMIN_PHONE, totpAt(secret, h.t.rt.clock.now()));
}

describe('disputes through WhatsApp', () => {
  let adminId: string;
  it('a listed admin without a fresh TOTP is asked for the code, not obeyed; enrolment sends a QR image', async () => {
    adminId = await h.member(ADMIN_PHONE, 'Operator');
    const r = await h.say(ADMIN_PHONE, 'dispute dsp_01ABCDEFGHJKMNPQRSTVWXYZ012 : refund Amina 5000');
    expect(r).toMatch(/authenticator/);
    const files = await h.db.execute(sql`select body from outbox where chat_id = ${`${ADMIN_PHONE.slice(1)}@c.us`} and kind = 'file'`);
    expect(files.rows.length).toBeGreaterThan(0);
    expect((files.rows[0] as { body: { mimeType: string } }).body.mimeType).toBe('image/png');
    const enc = (await h.db.execute(sql`select totp_secret_enc from members where id = ${adminId}`)).rows[0] as { totp_secret_enc: string };
    expect(enc.totp_secret_enc).not.toMatch(/^[A-Z2-7]{32}$/); // encrypted at rest
    const wrong = await h.say(ADMIN_PHONE, '000000');
    expect(wrong).toMatch(/isn’t valid|not valid/);
  });

  it('EN organizer fraud: dispute opened, escrow frozen, photo evidence hashed into the ledger, admin refunds by conversation with PIN', async () => {
    const baraka = await h.member('+254711000001', 'Baraka');
    const amina = await h.member('+254711000002', 'Amina Njeri');
    const chege = await h.member('+254711000003', 'Chege');
    const { groupId } = await h.group('Family Circle', [baraka, amina, chege]);
    await h.pay(amina);

    expect(await h.say('+254711000002', 'the organizer is stealing')).toMatch(/payment reference/);
    const opened = await h.say('+254711000002', 'SKIP');
    expect(opened).toMatch(/Dispute opened/);
    expect(opened).toMatch(/Organizer fraud/);
    const disputeId = dspIn(opened);
    const frozen = await h.db.execute(sql`select amount_minor, status from escrow_freezes where dispute_id = ${disputeId}`);
    expect(frozen.rows).toEqual([{ amount_minor: 100_000n, status: 'active' }]);

    const photo = Buffer.from(`receipt-photo-${disputeId}`);
    const sha = createHash('sha256').update(photo).digest('hex');
    expect(await h.sendFile('+254711000002', 'receipt.jpg', photo)).toMatch(/Evidence received/);
    expect(existsSync(path.join(h.t.rt.config.DATA_DIR, 'evidence', sha))).toBe(true);
    expect(await h.say('+254711000002', 'DONE')).toMatch(/reviewing dispute/);

    const verified = await verifyAdmin();
    expect(verified).toMatch(/Verified for 15 minutes/);
    expect(await h.say(ADMIN_PHONE, 'show open disputes')).toContain(disputeId);
    const proposal = await h.say(ADMIN_PHONE, `dispute ${disputeId} : refund Amina 500`);
    expect(proposal).toMatch(/Please confirm/);
    expect(proposal).toMatch(/500/);
    const pinPrompt = await h.say(ADMIN_PHONE, 'YES');
    expect(pinPrompt).toMatch(/PIN/);
    expect(pinPrompt).toContain(disputeId); // the PIN prompt names exactly what was proposed
    expect(pinPrompt).toMatch(/Amina Njeri/);
    expect(await h.say(ADMIN_PHONE, PIN)).toMatch(/Done/);

    const events = await h.events(groupId);
    const types = events.map((e) => e.event_type);
    for (const ty of [
      'dispute.opened',
      'escrow.funds.frozen',
      'dispute.evidence.added',
      'dispute.investigation.started',
      'dispute.resolved',
      'escrow.funds.released',
      'refund.requested',
      'refund.approved',
      'refund.executed',
      'dispute.closed',
    ]) {
      expect(types).toContain(ty);
    }
    expect(events.find((e) => e.event_type === 'dispute.evidence.added' && String(e.data.note).includes(sha))).toBeTruthy();
    const resolved = events.find((e) => e.event_type === 'dispute.resolved');
    expect(resolved?.actor).toEqual({ type: 'platform_admin', id: adminId });
    expect(resolved?.data.outcome).toBe('refund');
    const refund = await h.db.execute(sql`select id, amount_minor, status from refunds where dispute_id = ${disputeId}`);
    expect(refund.rows[0]).toMatchObject({ amount_minor: 50_000n, status: 'executed' });
    // Executed through the original provider (M-Pesa: a B2C back to the payer), keyed by the refund id; 12.16 on completion.
    const refundId = (refund.rows[0] as { id: string }).id;
    await eventually(async () => {
      const pending = (await (await fetch(`${h.t.url}/sandbox/payments/pending`)).json()) as Array<{ ref: string; amount_minor: number }>;
      expect(pending).toContainEqual(expect.objectContaining({ ref: refundId, amount_minor: 50_000 }));
    });
    await fetch(`${h.t.url}/sandbox/payments/${refundId}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'success' }),
    });
    await eventually(async () => {
      expect((await h.db.execute(sql`select status from refunds where id = ${refundId}`)).rows[0]).toEqual({ status: 'completed' });
    }, 90_000); // Daraja confirms a B2C with a status query before it counts: slow on a loaded machine

    const completed = await h.db.execute(sql`select body from outbox where idempotency_key = ${`refund:${refundId}:completed`}`);
    expect(JSON.stringify(completed.rows[0])).toMatch(/Refund completed/);
    // The member is told.
    const told = await h.db.execute(sql`select body from outbox where idempotency_key = ${`dispute:${disputeId}:resolved`}`);
    expect(JSON.stringify(told.rows[0])).toMatch(/resolved/);
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  }, 180_000);

  it('SW paid-not-recorded: dispute with evidence freezes the cycle, payout day does not release, admin releases, then the payout goes', async () => {
    const a = await h.member('+254722000001', 'Wanjiru', 'sw');
    const b = await h.member('+254722000002', 'Otieno', 'sw');
    const c = await h.member('+254722000003', 'Akinyi', 'sw');
    const { groupId, cycles } = await h.group('Umoja Savings', [b, a, c]);
    await h.pay(b);
    await h.pay(c);
    expect(await h.say('+254722000001', 'Nimelipa lakini haijaonekana')).toMatch(/kumbukumbu ya malipo/);
    const opened = await h.say('+254722000001', 'QWERTY1234');
    expect(opened).toMatch(/Mtoa huduma hana malipo/);
    const disputeId = dspIn(opened);
    expect(disputeId).toBeTruthy();
    expect(await h.sendFile('+254722000001', 'mpesa.jpg', Buffer.from('mpesa-sms-screenshot'))).toMatch(/Ushahidi|ushahidi|Evidence/i);

    // Payout day: the frozen cycle is not released.
    const due = cycles[0].dueAt;
    await fetch(`${h.t.url}/sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(due.getTime() + 3_600_000).toISOString() }),
    });
    await h.t.rt.runDue();
    let types = (await h.events(groupId)).map((e) => e.event_type);
    expect(types).toContain('escrow.funds.frozen');
    expect(types).not.toContain('payout.released');

    expect(await verifyAdmin()).toMatch(/Verified/);
    expect(await h.say(ADMIN_PHONE, `dispute ${disputeId} : release`)).toMatch(/Please confirm/);
    expect(await h.say(ADMIN_PHONE, 'yes')).toMatch(/PIN/);
    expect(await h.say(ADMIN_PHONE, PIN)).toMatch(/Done/);
    await h.t.rt.runDue();
    types = (await h.events(groupId)).map((e) => e.event_type);
    expect(types).toContain('dispute.resolved');
    expect(types).toContain('payout.released');
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);
  });

  it("support handoff from inside a flow: a ticket admins see, and the admin's reply reaches the member through the bot", async () => {
    await h.member('+254722000009', 'Mwajuma', 'sw');
    expect(await h.say('+254722000009', 'nina malalamiko')).toMatch(/1\)/);
    expect(await h.say('+254722000009', 'msaada')).toMatch(/Mhudumu atakusaidia/);
    const ticket = (
      await h.db.execute(
        sql`select t.id from support_tickets t join members m on m.id = t.member_id where m.name_enc is not null order by t.created_at desc limit 1`,
      )
    ).rows[0] as { id: string };
    const list = await h.say(ADMIN_PHONE, 'tickets');
    expect(list).toContain(ticket.id);
    expect(await h.say(ADMIN_PHONE, `reply ${ticket.id} : Tumepokea, tunaangalia malipo yako.`)).toMatch(/Please confirm/);
    expect(await h.say(ADMIN_PHONE, 'yes')).toMatch(/Done/);
    const got = await h.db.execute(sql`select body from outbox where chat_id = '254722000009@c.us' and idempotency_key like ${`ticket:${ticket.id}:reply:%`}`);
    expect(JSON.stringify(got.rows[0])).toMatch(/Msaada wa Likelemba.*Tumepokea/);
    expect((await h.db.execute(sql`select status from support_tickets where id = ${ticket.id}`)).rows[0]).toEqual({ status: 'answered' });
  });
});
