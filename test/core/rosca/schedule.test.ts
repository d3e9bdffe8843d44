// Schedules: due dates per frequency in the group's zone, month-end clamping, reminders and deadlines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  currentCycle,
  cycleSchedule,
  daysInMonth,
  daysLate,
  dueDateOf,
  groupSchedule,
  isLate,
  localDateOf,
  nextDueCycle,
  nextWeekday,
  parseLocalDate,
  remindersBetween,
  type ScheduleRules,
  toLocal,
  weekdayOf,
  zonedInstant,
} from '../../../core/rosca/index.ts';

const ZONES = [
  'Africa/Nairobi',
  'Africa/Dar_es_Salaam',
  'Africa/Kampala',
  'Africa/Kinshasa',
  'Africa/Lubumbashi',
  'Africa/Kigali',
  'Africa/Abidjan',
  'Africa/Johannesburg',
];

const rules = (over: Partial<ScheduleRules> = {}): ScheduleRules => ({
  frequency: 'weekly',
  startDate: '2026-12-04',
  timeZone: 'Africa/Nairobi',
  dueHour: 18,
  graceDays: 2,
  membersCount: 4,
  ...over,
});

describe('due dates', () => {
  it('fall at 18:00 local in the group zone', () => {
    const c = cycleSchedule(rules(), 1);
    expect(c.due_date).toBe('2026-12-04');
    expect(c.due_at.toISOString()).toBe('2026-12-04T15:00:00.000Z'); // Nairobi is UTC+3
    expect(cycleSchedule(rules({ timeZone: 'Africa/Kinshasa' }), 1).due_at.toISOString()).toBe('2026-12-04T17:00:00.000Z');
    expect(cycleSchedule(rules({ timeZone: 'Africa/Abidjan' }), 1).due_at.toISOString()).toBe('2026-12-04T18:00:00.000Z');
  });

  it('step by 7 or 14 days, or by month clamped to the month end', () => {
    expect(groupSchedule(rules()).map((c) => c.due_date)).toEqual(['2026-12-04', '2026-12-11', '2026-12-18', '2026-12-25']);
    expect(groupSchedule(rules({ frequency: 'biweekly', membersCount: 3 })).map((c) => c.due_date)).toEqual(['2026-12-04', '2026-12-18', '2027-01-01']);
    expect(groupSchedule(rules({ frequency: 'monthly', startDate: '2027-01-31', membersCount: 5 })).map((c) => c.due_date)).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
      '2027-05-31',
    ]);
    expect(dueDateOf('2028-01-31', 'monthly', 2)).toBe('2028-02-29');
    expect(dueDateOf('2026-11-30', 'monthly', 3)).toBe('2027-01-30');
  });

  it('send reminders 2 days before and the morning of, with grace and late-fee deadlines', () => {
    const c = cycleSchedule(rules(), 1);
    expect(c.reminders.map((r) => [r.kind, r.at.toISOString()])).toEqual([
      ['before', '2026-12-02T06:00:00.000Z'],
      ['due_day', '2026-12-04T06:00:00.000Z'],
    ]);
    expect(c.grace_deadline_at.toISOString()).toBe('2026-12-06T15:00:00.000Z');
    expect(c.late_fee_at).toEqual(c.grace_deadline_at);
    expect(c.overdue_nudge_at).toEqual(c.grace_deadline_at);
    expect(c.payout_date).toBe('2026-12-04');
  });

  it('pick what is due from an injected now', () => {
    const cycles = groupSchedule(rules());
    expect(currentCycle(cycles, new Date('2026-12-05T10:00:00Z'))?.cycle_no).toBe(1); // inside grace
    expect(nextDueCycle(cycles, new Date('2026-12-05T10:00:00Z'))?.cycle_no).toBe(2);
    expect(currentCycle(cycles, new Date('2027-01-01T00:00:00Z'))).toBeNull();
    const sweep = remindersBetween(cycles, new Date('2026-12-01T00:00:00Z'), new Date('2026-12-04T06:00:00Z'));
    expect(sweep.map((r) => [r.cycle_no, r.kind])).toEqual([
      [1, 'before'],
      [1, 'due_day'],
    ]);
    expect(remindersBetween(cycles, new Date('2026-12-04T06:00:00Z'), new Date('2026-12-04T07:00:00Z'))).toEqual([]);
  });

  it('count days late by the provider time, in local days', () => {
    const c = cycleSchedule(rules(), 1);
    expect(daysLate(c, new Date('2026-12-04T14:59:00Z'), 'Africa/Nairobi')).toBe(0);
    expect(daysLate(c, new Date('2026-12-04T16:00:00Z'), 'Africa/Nairobi')).toBe(1);
    expect(daysLate(c, new Date('2026-12-06T20:00:00Z'), 'Africa/Nairobi')).toBe(2);
    expect(daysLate(c, new Date('2026-12-06T21:30:00Z'), 'Africa/Nairobi')).toBe(3); // 00:30 local on the 7th
    expect(isLate(c, new Date('2026-12-06T15:00:00Z'))).toBe(false);
    expect(isLate(c, new Date('2026-12-06T15:00:01Z'))).toBe(true);
  });

  it('resolve calendar helpers', () => {
    expect(nextWeekday('2026-11-30', 5)).toBe('2026-12-04'); // Monday → next Friday
    expect(nextWeekday('2026-12-04', 5)).toBe('2026-12-11');
    expect(localDateOf(new Date('2026-12-03T21:30:00Z'), 'Africa/Nairobi')).toBe('2026-12-04');
    expect(zonedInstant('2026-03-29', 2, 30, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // DST gap handled
  });
});

