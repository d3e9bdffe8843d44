// A running group can only be cancelled by a verified platform admin (money is in escrow): the organizer
// is told so, forged calls are refused in code; the admin's "cancel group NAME" proposes, YES + PIN
// executes with the admin recorded as actor (ledger + admin_actions), every member is told in their
// language, new payments are refused with a clear message, the refunds sweep refunds what escrow holds
// (policy-approved, sent through the provider), and `verifyLedger` stays clean.
import { RunContext } from '@openai/agents';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { totpAt } from '../../core/identity/totp.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import type { Role } from '../../policies/roles.ts';
import { createFlowServices } from '../../server/services/members.ts';
import type { RoscaContext } from '../../tools/context.ts';
import { ADMIN_PHONE, eventually, type Harness, PIN, startDisputesHarness } from '../disputes/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startDisputesHarness();
}, 120_000);
afterAll(async () => h?.close());

const ORG = '+254744000001';
const FR = '+254744000002';
const SW = '+254744000003';

async function forge(tool: string, ctx: RoscaContext, args: Record<string, unknown>): Promise<{ text: string; refused?: string }> {
  const all = [...h.t.rt.graph.byName.values()].flatMap((a) => a.tools);
  const found = all.find((x) => x.name === tool) as { invoke: (rc: RunContext<RoscaContext>, input: string, details?: unknown) => Promise<unknown> };
  return JSON.parse(
    String(
      await found.invoke(new RunContext(ctx), JSON.stringify(args), { toolCall: { callId: 'forged', type: 'function_call', name: tool, arguments: '{}' } }),
    ),
  );
}

function ctxFor(memberId: string, roles: Role[]): RoscaContext {
  return {
    memberId,
    chatId: `${ORG.slice(1)}@c.us`,
    phoneMasked: '+2547•••',
    country: 'KE',
    locale: 'en',
    roles,
    onboarded: true,
    onboardingStep: 'done',
    groupIds: [],
    flow: null,
    now: h.t.rt.clock.now().toISOString(),
    requestId: `forged-${Math.random()}`,
    inboundText: '',
  };
}

