// Dates in en/fr/sw resolved against a clock in an IANA time zone: relative words ("kesho",
// "après-demain"), weekdays ("next Friday", "Ijumaa ijayo"), day-month ("le 1er mars", "tarehe 5
// Machi"), numeric day-first ("15/03") and ISO. Day-month without a year resolves to the next
// occurrence. Also long-form formatting with our own Swahili names (Intl's Swahili is unreliable).
import type { Lang } from './language.ts';
import { fold } from './normalize.ts';
import { parseNumber } from './numbers.ts';

export type DateOptions = { now: Date; timeZone: string; lang?: Lang };
export type DateMatch = { date: string; start: number; end: number; raw: string };

type Civil = { y: number; m: number; d: number };

// ---------------------------------------------------------------- civil date helpers

const DAY_MS = 86_400_000;

function toEpochDay(c: Civil): number {
  return Math.floor(Date.UTC(c.y, c.m - 1, c.d) / DAY_MS);
}

function fromEpochDay(n: number): Civil {
  const dt = new Date(n * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

function addDays(c: Civil, days: number): Civil {
  return fromEpochDay(toEpochDay(c) + days);
}

/** 0 = Sunday … 6 = Saturday */
function weekday(c: Civil): number {
  return new Date(Date.UTC(c.y, c.m - 1, c.d)).getUTCDay();
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function valid(c: Civil): boolean {
  return c.m >= 1 && c.m <= 12 && c.d >= 1 && c.d <= daysInMonth(c.y, c.m);
}

function addMonths(c: Civil, months: number): Civil {
  const idx = c.y * 12 + (c.m - 1) + months;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return { y, m, d: Math.min(c.d, daysInMonth(y, m)) };
}

function iso(c: Civil): string {
  return `${String(c.y).padStart(4, '0')}-${String(c.m).padStart(2, '0')}-${String(c.d).padStart(2, '0')}`;
}

function parseIso(s: string): Civil {
  const [y, m, d] = s.split('-').map(Number);
  return { y, m, d };
}

/** The calendar date of `now` in `timeZone`, as YYYY-MM-DD. */
export function todayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Add days to a YYYY-MM-DD date. */
export function addDaysIso(date: string, days: number): string {
  return iso(addDays(parseIso(date), days));
}

// ---------------------------------------------------------------- lexicons

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
  janvier: 1,
  janv: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  decembre: 12,
  januari: 1,
  februari: 2,
  machi: 3,
  aprili: 4,
  mei: 5,
  juni: 6,
  julai: 7,
  agosti: 8,
  septemba: 9,
  oktoba: 10,
  novemba: 11,
  desemba: 12,
  disemba: 12,
};
const SW_ORDINAL: Record<string, number> = {
  kwanza: 1,
  pili: 2,
  tatu: 3,
  nne: 4,
  tano: 5,
  sita: 6,
  saba: 7,
  nane: 8,
  tisa: 9,
  kumi: 10,
  'kumi na moja': 11,
  'kumi na mbili': 12,
};
const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  sun: 0,
  monday: 1,
  mon: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  wednesday: 3,
  wed: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  friday: 5,
  fri: 5,
  saturday: 6,
  sat: 6,
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  jumapili: 0,
  jumatatu: 1,
  jumanne: 2,
  jumatano: 3,
  alhamisi: 4,
  ijumaa: 5,
  jumamosi: 6,
};

const alt = (words: string[]) => [...words].sort((a, b) => b.length - a.length).join('|');
const MONTH_ALT = `${alt(Object.keys(MONTHS))}|mwezi wa (?:${alt(Object.keys(SW_ORDINAL))}|[0-9]{1,2})`;
const WEEKDAY_ALT = alt(Object.keys(WEEKDAYS));
const ORDINAL_SUFFIX = '(?:er|re|eme|e|st|nd|rd|th)?';
const DAY_WORDS: Record<string, number> = { premier: 1, first: 1, second: 2, deux: 2, moja: 1, mosi: 1 };

function monthOf(word: string): number | undefined {
  if (word in MONTHS) return MONTHS[word];
  const m = /^mwezi wa (.+)$/.exec(word);
  if (!m) return undefined;
  if (/^[0-9]+$/.test(m[1])) return Number(m[1]);
  return SW_ORDINAL[m[1]];
}

function numberWord(s: string): number | undefined {
  if (/^[0-9]+$/.test(s)) return Number(s);
  if (s in DAY_WORDS) return DAY_WORDS[s];
  if (/^(?:a|an|une?|one)$/.test(s)) return 1;
  const v = parseNumber(s);
  return v && /^[0-9]+$/.test(v) ? Number(v) : undefined;
}

// ---------------------------------------------------------------- rules

type Rule = { re: RegExp; resolve: (m: RegExpExecArray, today: Civil) => Civil | undefined };

/** The given weekday strictly after today (1–7 days ahead). */
function nextWeekday(today: Civil, wd: number): Civil {
  const delta = (wd - weekday(today) + 7) % 7 || 7;
  return addDays(today, delta);
}

/** The given weekday in the following Monday-to-Sunday week ("next Friday" seen on a Wednesday is 9 days away). */
function weekdayNextWeek(today: Civil, wd: number): Civil {
  const isoToday = (weekday(today) + 6) % 7; // Monday = 0
  const nextMonday = addDays(today, 7 - isoToday);
  return addDays(nextMonday, (wd + 6) % 7);
}

/** Day-month without a year: this year, or next year when already past. */
function nextOccurrence(today: Civil, m: number, d: number): Civil | undefined {
  let c = { y: today.y, m, d };
  if (!valid(c)) {
    if (m === 2 && d === 29) c = { y: today.y + 1, m, d };
    else return undefined;
  }
  if (toEpochDay(c) < toEpochDay(today)) c = { y: today.y + 1, m, d };
  return valid(c) ? c : undefined;
}

function withYear(y: number, m: number, d: number): Civil | undefined {
  const year = y < 100 ? 2000 + y : y;
  const c = { y: year, m, d };
  return valid(c) ? c : undefined;
}

const NUM = '[0-9]{1,2}';
const COUNT =
  '(?:[0-9]{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|quinze|moja|mbili|tatu|nne|tano|sita|saba|nane|tisa|kumi)';
const DAY_UNIT = '(?:days?|jours?|siku)';
const WEEK_UNIT = '(?:weeks?|semaines?|wiki)';
const MONTH_UNIT = '(?:months?|mois|miezi|mwezi)';

function relative(count: number, unit: string, today: Civil): Civil {
  if (/^(?:day|jour|siku)/.test(unit)) return addDays(today, count);
  if (/^(?:week|semaine|wiki)/.test(unit)) return addDays(today, 7 * count);
  return addMonths(today, count);
}

const RULES: Rule[] = [
  // ISO 2026-12-04
  { re: /\b([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\b/, resolve: (m) => withYear(+m[1], +m[2], +m[3]) },
  // day-first numeric with year: 15/03/2027, 15-03-27, 15.03.2027
  {
    re: /\b([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4}|[0-9]{2})\b/,
    resolve: (m) => withYear(+m[3], +m[2], +m[1]),
  },
  // day-first numeric without year: 15/03, 1-12
  { re: /\b([0-9]{1,2})[/-]([0-9]{1,2})\b(?![/.-]?[0-9])/, resolve: (m, t) => nextOccurrence(t, +m[2], +m[1]) },
  // 1er mars 2027, 5 Machi, the 1st of March, tarehe 5 mwezi wa tatu
  {
    re: new RegExp(`\\b(${NUM}|premier|first|mosi)${ORDINAL_SUFFIX}\\.?(?: of| ya| de)? (${MONTH_ALT})\\b(?:,? ([0-9]{4}))?`),
    resolve: (m, t) => {
      const d = numberWord(m[1]);
      const mo = monthOf(m[2]);
      if (!d || !mo) return undefined;
      return m[3] ? withYear(+m[3], mo, d) : nextOccurrence(t, mo, d);
    },
  },
  // March 1st, 2027 / mars 1
  {
    re: new RegExp(`\\b(${MONTH_ALT}) (${NUM})${ORDINAL_SUFFIX}\\b(?:,? ([0-9]{4}))?`),
    resolve: (m, t) => {
      const mo = monthOf(m[1]);
      const d = Number(m[2]);
      if (!mo) return undefined;
      return m[3] ? withYear(+m[3], mo, d) : nextOccurrence(t, mo, d);
    },
  },
  // after tomorrow before tomorrow: "day after tomorrow", "après-demain", "keshokutwa"
  { re: /\b(?:(?:the )?day after tomorrow|apres[ -]demain|kesho ?kutwa|kesho kutwa)\b/, resolve: (_m, t) => addDays(t, 2) },
  { re: /\b(?:tomorrow|tmrw|tmr|tomoro|tommorow|tomorow|demain|kesho)\b/, resolve: (_m, t) => addDays(t, 1) },
  { re: /\b(?:today|tonight|aujourd'hui|aujourdhui|auj|ce soir|leo)\b/, resolve: (_m, t) => t },
  // in 3 days / dans 2 semaines / baada ya siku tatu / siku 3 zijazo / 3 days from now
  {
    re: new RegExp(`\\b(?:in|dans|d'ici) (${COUNT}) (${DAY_UNIT}|${WEEK_UNIT}|${MONTH_UNIT})\\b`),
    resolve: (m, t) => {
      const n = numberWord(m[1]);
      return n === undefined ? undefined : relative(n, m[2], t);
    },
  },
  {
    re: new RegExp(`\\b(${COUNT}) (${DAY_UNIT}|${WEEK_UNIT}|${MONTH_UNIT}) (?:from now|from today|later)\\b`),
    resolve: (m, t) => {
      const n = numberWord(m[1]);
      return n === undefined ? undefined : relative(n, m[2], t);
    },
  },
  {
    re: new RegExp(`\\b(?:baada ya|katika) (siku|wiki|miezi|mwezi) (${COUNT})\\b`),
    resolve: (m, t) => {
      const n = numberWord(m[2]);
      return n === undefined ? undefined : relative(n, m[1], t);
    },
  },
  {
    re: new RegExp(`\\b(siku|wiki|miezi) (${COUNT}) (?:zijazo|ijayo|zinazokuja)\\b`),
    resolve: (m, t) => {
      const n = numberWord(m[2]);
      return n === undefined ? undefined : relative(n, m[1], t);
    },
  },
  // next week / la semaine prochaine / wiki ijayo: a week from today
  { re: /\b(?:next week|(?:la )?semaine prochaine|wiki ijayo|wiki inayokuja|wiki ujao)\b/, resolve: (_m, t) => addDays(t, 7) },
  // next month / le mois prochain / mwezi ujao: the first of next month (echoed for confirmation)
  {
    re: /\b(?:next month|(?:le )?mois prochain|mwezi ujao|mwezi unaokuja|mwezi ujayo)\b/,
    resolve: (_m, t) => ({ ...addMonths({ ...t, d: 1 }, 1), d: 1 }),
  },
  // end of the month / fin du mois / mwisho wa mwezi
  {
    re: /\b(?:end of (?:the |this )?month|fin (?:du|de) mois|mwisho wa mwezi)\b/,
    resolve: (_m, t) => ({ ...t, d: daysInMonth(t.y, t.m) }),
  },
  // next Friday / Friday next / vendredi prochain / Ijumaa ijayo
  {
    re: new RegExp(`\\b(?:next (${WEEKDAY_ALT})|(${WEEKDAY_ALT}) (?:next|prochain|ijayo|inayokuja|ijao))\\b`),
    resolve: (m, t) => weekdayNextWeek(t, WEEKDAYS[m[1] ?? m[2]]),
  },
  // this Friday / ce vendredi / Ijumaa hii: today if it is that day, else the coming one
  {
    re: new RegExp(`\\b(?:this (${WEEKDAY_ALT})|ce (${WEEKDAY_ALT})|(${WEEKDAY_ALT}) (?:hii|this week|cette semaine))\\b`),
    resolve: (m, t) => {
      const wd = WEEKDAYS[m[1] ?? m[2] ?? m[3]];
      return weekday(t) === wd ? t : nextWeekday(t, wd);
    },
  },
  // bare weekday ("on Friday", "vendredi", "Ijumaa"): the coming one, never today
  {
    re: new RegExp(`\\b(?:(?:this )?coming (${WEEKDAY_ALT})|(${WEEKDAY_ALT}))\\b`),
    resolve: (m, t) => nextWeekday(t, WEEKDAYS[m[1] ?? m[2]]),
  },
  // the 5th / le 5 / tarehe 5: that day of this month, or next month when past
  {
    re: /\b(?:the|le|tarehe|on the) ([0-9]{1,2}|premier|mosi|moja)(?:er|re|eme|e|st|nd|rd|th)?\b(?! ?(?:[0-9]|%|people|personnes|watu|days|jours|siku|weeks|semaines|members|membres))/,
    resolve: (m, t) => {
      const d = numberWord(m[1]);
      if (!d || d > 31) return undefined;
      let c = { y: t.y, m: t.m, d };
      if (!valid(c) || toEpochDay(c) < toEpochDay(t)) c = { ...addMonths({ ...t, d: 1 }, 1), d };
      return valid(c) ? c : undefined;
    },
  },
];

/** Every date mentioned, in order of appearance (overlaps resolved to the earliest, longest). */
export function findDates(text: string, options: DateOptions): DateMatch[] {
  const source = fold(text).replace(/\s/g, ' ');
  const today = parseIso(todayIn(options.now, options.timeZone));
  // Rules are ordered most specific first; a later rule never takes text an earlier one matched
  // ("le 1er mars" is a day-month, not "le 1er" plus a stray month).
  const out: DateMatch[] = [];
  for (const rule of RULES) {
    // a space in a rule accepts any run of spaces ("next  friday")
    const re = new RegExp(rule.re.source.replace(/ (?![?*+{])/g, ' +'), 'g');
    for (const m of source.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (out.some((o) => start < o.end && end > o.start)) continue;
      const c = rule.resolve(m as unknown as RegExpExecArray, today);
      if (!c) continue;
      out.push({ date: iso(c), start, end, raw: text.slice(start, end) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The first date in a text, as YYYY-MM-DD in the given time zone. */
export function parseDate(text: string, options: DateOptions): DateMatch | undefined {
  return findDates(text, options)[0];
}

// ---------------------------------------------------------------- formatting

const DAY_NAMES: Record<Lang, string[]> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  sw: ['Jumapili', 'Jumatatu', 'Jumanne', 'Jumatano', 'Alhamisi', 'Ijumaa', 'Jumamosi'],
};
const MONTH_NAMES: Record<Lang, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  sw: ['Januari', 'Februari', 'Machi', 'Aprili', 'Mei', 'Juni', 'Julai', 'Agosti', 'Septemba', 'Oktoba', 'Novemba', 'Desemba'],
};

/**
 * "Friday 4 December 2026" / "vendredi 4 décembre 2026" / "Ijumaa, 4 Desemba 2026".
 * A YYYY-MM-DD string is a calendar date already; a Date is read in `timeZone`.
 */
export function formatDateLong(date: string | Date, lang: Lang, timeZone = 'UTC'): string {
  const c = parseIso(typeof date === 'string' ? date : todayIn(date, timeZone));
  const wd = DAY_NAMES[lang][weekday(c)];
  const month = MONTH_NAMES[lang][c.m - 1];
  if (lang === 'sw') return `${wd}, ${c.d} ${month} ${c.y}`;
  if (lang === 'fr') return `${wd} ${c.d === 1 ? '1er' : c.d} ${month} ${c.y}`;
  return `${wd} ${c.d} ${month} ${c.y}`;
}

/** Short form for buttons and summaries: "Fri 4 Dec" / "ven. 4 déc." / "Ijumaa 4 Des". */
export function formatDateShort(date: string, lang: Lang): string {
  const c = parseIso(date);
  const wd = DAY_NAMES[lang][weekday(c)];
  const month = MONTH_NAMES[lang][c.m - 1];
  if (lang === 'fr') return `${wd.slice(0, 3)}. ${c.d} ${month.length > 4 ? `${month.slice(0, 4).replace(/\.$/, '')}.` : month}`;
  if (lang === 'sw') return `${wd} ${c.d} ${month.slice(0, 3)}`;
  return `${wd.slice(0, 3)} ${c.d} ${month.slice(0, 3)}`;
}