describe('schedule properties', () => {
  const date = fc
    .record({ y: fc.integer({ min: 2025, max: 2032 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(y, m))).padStart(2, '0')}`);
  const arb = fc.record({
    startDate: date,
    frequency: fc.constantFrom('weekly' as const, 'biweekly' as const, 'monthly' as const),
    timeZone: fc.constantFrom(...ZONES),
    dueHour: fc.integer({ min: 0, max: 23 }),
    graceDays: fc.integer({ min: 0, max: 30 }),
    membersCount: fc.integer({ min: 2, max: 50 }),
  });

  it('are strictly increasing and land on the right weekday, day of month and local hour', () => {
    fc.assert(
      fc.property(arb, (r) => {
        const cycles = groupSchedule(r);
        expect(cycles).toHaveLength(r.membersCount);
        const start = parseLocalDate(r.startDate);
        for (let i = 0; i < cycles.length; i++) {
          const c = cycles[i];
          if (i > 0) expect(c.due_at.getTime()).toBeGreaterThan(cycles[i - 1].due_at.getTime());
          const local = toLocal(c.due_at, r.timeZone);
          expect(local.date).toBe(c.due_date);
          expect(local.hour).toBe(r.dueHour);
          expect(local.minute).toBe(0);
          if (r.frequency === 'monthly') {
            const p = parseLocalDate(c.due_date);
            expect(p.day).toBe(Math.min(start.day, daysInMonth(p.year, p.month)));
            const monthsApart = (p.year - start.year) * 12 + (p.month - start.month);
            expect(monthsApart).toBe(i);
          } else {
            expect(weekdayOf(c.due_date)).toBe(weekdayOf(r.startDate));
            expect(c.due_date).toBe(addDays(r.startDate, (r.frequency === 'weekly' ? 7 : 14) * i));
          }
          for (const rem of c.reminders) expect(rem.at.getTime()).toBeLessThan(c.due_at.getTime());
          expect(c.grace_deadline_at.getTime()).toBe(c.due_at.getTime() + r.graceDays * 86_400_000); // no DST here
        }
      }),
      { numRuns: 150 },
    );
  });
});
