// Numbers, money, dates, frequency and language identification against the shared fixture tables.
import { describe, expect, it } from 'vitest';
import { findDates, formatDateLong, parseDate } from '../../../agents/local/nlu/dates.ts';
import { parseFrequency } from '../../../agents/local/nlu/frequency.ts';
import { detectLanguage } from '../../../agents/local/nlu/language.ts';
import { parseMoney } from '../../../agents/local/nlu/money.ts';
import { parseNumber } from '../../../agents/local/nlu/numbers.ts';
import { AMBIGUOUS_LANGUAGE, DATE_CASES, DATE_NOW, DATE_TZ, FREQUENCY_CASES, LANGUAGE_CASES, MONEY_CASES, NUMBER_CASES } from './fixtures/entities.ts';

describe('numbers', () => {
  it.each(NUMBER_CASES)('%s → %s', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });
});

describe('money', () => {
  it.each(MONEY_CASES.map((c) => [c.text + (c.prefer ? ` (prefer ${c.prefer})` : ''), c] as const))('%s', (_label, c) => {
    const m = parseMoney(c.text, { preferCurrency: c.prefer });
    if (c.amount === undefined) {
      expect(m).toBeUndefined();
      return;
    }
    expect(m?.amount).toBe(c.amount);
    expect(m?.currency).toBe(c.currency);
    expect(m?.currencyHints).toEqual(c.hints);
  });

  it('never returns a float: amounts are decimal strings', () => {
    for (const c of MONEY_CASES) {
      const m = parseMoney(c.text);
      if (m) expect(m.amount).toMatch(/^[0-9]+(\.[0-9]{2,})?$/);
    }
  });
});

describe('dates (Wednesday 25 Nov 2026, Nairobi)', () => {
  const now = new Date(DATE_NOW);
  it.each(DATE_CASES.map((c) => [c.text, c.date] as const))('%s → %s', (text, date) => {
    expect(parseDate(text, { now, timeZone: DATE_TZ })?.date).toBe(date);
  });

  it('resolves "today" in the given time zone, not in UTC', () => {
    // 22:30 UTC on the 25th is already the 26th in Nairobi and still the 25th in Kinshasa (UTC+1)
    const late = new Date('2026-11-25T22:30:00Z');
    expect(parseDate('today', { now: late, timeZone: 'Africa/Nairobi' })?.date).toBe('2026-11-26');
    expect(parseDate('today', { now: late, timeZone: 'Africa/Kinshasa' })?.date).toBe('2026-11-25');
    expect(parseDate('demain', { now: late, timeZone: 'Africa/Kinshasa' })?.date).toBe('2026-11-26');
  });

  it('gives spans so callers can mask the date text', () => {
    const text = 'Create a group for 10 people starting next Friday';
    const [d] = findDates(text, { now, timeZone: DATE_TZ });
    expect(text.slice(d.start, d.end)).toBe('next Friday');
  });

  it('formats long dates in en, fr and sw with our own Swahili names', () => {
    expect(formatDateLong('2026-12-04', 'en')).toBe('Friday 4 December 2026');
    expect(formatDateLong('2026-12-04', 'fr')).toBe('vendredi 4 décembre 2026');
    expect(formatDateLong('2026-12-04', 'sw')).toBe('Ijumaa, 4 Desemba 2026');
    expect(formatDateLong('2027-03-01', 'fr')).toBe('lundi 1er mars 2027');
    expect(formatDateLong('2027-03-07', 'sw')).toBe('Jumapili, 7 Machi 2027');
    expect(formatDateLong(new Date('2026-12-03T22:30:00Z'), 'en', 'Africa/Nairobi')).toBe('Friday 4 December 2026');
  });
});

describe('frequency', () => {
  it.each(FREQUENCY_CASES)('%s → %s', (text, f) => {
    expect(parseFrequency(text)?.frequency).toBe(f);
  });
  it('maps to ISO 8601 durations', () => {
    expect(parseFrequency('kila wiki')?.iso).toBe('P1W');
    expect(parseFrequency('toutes les deux semaines')?.iso).toBe('P2W');
    expect(parseFrequency('monthly')?.iso).toBe('P1M');
  });
});

describe('language', () => {
  it.each(LANGUAGE_CASES)('%s → %s', (text, lang) => {
    const g = detectLanguage(text);
    expect(g.lang).toBe(lang);
    expect(g.confidence).toBeGreaterThanOrEqual(0.4);
  });
  it.each(AMBIGUOUS_LANGUAGE)('%s is ambiguous: low confidence', (text) => {
    expect(detectLanguage(text).confidence).toBeLessThan(0.4);
  });
});
