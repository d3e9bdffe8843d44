// Amounts with currencies written the ways members write them ("Ksh 5,000", "bob 500", "20 000 FC",
// "shilingi elfu tano", "$20", "FCFA") → { amount (decimal string, major units), currency? }.
// A bare "shillings" or "francs" names no single currency: currency stays undefined and
// `currencyHints` lists the candidates, unless the caller's `preferCurrency` is among them.
import { fold } from './normalize.ts';
import type { NumberSpan } from './numbers.ts';
import { findNumbers } from './numbers.ts';

export type Currency = 'KES' | 'TZS' | 'UGX' | 'CDF' | 'USD' | 'XAF' | 'XOF' | 'RWF';
export const CURRENCIES: readonly Currency[] = ['KES', 'TZS', 'UGX', 'CDF', 'USD', 'XAF', 'XOF', 'RWF'];

export type Money = { amount: string; currency?: Currency };

export type MoneyMatch = Money & {
  /** candidates when the currency word is ambiguous ("shillings", "francs", "FCFA") */
  currencyHints?: Currency[];
  start: number;
  end: number;
  raw: string;
};

export type MoneyOptions = {
  /** resolves an ambiguous currency word when it is one of the candidates (phone's country, group) */
  preferCurrency?: Currency;
  /** only return amounts that carry a currency mark */
  requireCurrency?: boolean;
};

type CurrencyMark = { currencies: Currency[]; start: number; end: number };

const SHILLINGS: Currency[] = ['KES', 'TZS', 'UGX'];
const FRANCS: Currency[] = ['CDF', 'XAF', 'XOF', 'RWF'];
const CFA: Currency[] = ['XAF', 'XOF'];

// Longest and most specific first: the scan keeps the first match at each position.
const CURRENCY_PATTERNS: Array<[RegExp, Currency[]]> = [
  [/(?:kenya|kenyan|kenyans) (?:shillings?|shilingi|shs?)|shilingi (?:za |ya )?(?:kenya|kikenya)/, ['KES']],
  [/(?:tanzania|tanzanian) (?:shillings?|shilingi|shs?)|shilingi (?:za |ya )?(?:tanzania|kitanzania)/, ['TZS']],
  [/(?:uganda|ugandan) (?:shillings?|shilingi|shs?)|shilingi (?:za |ya )?(?:uganda|kiganda)/, ['UGX']],
  [/francs? congolais|fr\.? congolais|franga (?:za |ya )?(?:kongo|congo|kikongo)/, ['CDF']],
  [/francs? rwandais|rwandan francs?|amafaranga/, ['RWF']],
  [/francs? cfa|f\.? ?cfa|fcfa|cfa/, CFA],
  [/us ?dollars?|dollars? americains?|dollars? us|us\$|usd|dollars?|dola|\$/, ['USD']],
  [/k\.? ?shs?\.?|kes/, ['KES']],
  [/t\.? ?shs?\.?|tzs/, ['TZS']],
  [/u\.? ?shs?\.?|ugx/, ['UGX']],
  [/cdf|fc/, ['CDF']],
  [/xaf/, ['XAF']],
  [/xof/, ['XOF']],
  [/rwf|frw|rf/, ['RWF']],
  [/bob/, ['KES']],
  [/shillings?|shilingi|shilling|shs?\.?|\/=|\/-/, SHILLINGS],
  [/francs?|faranga|frs?\.?/, FRANCS],
];

const BOUNDARY_BEFORE = /(?:^|[^a-z])$/;

function findCurrencyMarks(folded: string): CurrencyMark[] {
  const marks: CurrencyMark[] = [];
  let i = 0;
  while (i < folded.length) {
    let matched: CurrencyMark | undefined;
    if (BOUNDARY_BEFORE.test(folded.slice(Math.max(0, i - 1), i)) || folded[i] === '$' || folded[i] === '/') {
      for (const [re, currencies] of CURRENCY_PATTERNS) {
        const sticky = new RegExp(re.source, 'y');
        sticky.lastIndex = i;
        const m = sticky.exec(folded);
        if (!m || m[0].length === 0) continue;
        const end = i + m[0].length;
        // a word must end at a word boundary ("fc" not inside "fcfa"; "sh" not inside "she")
        if (/[a-z]$/.test(m[0]) && /[a-z]/.test(folded[end] ?? '')) continue;
        matched = { currencies, start: i, end };
        break;
      }
    }
    if (matched) {
      marks.push(matched);
      i = matched.end;
    } else i++;
  }
  return marks;
}

