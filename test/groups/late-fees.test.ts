// Schedule edge cases through the webhook and the sandbox clock: a late fee charged per day (the first
// with the overdue nudge, then one more unit per local day, capped at one contribution, never twice on a
// rerun or a concurrent sweep), and START refused once the first due date has passed.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../core/i18n/index.ts';
import { markDuePaid } from '../../db/groups/repo.ts';
import { type Harness, startHarness } from './helpers.ts';

const A = '+254700000601'; // organizer of Fee Circle, English
const B = '+254700000602'; // member of Fee Circle, organizer of Late Circle, Kiswahili

describe('late fees per day and a start date in the past', () => {
  let h: Harness;
  let aId = '';
  let bId = '';
  const q = async <T>(query: ReturnType<typeof sql>) => (await h.t.db.db.execute(query)).rows as T[];
  const lastId = async () => (await q<{ id: string }>(sql`select id from members order by id desc limit 1`))[0].id;

  async function group(organizer: string, member: string, sentence: string, name: string, agree: string) {
    await h.converse(organizer, sentence);
    await h.converse(organizer, name);
    await h.converse(organizer, 'random');
    const created = await h.converse(organizer, 'CONFIRM');
    const code = /JOIN%20([A-Z2-9]{6})/.exec(created)?.[1] ?? '';
    await h.converse(member, `JOIN ${code}`);
    await h.converse(member, agree);
  }

  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z');
    await h.onboard(A, '1', 'Amina', '4821');
    aId = await lastId();
    await h.onboard(B, '3', 'Baraka', '6043');
    bId = await lastId();
    await group(A, B, 'Create a group for 2 people, weekly, 5000 KES starting next Friday, late fee 2000, grace 1 day', 'Fee Circle', 'NAKUBALI');
    await group(B, A, 'Unda kikundi cha watu 2, 1000 KES kila wiki, tuanze Ijumaa ijayo', 'Late Circle', 'AGREE');
    // The fee runs per day (the create flow's default is once).
    await h.t.db.db.execute(sql`update groups set rules = jsonb_set(rules, '{lateFee,per}', '"day"') where name = 'Fee Circle'`);
    await h.converse(A, 'START');
    await h.converse(A, 'CONFIRM');
    await h.settle(); // Baraka's "started" notices arrive before his own conversation below
  });
  afterAll(async () => h?.close());

  const feeOf = async () =>
    (
      await q<{ late_fee_minor: bigint }>(
        sql`select d.late_fee_minor from dues d join cycles c on c.id = d.cycle_id join groups g on g.id = c.group_id where g.name = 'Fee Circle' and c.cycle_no = 1 and d.member_id = ${aId}`,
      )
    )[0].late_fee_minor;

  it('asks to confirm START while the first due date is ahead', async () => {
    expect(await h.converse(B, 'START')).toBe(
      t('sw', 'group.start_confirm', { group_name: 'Late Circle', members_joined: 2, first_due_date: 'Ijumaa, 4 Desemba 2026' }),
    );
  });

  it('charges one more unit per day late, idempotently, up to one contribution', async () => {
    const [c1] = await q<{ id: string }>(sql`select c.id from cycles c join groups g on g.id = c.group_id where g.name = 'Fee Circle' and c.cycle_no = 1`);
    await markDuePaid(h.t.db.db, c1.id, bId, new Date('2026-12-04T10:00:00Z'));
    const fee = (amount: string, total: string) =>
      t('en', 'late_fee.applied', { fee: `${amount} KES`, group_name: 'Fee Circle', cycle_no: 1, total: `${total} KES` });

    // Grace deadline (Saturday 18:00 Nairobi) passed: the nudge and the first day's fee.
    let mark = h.fake.calls.length;
    await h.setClock('2026-12-05T15:01:00Z');
    await h.settle();
    expect(h.textsTo(A, mark).sort()).toEqual(
      [t('en', 'reminder.overdue', { name: 'Amina', group_name: 'Fee Circle', days_late: 1, amount: '5,000', currency: 'KES' }), fee('2,000', '7,000')].sort(),
    );
    expect(await feeOf()).toBe(200000n);

    // Same local day (Sunday 00:30 is still within the first chargeable day): nothing more.
    mark = h.fake.calls.length;
    await h.setClock('2026-12-05T21:30:00Z');
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([]);

    // Next local day: one more unit. The cron fires twice at once and the clock "moves" by zero: charged once.
    mark = h.fake.calls.length;
    await h.setClock('2026-12-06T22:00:00Z');
    await Promise.all([h.t.rt.runDue(), h.t.rt.runDue(), h.advance('PT0S')]);
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([fee('2,000', '9,000')]);
    expect(await feeOf()).toBe(400000n);

    // The third day would make 6,000: capped at one contribution (5,000), so 1,000 more, then nothing.
    mark = h.fake.calls.length;
    await h.setClock('2026-12-07T22:00:00Z');
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([fee('1,000', '10,000')]);
    mark = h.fake.calls.length;
    await h.setClock('2026-12-08T22:00:00Z');
    await Promise.all([h.t.rt.runDue(), h.t.rt.runDue()]);
    await h.settle();
    expect(h.textsTo(A, mark)).toEqual([]);
    expect(await feeOf()).toBe(500000n);
    // Baraka paid on time: never charged.
    expect(h.textsTo(B).some((x) => x.includes('Fee Circle') && x.includes('⚠️'))).toBe(false);
  });

  it('refuses START (and a pending CONFIRM) once the first due date has passed, in the organizer’s language', async () => {
    const refusal = t('sw', 'group.start_date_passed', { group_name: 'Late Circle', first_due_date: 'Ijumaa, 4 Desemba 2026' });
    expect(await h.converse(B, 'CONFIRM')).toBe(refusal);
    expect(await h.converse(B, 'START')).toBe(refusal);
    const [n] = await q<{ n: number }>(sql`select count(*)::int as n from cycles c join groups g on g.id = c.group_id where g.name = 'Late Circle'`);
    expect(n.n).toBe(0);
  });
});
