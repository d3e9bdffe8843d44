// Civil dates ('YYYY-MM-DD') and wall-clock times in an IANA time zone, without the host's zone or clock.
// African zones we serve have no DST, but the conversion below is correct for any zone.

export type LocalDate = string; // 'YYYY-MM-DD'

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = YMD.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return y >= 2000 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function parseLocalDate(ymd: LocalDate): { year: number; month: number; day: number } {
  if (!isLocalDate(ymd)) throw new Error(`rosca.calendar: not a valid YYYY-MM-DD date: ${String(ymd)}`);
  const [year, month, day] = ymd.split('-').map(Number);
  return { year, month, day };
}

export function formatLocalDate(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** month is 1–12. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(ymd: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(ymd);
  const d = new Date(Date.UTC(year, month - 1, day) + days * DAY_MS);
  return formatLocalDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Same day of month `months` later, clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonthsClamped(ymd: LocalDate, months: number): LocalDate {
  const { year, month, day } = parseLocalDate(ymd);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatLocalDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(ymd: LocalDate): number {
  const { year, month, day } = parseLocalDate(ymd);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Whole days from a to b (b − a), on the calendar. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const pa = parseLocalDate(a);
  const pb = parseLocalDate(b);
  return Math.round((Date.UTC(pb.year, pb.month - 1, pb.day) - Date.UTC(pa.year, pa.month - 1, pa.day)) / DAY_MS);
}

/** The first date strictly after `from` falling on `weekday` ("next Friday"; a Friday gives the one a week on). */
export function nextWeekday(from: LocalDate, weekday: number): LocalDate {
  if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) throw new Error(`rosca.calendar: weekday ${weekday}`);
  const delta = (weekday - weekdayOf(from) + 7) % 7;
  return addDays(from, delta === 0 ? 7 : delta);
}

// ── Time zones ──

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  try {
    formatterFor(value);
    return true;
  } catch {
    return false;
  }
}

export type LocalDateTime = { date: LocalDate; hour: number; minute: number; second: number };

/** The wall-clock reading in `timeZone` at `instant`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    date: formatLocalDate(get('year'), get('month'), get('day')),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  return toLocal(instant, timeZone).date;
}

// Intl formatting costs ~50 µs; schedules for thousands of groups ask for the same few offsets. Zone
// offsets only change on quarter-hour boundaries, so one cached value per zone per quarter hour is exact.
const QUARTER_HOUR_MS = 900_000;
const OFFSET_CACHE_MAX = 50_000;
const offsetCache = new Map<string, number>();

/** Zone offset in ms (local − UTC) at `instant`. */
function offsetMs(instant: Date, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const l = toLocal(instant, timeZone);
  const { year, month, day } = parseLocalDate(l.date);
  const asUtc = Date.UTC(year, month - 1, day, l.hour, l.minute, l.second);
  const offset = asUtc - Math.floor(instant.getTime() / 1000) * 1000;
  if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The instant the wall clock in `timeZone` reads `date hour:minute` (the earlier one if a DST fold repeats it). */
export function zonedInstant(date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new Error(`rosca.calendar: bad time ${hour}:${minute}`);
  }
  const { year, month, day } = parseLocalDate(date);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes converge for every real zone (the offset can change once near the target).
  let guess = wall - offsetMs(new Date(wall), timeZone);
  guess = wall - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}
