// Money as integer minor units of one ISO 4217 currency. No floats: parsing, arithmetic, allocation and
// formatting all work on bigint (formatting hands Intl an exact decimal string).
export type Money = { readonly currency: string; readonly minor: bigint };

/** ISO 4217 minor-unit exponents of the currencies we serve (and a few neighbours). */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  KES: 2,
  TZS: 2,
  CDF: 2,
  USD: 2,
  EUR: 2,
  GBP: 2,
  GHS: 2,
  ZMW: 2,
  NGN: 2,
  ZAR: 2,
  MWK: 2,
  ETB: 2,
  MZN: 2,
  EGP: 2,
  MAD: 2,
  SSP: 2,
  UGX: 0,
  XAF: 0,
  XOF: 0,
  RWF: 0,
  BIF: 0,
  GNF: 0,
  KMF: 0,
  DJF: 0,
});

export type MoneyLocale = 'en' | 'fr' | 'sw';

export class MoneyError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'MoneyError';
  }
}

export function isCurrency(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

export function exponentOf(currency: string): number {
  if (!isCurrency(currency)) throw new MoneyError('currency_unknown', `unknown currency: ${currency}`);
  return CURRENCY_EXPONENTS[currency];
}

export function money(currency: string, minor: bigint | number | string): Money {
  exponentOf(currency);
  let value: bigint;
  if (typeof minor === 'bigint') value = minor;
  else if (typeof minor === 'number') {
    if (!Number.isSafeInteger(minor)) throw new MoneyError('amount_invalid', `minor units must be a safe integer: ${minor}`);
    value = BigInt(minor);
  } else {
    if (!/^-?\d+$/.test(minor)) throw new MoneyError('amount_invalid', `minor units must be an integer: ${minor}`);
    value = BigInt(minor);
  }
  return Object.freeze({ currency, minor: value });
}

export function zero(currency: string): Money {
  return money(currency, 0n);
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError('currency_mismatch', `currency mismatch: ${a.currency} vs ${b.currency}`);
  }
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.currency, a.minor + b.minor);
}

export function sub(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.currency, a.minor - b.minor);
}

export function negate(a: Money): Money {
  return money(a.currency, -a.minor);
}

/** -1, 0 or 1. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.minor === b.minor;
}

export function isZero(a: Money): boolean {
  return a.minor === 0n;
}

export function isNegative(a: Money): boolean {
  return a.minor < 0n;
}

/** `basis_points` of an amount, rounded down (fees never round up against the member). */
export function percentOf(a: Money, basis_points: number): Money {
  if (!Number.isSafeInteger(basis_points) || basis_points < 0 || basis_points > 10_000) {
    throw new MoneyError('rate_invalid', `basis points must be an integer in 0..10000: ${basis_points}`);
  }
  return money(a.currency, (a.minor * BigInt(basis_points)) / 10_000n);
}

/**
 * Splits an amount by integer weights without losing a minor unit: each part gets its floor share, then
 * the leftover units go one each to the largest remainders (ties to the earlier part).
 */
export function allocate(a: Money, weights: readonly (number | bigint)[]): Money[] {
  const parts_max = 10_000;
  if (weights.length === 0 || weights.length > parts_max) {
    throw new MoneyError('weights_invalid', `between 1 and ${parts_max} weights, got ${weights.length}`);
  }
  const w = weights.map((x) => {
    if (typeof x === 'number' && !Number.isSafeInteger(x)) throw new MoneyError('weights_invalid', `weight ${x} is not an integer`);
    const v = BigInt(x);
    if (v < 0n) throw new MoneyError('weights_invalid', `weight ${x} is negative`);
    return v;
  });
  const total_weight = w.reduce((s, x) => s + x, 0n);
  if (total_weight === 0n) throw new MoneyError('weights_invalid', 'weights sum to zero');
  const sign = a.minor < 0n ? -1n : 1n;
  const total = a.minor * sign;
  const shares = w.map((x) => (total * x) / total_weight);
  const remainders = w.map((x, i) => ({ i, r: (total * x) % total_weight }));
  let leftover = total - shares.reduce((s, x) => s + x, 0n);
  remainders.sort((p, q) => (p.r === q.r ? p.i - q.i : p.r > q.r ? -1 : 1));
  for (let k = 0; leftover > 0n; k++) {
    shares[remainders[k].i] += 1n;
    leftover -= 1n;
  }
  const parts = shares.map((s) => money(a.currency, s * sign));
  // Postcondition: nothing created, nothing lost.
  if (parts.reduce((s, p) => s + p.minor, 0n) !== a.minor) throw new Error('allocate lost a minor unit');
  return parts;
}

/** Splits into `n` near-equal parts (the first parts carry the odd units). */
export function split(a: Money, n: number): Money[] {
  return allocate(a, new Array<number>(n).fill(1));
}

const DECIMAL_SEPARATOR: Record<MoneyLocale, string> = { en: '.', sw: '.', fr: ',' };

/**
 * Parses a human amount in major units ("2,500.50" in en/sw, "2 500,50" in fr) into minor units.
 * Rejects more decimals than the currency has, rather than rounding someone's money.
 */
export function parseMoney(input: string, currency: string, locale: MoneyLocale = 'en'): Money {
  const exponent = exponentOf(currency);
  if (typeof input !== 'string' || input.length === 0 || input.length > 64) {
    throw new MoneyError('amount_invalid', 'amount must be a non-empty string of at most 64 characters');
  }
  const decimal = DECIMAL_SEPARATOR[locale] ?? '.';
  let s = input.trim().replace(new RegExp(`^${currency}\\s*|\\s*${currency}$`, 'i'), '');
  // Group separators: spaces of any kind, and the separator that is not the decimal one.
  s = s.replace(/[\s\u00a0\u202f_']/g, '');
  s = s.split(decimal === '.' ? ',' : '.').join('');
  if (decimal === ',') s = s.replace(',', '.');
  const m = /^(-)?(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new MoneyError('amount_invalid', `not an amount: ${input}`);
  const fraction = m[3] ?? '';
  if (fraction.length > exponent) {
    throw new MoneyError('amount_precision', `${currency} has ${exponent} decimal places: ${input}`);
  }
  const minor = BigInt(m[2] + fraction.padEnd(exponent, '0'));
  return money(currency, m[1] ? -minor : minor);
}

/** The exact decimal string in major units: 250050n KES → "2500.50". */
export function toDecimalString(a: Money): string {
  const exponent = exponentOf(a.currency);
  const negative = a.minor < 0n;
  const digits = (negative ? -a.minor : a.minor).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** Localized display ("KES 2,500.50", "2 500 FCFA", …) through Intl, fed an exact decimal string. */
export function formatMoney(a: Money, locale: MoneyLocale | string = 'en'): string {
  const exponent = exponentOf(a.currency);
  const key = `${locale}:${a.currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: a.currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formatters.set(key, f);
  }
  // Intl accepts a decimal string and formats it exactly (no float conversion).
  return f.format(toDecimalString(a) as unknown as number);
}
