// Locale-aware formatting of civil dates and times for message vars ("Friday 4 December 2026").
// Own tables rather than Intl so the exact words are fixed and tested, whatever ICU ships.
import type { Locale } from './locale.ts';

const WEEKDAYS: Record<Locale, readonly string[]> = {
  // index = Date#getUTCDay(): 0 = Sunday
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  sw: ['Jumapili', 'Jumatatu', 'Jumanne', 'Jumatano', 'Alhamisi', 'Ijumaa', 'Jumamosi'],
};

const MONTHS: Record<Locale, readonly string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  sw: ['Januari', 'Februari', 'Machi', 'Aprili', 'Mei', 'Juni', 'Julai', 'Agosti', 'Septemba', 'Oktoba', 'Novemba', 'Desemba'],
};

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(ymd: string): { y: number; m: number; d: number; weekday: number } {
  const match = YMD.exec(ymd);
  if (!match) throw new Error(`i18n.format: not a YYYY-MM-DD date: ${ymd}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) throw new Error(`i18n.format: no such date: ${ymd}`);
  return { y, m, d, weekday: date.getUTCDay() };
}

/** "Friday 4 December 2026" · "vendredi 4 décembre 2026" (1er for the first) · "Ijumaa, 4 Desemba 2026". */
export function formatDateLong(ymd: string, locale: Locale): string {
  const { y, m, d, weekday } = parts(ymd);
  const wd = WEEKDAYS[locale][weekday];
  const month = MONTHS[locale][m - 1];
  if (locale === 'fr') return `${wd} ${d === 1 ? '1er' : d} ${month} ${y}`;
  if (locale === 'sw') return `${wd}, ${d} ${month} ${y}`;
  return `${wd} ${d} ${month} ${y}`;
}

/** "4 December 2026" without the weekday, for compact lists. */
export function formatDateShort(ymd: string, locale: Locale): string {
  const { y, m, d } = parts(ymd);
  const month = MONTHS[locale][m - 1];
  return `${locale === 'fr' && d === 1 ? '1er' : d} ${month} ${y}`;
}

/** 24-hour local time "18:00"; French writes "18 h 00" in prose but "18:00" reads fine in chat. */
export function formatTime(hour: number, minute = 0): string {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new Error(`i18n.format: bad time ${hour}:${minute}`);
  }
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** "Friday 4 December 2026, 18:00" */
export function formatDateTimeLong(ymd: string, hour: number, minute: number, locale: Locale): string {
  const sep = locale === 'fr' ? ' à ' : locale === 'sw' ? ', ' : ', ';
  return `${formatDateLong(ymd, locale)}${sep}${formatTime(hour, minute)}`;
}

export function weekdayName(weekday: number, locale: Locale): string {
  const name = WEEKDAYS[locale][weekday];
  if (name === undefined) throw new Error(`i18n.format: weekday out of range: ${weekday}`);
  return name;
}
