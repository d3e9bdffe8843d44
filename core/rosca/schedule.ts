// Due dates and the instants that drive a group's time (reminders, grace deadline, late fee, payout),
// computed from the rules in the group's own time zone. Pure: "now" is always passed in.
import { addDays, addMonthsClamped, daysBetween, type LocalDate, localDateOf, zonedInstant } from './calendar.ts';
import type { Frequency, GroupRules } from './rules.ts';

export const CYCLES_MAX = 50;
export const REMINDER_HOUR_DEFAULT = 9;
/** Two days before, then the morning of the due date. */
export const REMINDER_DAYS_BEFORE_DEFAULT: readonly number[] = [2, 0];

export type ScheduleRules = Pick<GroupRules, 'frequency' | 'startDate' | 'timeZone' | 'dueHour' | 'graceDays' | 'membersCount'>;

export type ScheduleOptions = {
  reminderHour?: number;
  reminderDaysBefore?: readonly number[];
};

export type ReminderKind = 'before' | 'due_day';
export type Reminder = { kind: ReminderKind; days_before: number; at: Date };

export type CycleSchedule = {
  cycle_no: number; // 1-based
  due_date: LocalDate; // local calendar date in the group's zone
  due_at: Date; // due_date at dueHour local
  reminders: Reminder[]; // ascending, all strictly before due_at
  grace_deadline_at: Date; // due_at + graceDays (local days); paying after this is late
  late_fee_at: Date; // when an unpaid contribution is charged the late fee (= grace deadline)
  overdue_nudge_at: Date; // when the gentle nudge (12.14) goes out (= grace deadline)
  payout_date: LocalDate; // the earliest release: the due date, once quorum is met (spec 4.3)
  payout_at: Date;
};

/** The local due date of cycle `cycle_no` (1-based). Monthly keeps the start's day of month, clamped. */
export function dueDateOf(startDate: LocalDate, frequency: Frequency, cycle_no: number): LocalDate {
  if (!Number.isInteger(cycle_no) || cycle_no < 1 || cycle_no > CYCLES_MAX) {
    throw new Error(`rosca.schedule: cycle_no must be 1..${CYCLES_MAX}, got ${cycle_no}`);
  }
  const i = cycle_no - 1;
  if (frequency === 'weekly') return addDays(startDate, 7 * i);
  if (frequency === 'biweekly') return addDays(startDate, 14 * i);
  // Always from the start date, never chained, so Jan 31 → Feb 28 → Mar 31.
  return addMonthsClamped(startDate, i);
}

export function cycleSchedule(rules: ScheduleRules, cycle_no: number, opts: ScheduleOptions = {}): CycleSchedule {
  const reminderHour = opts.reminderHour ?? REMINDER_HOUR_DEFAULT;
  const daysBefore = opts.reminderDaysBefore ?? REMINDER_DAYS_BEFORE_DEFAULT;
  const due_date = dueDateOf(rules.startDate, rules.frequency, cycle_no);
  const due_at = zonedInstant(due_date, rules.dueHour, 0, rules.timeZone);
  const reminders: Reminder[] = [...new Set(daysBefore)]
    .filter((d) => Number.isInteger(d) && d >= 0)
    .sort((a, b) => b - a)
    .map((days_before) => ({
      kind: days_before === 0 ? ('due_day' as const) : ('before' as const),
      days_before,
      at: zonedInstant(addDays(due_date, -days_before), reminderHour, 0, rules.timeZone),
    }))
    // A due-day reminder after the due hour would arrive late; drop it.
    .filter((r) => r.at < due_at);
  const grace_deadline_at = zonedInstant(addDays(due_date, rules.graceDays), rules.dueHour, 0, rules.timeZone);
  const result: CycleSchedule = {
    cycle_no,
    due_date,
    due_at,
    reminders,
    grace_deadline_at,
    late_fee_at: grace_deadline_at,
    overdue_nudge_at: grace_deadline_at,
    payout_date: due_date,
    payout_at: due_at,
  };
  assertCycle(result);
  return result;
}

function assertCycle(c: CycleSchedule): void {
  for (const r of c.reminders) if (!(r.at < c.due_at)) throw new Error('rosca.schedule: reminder not before due');
  if (c.grace_deadline_at < c.due_at) throw new Error('rosca.schedule: grace deadline before due');
}

/** One cycle per member: everyone receives the pot once. */
export function groupSchedule(rules: ScheduleRules, opts: ScheduleOptions = {}): CycleSchedule[] {
  const cycles: CycleSchedule[] = [];
  for (let n = 1; n <= rules.membersCount; n++) cycles.push(cycleSchedule(rules, n, opts));
  for (let i = 1; i < cycles.length; i++) {
    if (!(cycles[i - 1].due_at < cycles[i].due_at)) throw new Error('rosca.schedule: due dates not increasing');
  }
  return cycles;
}

/** The cycle currently collecting at `now`: the first whose grace deadline has not passed; null when all are over. */
export function currentCycle(cycles: readonly CycleSchedule[], now: Date): CycleSchedule | null {
  return cycles.find((c) => now <= c.grace_deadline_at) ?? null;
}

/** The next cycle whose due instant is at or after `now`. */
export function nextDueCycle(cycles: readonly CycleSchedule[], now: Date): CycleSchedule | null {
  return cycles.find((c) => now <= c.due_at) ?? null;
}

export type DueReminder = { cycle_no: number; kind: ReminderKind; days_before: number; at: Date };

/** Reminders falling in (from, to]: what a sweep at `to` that last ran at `from` must send. */
export function remindersBetween(cycles: readonly CycleSchedule[], from: Date, to: Date): DueReminder[] {
  const out: DueReminder[] = [];
  for (const c of cycles) {
    for (const r of c.reminders) {
      if (r.at > from && r.at <= to) out.push({ cycle_no: c.cycle_no, kind: r.kind, days_before: r.days_before, at: r.at });
    }
  }
  return out;
}

/**
 * Whole local days a payment made at `paid_at` is past the due date (0 when on time, i.e. by due_at).
 * Pass the provider's transaction time, never our ingestion time, so a slow callback is not "late".
 */
export function daysLate(cycle: Pick<CycleSchedule, 'due_date' | 'due_at'>, paid_at: Date, timeZone: string): number {
  if (paid_at <= cycle.due_at) return 0;
  return Math.max(1, daysBetween(cycle.due_date, localDateOf(paid_at, timeZone)));
}

/** Whether a payment at `paid_at` (provider time) is late, i.e. after the grace deadline. */
export function isLate(cycle: Pick<CycleSchedule, 'grace_deadline_at'>, paid_at: Date): boolean {
  return paid_at > cycle.grace_deadline_at;
}
