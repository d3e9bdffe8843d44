// A payment the provider confirms after its group was cancelled: a member's M-Pesa prompt (sandbox) is
// open for a due of a running group, a verified platform admin cancels the group (YES + PIN), then the
// provider's success callback arrives through the real webhook. The money is recorded (never lost), the
// member is told, the automatic refunds sweep for cancelled groups refunds it through the provider, escrow
// ends at zero and `verifyLedger` stays clean.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { totpAt } from '../../core/identity/totp.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { escrowHeld } from '../../server/services/groups-lifecycle.ts';
import { ADMIN_PHONE, eventually, type Harness, PIN, startDisputesHarness } from '../disputes/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startDisputesHarness();
}, 120_000);
afterAll(async () => h?.close());

const ORG = '+254744000101';
const FR = '+254744000102';
const SW = '+254744000103';
const rows = async <T>(q: ReturnType<typeof sql>) => (await h.db.execute(q)).rows as T[];

describe('a payment confirmed after its group was cancelled', () => {
  it('is recorded, the member told, and refunded automatically; escrow ends at zero and the ledger verifies', async () => {
    const org = await h.member(ORG, 'Amina');
    const fr = await h.member(FR, 'Béatrice', 'fr');
    const sw = await h.member(SW, 'Chiku', 'sw');
    const admin = await h.member(ADMIN_PHONE, 'Operator');
    const { groupId } = await h.group('Late Circle', [org, fr, sw]);

    // The member's prompt is open at the provider.
    const [due] = await h.payments.services.openDues(fr);
    const started = await h.payments.services.collect(fr, { cycleId: due.cycleId, method: 'mobile_money' }, `late:${fr}`);
    if (started.status !== 'mobile_money') throw new Error(JSON.stringify(started));
    const ref = started.ref;

    // A verified platform admin cancels the running group.
    expect(await h.say(ADMIN_PHONE, 'admin')).toMatch(/authenticator/);
    const secret = h.pii.decrypt((await rows<{ totp_secret_enc: string }>(sql`select totp_secret_enc from members where id = ${admin}`))[0].totp_secret_enc);
    expect(await h.say(ADMIN_PHONE, totpAt(secret, h.t.rt.clock.now()))).toMatch(/Verified/);
    const summary = t('en', 'admin.summary.cancel_group', { group_name: 'Late Circle', status: 'active', members: '3', held: '0 KES' });
    expect(await h.say(ADMIN_PHONE, 'cancel group Late Circle')).toBe(t('en', 'admin.confirm', { summary }));
    expect(await h.say(ADMIN_PHONE, 'YES')).toBe(t('en', 'pin.prompt', { summary }));
    expect(await h.say(ADMIN_PHONE, PIN)).toBe(t('en', 'admin.done', { summary }));
    expect((await rows(sql`select status from groups where id = ${groupId}`))[0]).toEqual({ status: 'cancelled' });

    // The member approves on the phone: the provider's success callback comes through the webhook.
    const res = await fetch(`${h.t.url}/sandbox/payments/${ref}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'success' }),
    });
    expect(res.status).toBe(200);

    // Recorded: the attempt succeeded and the contribution is on the books.
    await eventually(async () => {
      const a = await rows<{ status: string; captured_minor: string }>(sql`select status, captured_minor from payment_attempts where ref = ${ref}`);
      expect(a[0].status).toBe('succeeded');
      expect(BigInt(a[0].captured_minor)).toBe(100_000n);
    });
    const contributions = await rows<{ id: string; amount_minor: string }>(
      sql`select id, amount_minor from contributions where group_id = ${groupId} and member_id = ${fr}`,
    );
    expect(contributions).toHaveLength(1);
    expect(await rows(sql`select count(*)::int as n from payment_reviews where ref = ${ref}`)).toEqual([{ n: 0 }]);

    // The refunds sweep sends it back, approved by the policy, through the provider.
    await h.t.rt.runDue();
    const refunds = await rows<{ id: string; status: string; reason: string; amount_minor: string }>(
      sql`select id, status, reason, amount_minor from refunds where group_id = ${groupId}`,
    );
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ status: 'executed', reason: 'group_cancelled' });
    expect(BigInt(refunds[0].amount_minor)).toBe(100_000n);
    await eventually(async () => {
      const r = await fetch(`${h.t.url}/sandbox/payments/${refunds[0].id}/complete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'success' }),
      });
      expect(r.status).toBe(200);
    });
    await eventually(async () => {
      expect((await rows<{ status: string }>(sql`select status from refunds where id = ${refunds[0].id}`))[0].status).toBe('completed');
    });
    await h.t.rt.runDue(); // a second sweep refunds nothing twice
    expect(await rows(sql`select count(*)::int as n from refunds where group_id = ${groupId}`)).toEqual([{ n: 1 }]);

    // The member was told: the receipt, why it comes back (in their language), and the refund's completion.
    const told = (await rows<{ body: { text?: string } }>(sql`select body from outbox where chat_id = ${`${FR.slice(1)}@c.us`} order by created_at`)).map(
      (r) => r.body.text ?? '',
    );
    const after = told.slice(told.indexOf(t('fr', 'group.cancelled_notice_active', { group_name: 'Late Circle' })) + 1);
    expect(after[0]).toMatch(/^✅ \*Paiement reçu\*/);
    expect(after[1]).toBe(
      t('fr', 'refund.auto_group_cancelled', { group_name: 'Late Circle', amount: '1\u202f000', currency: 'KES', refund_ref: refunds[0].id }),
    );
    expect(after[2]).toMatch(/^✅ \*Remboursement effectué\*/);
    expect(after).toHaveLength(3);

    const held = await h.db.transaction((tx) => escrowHeld(tx, groupId));
    expect(held).toBe(0n);
    expect((await h.db.transaction((tx) => verifyLedger(tx, { groupId }))).faults).toEqual([]);
  });
});
