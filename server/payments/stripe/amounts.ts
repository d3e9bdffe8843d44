// Domain money ↔ Stripe amounts: Stripe's own per-currency unit (zero-decimal list), lowercase codes.
import { exponentOf, type Money } from '../money.ts';

const ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);

function stripeExponent(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

export function toStripeAmount(m: Money): { amount: number; currency: string } {
  const iso = exponentOf(m.currency);
  const s = stripeExponent(m.currency);
  let amount: bigint;
  if (s >= iso) amount = m.minor * 10n ** BigInt(s - iso);
  else {
    const unit = 10n ** BigInt(iso - s);
    if (m.minor % unit !== 0n) throw new Error(`${m.currency} ${m.minor} not representable in Stripe units`);
    amount = m.minor / unit;
  }
  if (amount > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('amount too large');
  return { amount: Number(amount), currency: m.currency.toLowerCase() };
}

export function fromStripeAmount(amount: number, currency: string): Money {
  const code = currency.toUpperCase();
  const iso = exponentOf(code);
  const s = stripeExponent(code);
  const a = BigInt(amount);
  const minor = iso >= s ? a * 10n ** BigInt(iso - s) : a / 10n ** BigInt(s - iso);
  return { currency: code, minor };
}