// Numbers that count something other than money.
const NOT_MONEY_AFTER =
  /^\s*(?:%|pour ?cent|percent|pc\b|people|persons?|personnes?|pers\b|ppl|pax|members?|membres?|participants?|wanachama|watu|days?|jours?|weeks?|semaines?|months?|mois|years?|ans?\b|times|fois|mara|hours?|heures?|h\b|am\b|pm\b|er\b|eme\b|st\b|nd\b|rd\b|th\b|x\b)/;
const NOT_MONEY_BEFORE =
  /(?:watu|wanachama|siku|wiki|miezi|mwezi|tarehe|saa|option|choix|chaguo|namba|number|no\.?|#|zamu|round|tour|akidi|quorum|juu ya|of us|nous sommes|tuko|tuko watu|kati ya)\s*$/;

export function isCountNotMoney(folded: string, span: { start: number; end: number }): boolean {
  return NOT_MONEY_AFTER.test(folded.slice(span.end, span.end + 14)) || NOT_MONEY_BEFORE.test(folded.slice(Math.max(0, span.start - 16), span.start));
}

/** Amounts keep their written precision as money: "2500.5" → "2500.50". */
export function formatAmount(value: string): string {
  const [i, f] = value.split('.');
  if (!f) return i;
  return `${i}.${f.length === 1 ? `${f}0` : f}`;
}

function resolve(currencies: Currency[], prefer?: Currency): Pick<MoneyMatch, 'currency' | 'currencyHints'> {
  if (currencies.length === 1) return { currency: currencies[0] };
  if (prefer && currencies.includes(prefer)) return { currency: prefer };
  return { currencyHints: [...currencies] };
}

/** Every amount in a text: numbers next to a currency mark, then (unless required) bare amounts. */
export function findMoney(text: string, options: MoneyOptions = {}): MoneyMatch[] {
  const folded = fold(text);
  const numbers = findNumbers(text);
  const marks = findCurrencyMarks(folded);
  const used = new Set<CurrencyMark>();
  const out: MoneyMatch[] = [];
  const gapOk = (from: number, to: number) => to >= from && /^[\s:.,=-]{0,3}$/.test(folded.slice(from, to));
  for (const n of numbers) {
    // currency after the number ("5000 KES", "20 000 FC", "5000/="), else before ("Ksh 5,000", "$20")
    let mark = marks.find((m) => !used.has(m) && gapOk(n.end, m.start));
    let start = n.start;
    let end = n.end;
    if (mark) end = mark.end;
    else {
      mark = marks.find((m) => !used.has(m) && gapOk(m.end, n.start));
      if (mark) start = mark.start;
    }
    if (mark) {
      used.add(mark);
      out.push({ amount: formatAmount(n.value), ...resolve(mark.currencies, options.preferCurrency), start, end, raw: text.slice(start, end) });
    } else if (!options.requireCurrency && !isCountNotMoney(folded, n)) {
      out.push({ amount: formatAmount(n.value), start, end, raw: text.slice(start, end) });
    }
  }
  return out;
}

/**
 * The amount a member most likely means: the first one written with a currency, else the first
 * bare amount (only when exactly one bare number could be money, so "6 people 5000" still works
 * but "2 or 3" does not guess).
 */
export function parseMoney(text: string, options: MoneyOptions = {}): MoneyMatch | undefined {
  const all = findMoney(text, options);
  const marked = all.find((m) => m.currency || m.currencyHints);
  if (marked) return marked;
  if (options.requireCurrency) return undefined;
  return all.length === 1 ? all[0] : undefined;
}

/** Just the currency named in a text, if any ("in shillings" → hints). */
export function parseCurrency(text: string, options: MoneyOptions = {}): Pick<MoneyMatch, 'currency' | 'currencyHints'> | undefined {
  const mark = findCurrencyMarks(fold(text))[0];
  return mark ? resolve(mark.currencies, options.preferCurrency) : undefined;
}

export type { NumberSpan };
