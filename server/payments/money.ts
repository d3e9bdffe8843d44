// Money at the payments boundary: exact decimal conversions for provider wire formats, on top of
// core/money.ts (`{ currency, minor: bigint }` and the ISO exponent table).
import { exponentOf as coreExponentOf, type Money } from '../../core/money.ts';

export type { Money } from '../../core/money.ts';

export function exponentOf(currency: string): number {
  return coreExponentOf(currency.toUpperCase());
}

/** "25000.00" / 2000 / "123.5" → minor units, exactly; rejects digits beyond the currency's exponent. */
export function decimalToMinor(value: string | number, currency: string): bigint {
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`bad amount ${text}`);
  const exp = exponentOf(currency);
  const frac = m[2] ?? '';
  if (frac.length > exp && /[^0]/.test(frac.slice(exp))) throw new Error(`too many decimals for ${currency}: ${text}`);
  const fracDigits = (frac + '0'.repeat(exp)).slice(0, exp);
  return BigInt(m[1]) * 10n ** BigInt(exp) + (exp ? BigInt(fracDigits) : 0n);
}

// JSON numbers from providers (Daraja's 2000.00 arrives as 2000); String() is exact for these.
function numberText(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new Error(`bad amount ${n}`);
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/**
 * Minor units → decimal string with at most `maxDecimals` (default: the currency's exponent),
 * dropping a zero fraction ("25000" not "25000.00"); throws if not representable.
 */
export function minorToDecimal(money: Money, maxDecimals?: number): string {
  const exp = exponentOf(money.currency);
  if (money.minor < 0n) throw new Error('negative amount');
  const unit = 10n ** BigInt(exp);
  const whole = money.minor / unit;
  const frac = money.minor % unit;
  if (frac === 0n) return whole.toString();
  const digits = frac.toString().padStart(exp, '0').replace(/0+$/, '');
  if (digits.length > (maxDecimals ?? exp)) throw new Error(`${money.currency} ${money.minor} not representable with ${maxDecimals} decimals`);
  return `${whole}.${digits}`;
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.currency.toUpperCase() === b.currency.toUpperCase() && a.minor === b.minor;
}
