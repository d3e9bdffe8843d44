// A whole group life end to end through the webhook: create, invite + JOIN by a second number with
// AGREE, START, then a full cycle of reminders driven by the sandbox clock — the exact messages each
// phone received — with duplicate cron firings sending nothing twice.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { markDuePaid } from '../../db/groups/repo.ts';
import { type Harness, startHarness } from './helpers.ts';

const A = '+254700000301'; // organizer, English
const B = '+254700000302'; // member, Kiswahili

describe('a group from invite to a full cycle of reminders', () => {
  let h: Harness;
  let code = '';
  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z');
    await h.onboard(A, '1', 'Amina', '4821');
    await h.onboard(B, '3', 'Baraka', '6043');
  });
  afterAll(async () => h?.close());
  const q = async <T>(query: ReturnType<typeof sql>) => (await h.t.db.db.execute(query)).rows as T[];

  it('creates the group and sends the invite link and its QR code', async () => {
    await h.converse(A, 'Create a group for 2 people, weekly, 5000 KES starting next Friday, late fee 200, grace 1 day');
    await h.converse(A, 'Duka Circle');
    await h.converse(A, 'random');
    const created = await h.converse(A, 'CONFIRM');
    code = /JOIN%20([A-Z2-9]{6})/.exec(created)?.[1] ?? '';
    expect(code).toHaveLength(6);
    const file = await h.fake.waitFor((c) => c.method === 'sendFileByUpload');
    expect(file).toBeTruthy();
    const [row] = await q<{ body: { mimeType: string; dataBase64: string; caption: string } }>(sql`select body from outbox where kind = 'file'`);
    expect(row.body.mimeType).toBe('image/png');
    // The PNG went up to Green API (multipart) and its bytes are not kept in the outbox afterwards.
    expect(file.raw.includes(Buffer.from('\x89PNG', 'latin1'))).toBe(true);
    await expect
      .poll(async () => (await q<{ body: { dataBase64?: string } }>(sql`select body from outbox where kind = 'file'`))[0].body.dataBase64, { timeout: 10_000 })
      .toBeUndefined();
    expect(row.body.caption).toBe(`📷 Scan to join *Duka Circle* (code *${code}*).`);
  });

  it('a non-member cannot start, and START before everyone joined is refused', async () => {
    expect(await h.converse(B, 'START')).toBe(t('sw', 'refusal.needs_organizer', { group_name: '—' }));
    expect(await h.converse(A, 'START')).toBe(t('en', 'group.start_not_enough', { group_name: 'Duka Circle', members_joined: 1, members_count: 2 }));
  });

  it('unknown codes are refused; a second number joins with AGREE and the organizer is told', async () => {
    expect(await h.converse(B, 'JOIN ZZZZ99')).toBe(t('sw', 'join.code_unknown', { code: 'ZZZZ99' }));
    const invited = await h.converse(B, `JOIN ${code}`);
    expect(invited).toBe(
      t('sw', 'join.invited', {
        group_name: 'Duka Circle',
        amount: '5,000',
        currency: 'KES',
        frequency: t('sw', 'frequency.weekly'),
        late_fee: t('sw', 'late_fee.fixed', { amount: '200', currency: 'KES' }),
        grace_days: '1',
      }),
    );
    const before = h.fake.calls.length;
    const welcome = await h.converse(B, 'NAKUBALI');
    expect(welcome).toBe(t('sw', 'join.welcome', { group_name: 'Duka Circle', members_joined: 2, members_count: 2 }));
    await h.settle();
    expect(h.textsTo(A, before).sort()).toEqual(
      [
        t('en', 'join.organizer_notified', { member_name: 'Baraka', group_name: 'Duka Circle', members_joined: 2, members_count: 2 }),
        t('en', 'join.all_joined', { group_name: 'Duka Circle', members_count: 2 }),
      ].sort(),
    );
    expect(await h.converse(B, `JOIN ${code}`)).toBe(t('sw', 'join.already_member', { group_name: 'Duka Circle' }));
    const third = '+254700000303';
    await h.onboard(third, '1', 'Chege', '7154');
    expect(await h.converse(third, `JOIN ${code}`)).toBe(t('en', 'join.group_full', { group_name: 'Duka Circle', members_count: 2 }));
  });

  it('START asks to confirm, then creates the cycles, reveals the verifiable order and records the events', async () => {
    expect(await h.converse(A, 'START')).toBe(
      t('en', 'group.start_confirm', { group_name: 'Duka Circle', members_joined: 2, first_due_date: 'Friday 4 December 2026' }),
    );
    const before = h.fake.calls.length;
    const started = await h.converse(A, 'CONFIRM');
    expect(started).toContain('🚀 *Duka Circle* has started!');
    expect(started).toContain('🎲 *Payout order — Duka Circle*');
    await h.settle();
    const toB = h.textsTo(B, before);
    expect(toB).toHaveLength(2);
    expect(toB[0]).toMatch(/^🚀 \*Duka Circle\* imeanza|Duka Circle/);
    const cycles = await q<{ cycle_no: number; due_date: string; recipient_member_id: string }>(
      sql`select cycle_no, due_date, recipient_member_id from cycles order by cycle_no`,
    );
    expect(cycles.map((c) => c.due_date)).toEqual(['2026-12-04', '2026-12-11']);
    const dues = await q<{ n: number }>(sql`select count(*)::int as n from dues`);
    expect(dues[0].n).toBe(4);
    const events = await q<{ event_type: string }>(sql`select event_type from ledger_events where group_id = (select id from groups limit 1) order by seq`);
    expect(events.map((e) => e.event_type)).toEqual([
      'group.created',
      'group.member.joined',
      'group.member.invited',
      'group.member.joined',
      'group.updated',
      'cycle.created',
      'cycle.created',
      'cycle.started',
    ]);
    // Anyone can check the draw: sha256(seed) is the commitment published at creation.
    const [g] = await q<{ seed_revealed: string; seed_commitment: string }>(sql`select seed_revealed, seed_commitment from groups`);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(g.seed_revealed).digest('hex')).toBe(g.seed_commitment);
    expect(started).toContain(g.seed_revealed);
  });

  it('a full cycle of reminders by the sandbox clock, each sent once, with the exact texts', async () => {
    const [cyc] = await q<{ id: string; recipient_member_id: string }>(sql`select id, recipient_member_id from cycles where cycle_no = 1`);
    const members = await q<{ id: string; locale: string }>(sql`select id, locale from members`);
    const aId = (await q<{ member_id: string }>(sql`select member_id from group_members where role = 'organizer'`))[0].member_id;
    const bId = members.find((m) => m.id !== aId && m.locale === 'sw')?.id as string;
    const recipientName = cyc.recipient_member_id === aId ? 'Amina' : 'Baraka';

    // Two days before, 09:00 Nairobi.
    let mark = h.fake.calls.length;
    await h.setClock('2026-12-02T06:00:00Z');
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([
      t('en', 'reminder.due', { group_name: 'Duka Circle', name: 'Amina', amount: '5,000', currency: 'KES', due_date: 'Friday 4 December 2026' }),
    ]);
    expect(h.textsTo(B, mark)).toEqual([
      t('sw', 'reminder.due', { group_name: 'Duka Circle', name: 'Baraka', amount: '5,000', currency: 'KES', due_date: 'Ijumaa, 4 Desemba 2026' }),
    ]);
    // The cron fires again, twice at once, and the clock "moves" by zero: nothing new.
    mark = h.fake.calls.length;
    await Promise.all([h.t.rt.runDue(), h.t.rt.runDue(), h.advance('PT0S')]);
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([]);
    expect(h.textsTo(B, mark)).toEqual([]);

    // Due day, 09:00 Nairobi.
    mark = h.fake.calls.length;
    await h.setClock('2026-12-04T06:00:00Z');
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([
      t('en', 'reminder.due_today', { group_name: 'Duka Circle', name: 'Amina', amount: '5,000', currency: 'KES', due_time: '18:00' }),
    ]);
    expect(h.textsTo(B, mark)).toEqual([
      t('sw', 'reminder.due_today', { group_name: 'Duka Circle', name: 'Baraka', amount: '5,000', currency: 'KES', due_time: '18:00' }),
    ]);

    // Baraka pays on time (the payments side marks the due paid); Amina does not.
    await markDuePaid(h.t.db.db, cyc.id, bId, new Date('2026-12-04T10:00:00Z'));
    // Past the grace period (1 day after the 18:00 deadline): a gentle nudge and the late fee, to Amina only.
    mark = h.fake.calls.length;
    await h.advance('P1DT9H1M');
    await h.settle();
    expect(h.textsTo(A, mark).sort()).toEqual(
      [
        t('en', 'reminder.overdue', { name: 'Amina', group_name: 'Duka Circle', days_late: 1, amount: '5,000', currency: 'KES' }),
        t('en', 'late_fee.applied', { fee: '200 KES', group_name: 'Duka Circle', cycle_no: 1, total: '5,200 KES' }),
      ].sort(),
    );
    expect(h.textsTo(B, mark)).toEqual([]);
    const [fee] = await q<{ late_fee_minor: bigint }>(sql`select late_fee_minor from dues where cycle_id = ${cyc.id} and member_id = ${aId}`);
    expect(fee.late_fee_minor).toBe(20000n);

    // Amina pays: quorum (100%) is met; everyone hears it, and the payout is scheduled.
    await markDuePaid(h.t.db.db, cyc.id, aId, new Date('2026-12-05T16:00:00Z'));
    mark = h.fake.calls.length;
    await Promise.all([h.t.rt.runDue(), h.t.rt.runDue()]);
    await h.settle();
    expect(h.textsTo(A, mark).sort()).toEqual(
      [
        t('en', 'cycle.quorum_met', { group_name: 'Duka Circle', payout_date: 'Friday 4 December 2026', recipient_name: recipientName }),
        t('en', 'payout.scheduled', { payout_date: 'Friday 4 December 2026', amount: '10,000', currency: 'KES', recipient_name: recipientName }),
      ].sort(),
    );
    expect(h.textsTo(B, mark).sort()).toEqual(
      [
        t('sw', 'cycle.quorum_met', { group_name: 'Duka Circle', payout_date: 'Ijumaa, 4 Desemba 2026', recipient_name: recipientName }),
        t('sw', 'payout.scheduled', { payout_date: 'Ijumaa, 4 Desemba 2026', amount: '10,000', currency: 'KES', recipient_name: recipientName }),
      ].sort(),
    );
    const sends = await q<{ kind: string; n: number }>(sql`select kind, count(*)::int as n from reminder_sends group by kind order by kind`);
    expect(sends).toEqual([
      { kind: 'before', n: 2 },
      { kind: 'due_day', n: 2 },
      { kind: 'late_fee', n: 1 },
      { kind: 'overdue', n: 1 },
    ]);
  });
});