describe('cancelling a running group', () => {
  let org = '';
  let fr = '';
  let sw = '';
  let admin = '';
  let groupId = '';
  const snapshot = async () =>
    JSON.stringify([
      (await h.db.execute(sql`select status from groups where id = ${groupId}`)).rows,
      (await h.db.execute(sql`select count(*)::int as n from ledger_events where group_id = ${groupId}`)).rows,
    ]);

  beforeAll(async () => {
    org = await h.member(ORG, 'Amina');
    fr = await h.member(FR, 'Béatrice', 'fr');
    sw = await h.member(SW, 'Chiku', 'sw');
    admin = await h.member(ADMIN_PHONE, 'Operator');
    ({ groupId } = await h.group('Jenga Circle', [org, fr, sw]));
    await h.pay(fr); // 1,000 KES in escrow for cycle 1
  });

  it('the organizer cannot: told only Likelemba support can, and forged calls change nothing', async () => {
    const before = await snapshot();
    expect(await h.say(ORG, 'cancel the group')).toBe(t('en', 'group.cancel_needs_admin', { group_name: 'Jenga Circle' }));
    expect(await h.say(ORG, 'cancel group Jenga Circle')).toBe(t('en', 'group.cancel_needs_admin', { group_name: 'Jenga Circle' }));
    // The admin tool, forged by the organizer (even claiming a listed admin role): refused by the guard.
    for (const roles of [
      ['member', 'organizer'],
      ['member', 'organizer', 'platform_admin'],
    ] as Role[][]) {
      expect((await forge('admin_cancel_group', ctxFor(org, roles), { group: groupId })).refused).toBe('role');
      expect((await forge('admin_cancel_group', ctxFor(org, roles), { confirm: true })).refused).toBe('role');
    }
    // Claiming a verified admin role the database does not back: the service re-checks and refuses.
    expect((await forge('admin_cancel_group', ctxFor(org, ['member', 'platform_admin', 'platform_admin_verified']), { group: groupId })).text).toMatch(
      /only a verified platform admin/,
    );
    // The organizer's own tool with a planted proposal for the running group: the service refuses.
    const c = ctxFor(org, ['member', 'organizer']);
    await createFlowServices(h.db).set(c.chatId, {
      name: 'proposal',
      step: 'cancel_group+pin',
      data: { tool: 'cancel_group', args: { group_id: groupId }, withPin: true, at: c.now, by: org },
    });
    const out = await forge('cancel_group', c, { confirm: true });
    expect(out).toMatchObject({ refused: 'needs_platform_admin', text: t('en', 'group.cancel_needs_admin', { group_name: 'Jenga Circle' }) });
    expect(await h.groups.cancel(org, groupId, 'forged-direct')).toMatchObject({ ok: false, code: 'needs_platform_admin' });
    expect(await snapshot()).toBe(before);
  });

  it('a verified platform admin cancels it: confirmation + PIN, actor recorded, members told, payments refused, escrow refunded, ledger clean', async () => {
    expect(await h.say(ADMIN_PHONE, 'admin')).toMatch(/authenticator/);
    const secret = h.pii.decrypt(
      ((await h.db.execute(sql`select totp_secret_enc from members where id = ${admin}`)).rows[0] as { totp_secret_enc: string }).totp_secret_enc,
    );
    expect(await h.say(ADMIN_PHONE, totpAt(secret, h.t.rt.clock.now()))).toMatch(/Verified/);
    const summary = t('en', 'admin.summary.cancel_group', { group_name: 'Jenga Circle', status: 'active', members: '3', held: '1,000 KES' });
    expect(await h.say(ADMIN_PHONE, 'cancel group Jenga Circle')).toBe(t('en', 'admin.confirm', { summary }));
    expect((await h.db.execute(sql`select status from groups where id = ${groupId}`)).rows[0]).toEqual({ status: 'active' });
    expect(await h.say(ADMIN_PHONE, 'YES')).toBe(t('en', 'pin.prompt', { summary }));
    expect(await h.say(ADMIN_PHONE, PIN)).toBe(t('en', 'admin.done', { summary }));

    expect((await h.db.execute(sql`select status from groups where id = ${groupId}`)).rows[0]).toEqual({ status: 'cancelled' });
    const ev = (await h.events(groupId)).filter((e) => e.event_type === 'group.updated' && (e.data.changes as { status?: string }).status === 'cancelled');
    expect(ev).toHaveLength(1);
    expect(ev[0].actor).toEqual({ type: 'platform_admin', id: admin });
    expect(ev[0].data.changes).toMatchObject({ status: 'cancelled', previous_status: 'active', cancelled_by: 'platform_admin' });
    const acts = (await h.db.execute(sql`select admin_id, action, target from admin_actions where action = 'cancel_group'`)).rows;
    expect(acts).toEqual([{ admin_id: admin, action: 'cancel_group', target: groupId }]);
    // Every member told, in their language.
    for (const [id, locale] of [
      [org, 'en'],
      [fr, 'fr'],
      [sw, 'sw'],
    ] as const) {
      const rows = (await h.db.execute(sql`select body from outbox where idempotency_key = ${`group-cancelled:${groupId}:${id}`}`)).rows as Array<{
        body: { text: string };
      }>;
      expect(rows.map((r) => r.body.text)).toEqual([t(locale, 'group.cancelled_notice_active', { group_name: 'Jenga Circle' })]);
    }
    // A second cancellation is refused (the group is closed); nothing is recorded twice.
    expect(await h.say(ADMIN_PHONE, 'cancel group Jenga Circle')).toBe(t('en', 'admin.refused', { reason: t('en', 'admin.reason.state') }));

    // No new contributions: PAY is refused with the reason.
    expect(await h.say(SW, 'nataka kulipa')).toBe(t('sw', 'payment.group_cancelled', { group_name: 'Jenga Circle' }));
    expect(await h.payments.services.openDues(sw)).toEqual([]);

    // The refunds sweep refunds what escrow holds, approved by the policy, sent through the provider.
    await h.t.rt.runDue();
    const r = (await h.db.execute(sql`select id, status, reason, amount_minor, requested_by from refunds where group_id = ${groupId}`)).rows as Array<
      Record<string, string>
    >;
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ status: 'executed', reason: 'group_cancelled', requested_by: 'system:refunds' });
    expect(BigInt(r[0].amount_minor)).toBe(100_000n);
    await eventually(async () => {
      const pending = (await (await fetch(`${h.t.url}/sandbox/payments/pending`)).json()) as Array<{ ref: string }>;
      expect(pending.map((p) => p.ref)).toContain(r[0].id);
    });
    await h.t.rt.runDue(); // a second sweep refunds nothing twice
    expect((await h.db.execute(sql`select count(*)::int as n from refunds where group_id = ${groupId}`)).rows[0]).toEqual({ n: 1 });
    const v = await h.db.transaction((tx) => verifyLedger(tx, { groupId }));
    expect(v.faults).toEqual([]);

    // The clock moves past the reminder days and the due date: no reminder, no quorum notice, no payout.
    const res = await fetch(`${h.t.url}/sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: '2026-12-05T07:00:00Z' }),
    });
    expect(res.status).toBe(200);
    const cycleIds = (await h.db.execute(sql`select id from cycles where group_id = ${groupId}`)).rows.map((r) => (r as { id: string }).id);
    for (const c of cycleIds) {
      expect((await h.db.execute(sql`select count(*)::int as n from reminder_sends where cycle_id = ${c}`)).rows[0]).toEqual({ n: 0 });
      expect((await h.db.execute(sql`select count(*)::int as n from payout_runs where cycle_id = ${c}`)).rows[0]).toEqual({ n: 0 });
    }
    expect((await h.db.transaction((tx) => verifyLedger(tx, { groupId }))).faults).toEqual([]);
  });
});
