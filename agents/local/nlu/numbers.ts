// Numbers in digits and in words (English, French, Kiswahili, a little Sheng), returned as exact
// decimal strings: "cinq mille" → "5000", "elfu kumi na tano" → "15000", "2.5k" → "2500",
// "20.000" → "20000", "1,5 million" → "1500000". No floats: values are scaled bigints throughout.

import type { Token } from './normalize.ts';
import { fold, tokenize } from './normalize.ts';

/** An exact decimal: value = n / 10^scale. */
export type Decimal = { n: bigint; scale: number };

export type NumberSpan = {
  /** canonical decimal string: no grouping, '.' as decimal point, no trailing fractional zeros */
  value: string;
  start: number;
  end: number;
  raw: string;
  kind: 'digits' | 'words';
};

export function dec(n: bigint | number, scale = 0): Decimal {
  return { n: BigInt(n), scale };
}

export function decFromString(s: string): Decimal {
  const [i, f = ''] = s.split('.');
  return { n: BigInt(i + f || '0'), scale: f.length };
}

export function decMul(a: Decimal, b: Decimal): Decimal {
  return { n: a.n * b.n, scale: a.scale + b.scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}

export function decAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, s] = align(a, b);
  return { n: x + y, scale: s };
}

export function decCompare(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Canonical string: "5000", "2500.5", "0.75". */
export function decToString(d: Decimal): string {
  let { n, scale } = d;
  while (scale > 0 && n % 10n === 0n) {
    n /= 10n;
    scale--;
  }
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

// ---------------------------------------------------------------- words

const EN_SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const FR_SMALL: Record<string, number> = {
  zero: 0,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  septante: 70,
  huitante: 80,
  octante: 80,
  nonante: 90,
};
const EN_FR_SCALE: Record<string, number> = {
  hundred: 100,
  hundreds: 100,
  cent: 100,
  cents: 100,
  thousand: 1000,
  thousands: 1000,
  mille: 1000,
  milles: 1000,
  million: 1_000_000,
  millions: 1_000_000,
  billion: 1_000_000_000,
  milliard: 1_000_000_000,
  milliards: 1_000_000_000,
};
const SW_UNITS: Record<string, number> = {
  sifuri: 0,
  moja: 1,
  mbili: 2,
  tatu: 3,
  nne: 4,
  tano: 5,
  sita: 6,
  saba: 7,
  nane: 8,
  tisa: 9,
};
const SW_TENS: Record<string, number> = {
  kumi: 10,
  ishirini: 20,
  thelathini: 30,
  arobaini: 40,
  arubaini: 40,
  hamsini: 50,
  sitini: 60,
  sabini: 70,
  themanini: 80,
  tisini: 90,
};
/** Swahili multipliers come first ("elfu tano" = 5000); "thao" is Sheng for a thousand. */
const SW_MULT: Record<string, number> = {
  mia: 100,
  elfu: 1000,
  thao: 1000,
  laki: 100_000,
  milioni: 1_000_000,
  bilioni: 1_000_000_000,
};
const JOINERS = new Set(['and', 'et', 'na']);
// Ambiguous as words ("un groupe", "a group", "cent" in English): count only next to a scale word.
const ARTICLE_ONE = new Set(['a', 'un', 'une']);

type WordKind = 'small' | 'scale' | 'sw_unit' | 'sw_tens' | 'sw_mult' | 'digits' | 'joiner' | 'article';

function kindOf(t: Token): WordKind | undefined {
  const w = t.text;
  if (t.numeric && /^[0-9]+$/.test(w)) return 'digits';
  if (ARTICLE_ONE.has(w)) return 'article';
  if (w in SW_MULT) return 'sw_mult';
  if (w in SW_UNITS) return 'sw_unit';
  if (w in SW_TENS) return 'sw_tens';
  if (w in EN_FR_SCALE) return 'scale';
  if (w in EN_SMALL || w in FR_SMALL) return 'small';
  if (JOINERS.has(w)) return 'joiner';
  return undefined;
}

function smallValue(w: string): number {
  return EN_SMALL[w] ?? FR_SMALL[w];
}

/** English/French: accumulate ("deux cent mille", "twenty five thousand", "quatre-vingt-dix"). */
function parseEnFr(tokens: Token[], i: number): { value: Decimal; next: number } | undefined {
  let total = 0n;
  let current = 0n;
  let lastScale = Number.POSITIVE_INFINITY;
  let any = false;
  let lastSmall = -1; // value of the previous small word, to stop at "five five"
  let j = i;
  for (; j < tokens.length; j++) {
    const t = tokens[j];
    const k = kindOf(t);
    const w = t.text;
    if (k === 'article') {
      const nk = j + 1 < tokens.length ? kindOf(tokens[j + 1]) : undefined;
      if (nk === 'scale' && !any) {
        current = 1n;
        any = true;
        lastSmall = 1;
        continue;
      }
      // "vingt et un", "trente et une"
      if ((w === 'un' || w === 'une') && any && lastSmall >= 20 && lastSmall % 10 === 0) {
        current += 1n;
        lastSmall = 1;
        continue;
      }
      if ((w === 'un' || w === 'une') && !any && (nk === 'small' || nk === undefined)) {
        // "un" alone is a number only when it is the whole message or the last word of a count
        break;
      }
      break;
    }
    if (k === 'joiner') {
      const nt = tokens[j + 1];
      const nk = nt ? kindOf(nt) : undefined;
      if (any && (nk === 'small' || (nk === 'article' && nt.text !== 'a'))) continue;
      break;
    }
    if (k === 'small') {
      let v = smallValue(w);
      // quatre-vingt(s) = 80
      if (w === 'quatre' && tokens[j + 1] && /^vingts?$/.test(tokens[j + 1].text)) {
        v = 80;
        j++;
      }
      if (any && lastSmall >= 0) {
        // allowed: tens followed by a unit or a teen in French ("soixante-dix", "quatre-vingt-dix-sept")
        const tensThenUnit = lastSmall >= 20 && lastSmall % 10 === 0 && v < 20;
        const dixSept = lastSmall === 10 && v >= 7 && v <= 9 && current % 100n >= 70n;
        const dixSeptPlain = lastSmall === 10 && v >= 7 && v <= 9;
        if (!(tensThenUnit || dixSept || dixSeptPlain)) break;
      }
      current += BigInt(v);
      lastSmall = v;
      any = true;
      continue;
    }
    if (k === 'scale') {
      const s = EN_FR_SCALE[w];
      if (s === 100) {
        if (current % 100n !== 0n || current >= 100n) {
          if (current >= 100n) break;
        }
        current = (current === 0n ? 1n : current) * 100n;
      } else {
        if (s >= lastScale) break;
        total += (current === 0n ? 1n : current) * BigInt(s);
        current = 0n;
        lastScale = s;
      }
      any = true;
      lastSmall = -1;
      continue;
    }
    break;
  }
  if (!any) return undefined;
  // trailing joiner/article not consumed
  return { value: dec(total + current), next: j };
}

/** Count after a Swahili multiplier: digits, "kumi na tano", "mia tano". */
function parseSwCount(tokens: Token[], i: number, limit: number): { value: Decimal; next: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const k = kindOf(t);
  if (k === 'digits') return { value: decFromString(t.text), next: i + 1 };
  let value = 0n;
  let j = i;
  if (k === 'sw_mult' && SW_MULT[t.text] < limit) {
    const inner = parseSwCount(tokens, i + 1, SW_MULT[t.text]);
    const mult = BigInt(SW_MULT[t.text]);
    if (inner) {
      value = mult * inner.value.n;
      j = inner.next;
    } else {
      value = mult;
      j = i + 1;
    }
    // "elfu mia tano" = 500 000: after a nested multiplier we are done
    return { value: dec(value), next: j };
  }
  if (k === 'sw_tens') {
    value = BigInt(SW_TENS[t.text]);
    j = i + 1;
    if (tokens[j]?.text === 'na' && tokens[j + 1] && kindOf(tokens[j + 1]) === 'sw_unit') {
      value += BigInt(SW_UNITS[tokens[j + 1].text]);
      j += 2;
    }
    return { value: dec(value), next: j };
  }
  if (k === 'sw_unit') return { value: dec(SW_UNITS[t.text]), next: i + 1 };
  return undefined;
}

/** Kiswahili: multiplier first, "na" joins decreasing parts ("elfu mbili na mia tano" = 2500). */
function parseSw(tokens: Token[], i: number): { value: Decimal; next: number } | undefined {
  let total = dec(0);
  let lastMag = Number.POSITIVE_INFINITY;
  let any = false;
  let j = i;
  while (j < tokens.length) {
    let at = j;
    if (any) {
      if (tokens[at]?.text === 'na') at++;
      else if (!(tokens[at] && kindOf(tokens[at]) === 'sw_mult')) break;
    }
    const t = tokens[at];
    if (!t) break;
    const k = kindOf(t);
    let term: { value: Decimal; next: number } | undefined;
    let mag: number;
    if (k === 'sw_mult') {
      mag = SW_MULT[t.text];
      if (mag >= lastMag) break;
      const count = parseSwCount(tokens, at + 1, mag);
      term = count ? { value: decMul(count.value, dec(mag)), next: count.next } : { value: dec(mag), next: at + 1 };
    } else if (k === 'sw_tens' || k === 'sw_unit') {
      if (any && lastMag <= 10) break;
      term = parseSwCount(tokens, at, 10);
      mag = k === 'sw_tens' ? 10 : 1;
    } else break;
    if (!term) break;
    total = decAdd(total, term.value);
    lastMag = mag;
    any = true;
    j = term.next;
  }
  return any ? { value: total, next: j } : undefined;
}

// ---------------------------------------------------------------- digits

const DIGIT_RE =
  /(?<![0-9+:/]|[0-9][.,])([0-9]+(?:(?:[.,](?=[0-9]))[0-9]+|(?: (?=[0-9]{3}(?![0-9.,]?[0-9])))[0-9]{3})*)(?:\s?(thousand|thao|millions?|milioni|milliards?|mille|mil|mio|mn|m|bn|billion|elfu|k))?(?![0-9])/g;

// Currency codes written against the digits ("KES5000", "20000fc", "500bob").
const GLUED_CURRENCY = /^(?:kes|kshs?|tshs?|tzs|ushs?|ugx|cdf|usd|xaf|xof|rwf|frw|fcfa|fc|shs?|bob|cfa)(?![a-z])/;

const SUFFIX_MULT: Record<string, bigint> = {
  k: 1000n,
  thao: 1000n,
  thousand: 1000n,
  mille: 1000n,
  elfu: 1000n,
  m: 1_000_000n,
  mn: 1_000_000n,
  mio: 1_000_000n,
  million: 1_000_000n,
  millions: 1_000_000n,
  milioni: 1_000_000n,
  mil: 1_000_000n,
  bn: 1_000_000_000n,
  billion: 1_000_000_000n,
  milliard: 1_000_000_000n,
  milliards: 1_000_000_000n,
};

/** Interpret a run of digits with separators: "20 000", "20,000", "20.000", "2,500.50", "1,5". */
export function parseDigitGroup(chunk: string): Decimal | undefined {
  let s = chunk.replace(/ /g, '');
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas && dots) {
    const decimalSep = s.lastIndexOf(',') > s.lastIndexOf('.') ? ',' : '.';
    const thousandsSep = decimalSep === ',' ? '.' : ',';
    s = s.split(thousandsSep).join('');
    s = s.replace(decimalSep, '.');
  } else if (commas + dots > 0) {
    const sep = commas ? ',' : '.';
    const parts = s.split(sep);
    const groupsOf3 = parts.slice(1).every((p) => p.length === 3) && parts[0].length <= 3 && parts[0] !== '0';
    if (parts.length > 2 || groupsOf3) {
      if (!groupsOf3) return undefined;
      s = parts.join('');
    } else s = parts.join('.');
  }
  if (!/^[0-9]+(\.[0-9]+)?$/.test(s)) return undefined;
  return decFromString(s);
}

/** Numbers written with digits; phone numbers, times and dates ("15/03") are skipped. */
function findDigitNumbers(folded: string): NumberSpan[] {
  const spans: NumberSpan[] = [];
  for (const m of folded.matchAll(DIGIT_RE)) {
    const start = m.index ?? 0;
    const chunk = m[1];
    // letters glued before: only a currency code ("KES5000"), or a single letter is not allowed either
    const before = folded.slice(Math.max(0, start - 5), start);
    if (/[a-z]$/.test(before) && !/(?:^|[^a-z])(?:kes|kshs?|tshs?|tzs|ushs?|ugx|cdf|usd|xaf|xof|rwf|frw|fcfa|fc|shs?|bob|cfa)$/.test(before)) continue;
    let suffix: string | undefined = m[2];
    let matchEnd = start + m[0].length;
    if (suffix) {
      // the "suffix" may really start a word ("20 members", "5000ksh", "5kg"): then drop it
      const suffixStart = matchEnd - suffix.length;
      if (/[a-z]/.test(folded[matchEnd] ?? '') || GLUED_CURRENCY.test(folded.slice(suffixStart))) {
        suffix = undefined;
        matchEnd = start + m[1].length;
      }
    }
    // letters glued after: only a currency code ("5000kes"), else this is not a number ("2nd")
    if (/[a-z]/.test(folded[matchEnd] ?? '') && !GLUED_CURRENCY.test(folded.slice(matchEnd))) continue;
    if (suffix && /^(?:k|m|mn|bn|mio)$/.test(suffix) && /\s/.test(folded[matchEnd - suffix.length - 1])) {
      // "5 m" is too ambiguous (minutes, months); only "5m", "5k" glued count as multipliers
      matchEnd -= suffix.length;
      while (/\s/.test(folded[matchEnd - 1])) matchEnd--;
      suffix = undefined;
    }
    const digitsOnly = chunk.replace(/[^0-9]/g, '');
    // phone numbers: 9+ digits starting with 0, or any run of 10+ digits without separators
    if (/^0[0-9]{8,}$/.test(chunk.replace(/ /g, '')) || /^[0-9]{10,}$/.test(chunk)) continue;
    if (digitsOnly.length > 15) continue;
    // "15/03" and "10:30" are dates and times; "5000/=" and "5000/-" are amounts
    const after = folded.slice(matchEnd, matchEnd + 2);
    if (/^[/:][0-9]/.test(after)) continue;
    let value = parseDigitGroup(chunk);
    if (!value) continue;
    if (suffix) value = decMul(value, dec(SUFFIX_MULT[suffix]));
    spans.push({ value: decToString(value), start, end: matchEnd, raw: folded.slice(start, matchEnd), kind: 'digits' });
  }
  return spans;
}

/** Every number in a text, digits and words, in order of appearance. */
export function findNumbers(text: string): NumberSpan[] {
  const folded = fold(text);
  const digitSpans = findDigitNumbers(folded).map((s) => ({ ...s, raw: text.slice(s.start, s.end) }));
  const covered = (pos: number) => digitSpans.some((s) => pos >= s.start && pos < s.end);
  const tokens = tokenize(folded);
  const wordSpans: NumberSpan[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i];
    const k = kindOf(t);
    if (covered(t.start) || k === undefined || k === 'joiner') {
      i++;
      continue;
    }
    let parsed: { value: Decimal; next: number } | undefined;
    if (k === 'sw_mult' || k === 'sw_unit' || k === 'sw_tens') parsed = parseSw(tokens, i);
    else if (k === 'digits') {
      // a digit count followed by a scale word handled by DIGIT_RE; a Swahili multiplier before
      // digits ("elfu 5") is handled by parseSw. Bare digits are already covered.
      i++;
      continue;
    } else parsed = parseEnFr(tokens, i);
    if (!parsed || parsed.next <= i) {
      // "un"/"une" as a whole message is the number one
      if (k === 'article' && t.text !== 'a' && tokens.length === 1) {
        wordSpans.push({ value: '1', start: t.start, end: t.end, raw: text.slice(t.start, t.end), kind: 'words' });
      }
      i++;
      continue;
    }
    const last = tokens[parsed.next - 1];
    wordSpans.push({
      value: decToString(parsed.value),
      start: t.start,
      end: last.end,
      raw: text.slice(t.start, last.end),
      kind: 'words',
    });
    i = parsed.next;
  }
  // "elfu 5" produced a word span that overlaps the digit span "5": keep the longer one
  const all = [...wordSpans, ...digitSpans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NumberSpan[] = [];
  for (const s of all) {
    const prev = out[out.length - 1];
    if (prev && s.start < prev.end) {
      if (s.end - s.start > prev.end - prev.start) out[out.length - 1] = s;
      continue;
    }
    out.push(s);
  }
  return out;
}

/** The first number in a text as a decimal string, or undefined. */
export function parseNumber(text: string): string | undefined {
  return findNumbers(text)[0]?.value;
}
