import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, allocate, compare, formatMoney, money, parseMoney, percentOf, sub, toDecimalString } from '../../core/money.ts';

describe('money', () => {
  it('parses decimal strings per currency exponent and locale', () => {
    expect(parseMoney('2,500.50', 'KES').minor).toBe(250050n);
    expect(parseMoney('2 500,50', 'KES', 'fr').minor).toBe(250050n);
    expect(parseMoney('50000', 'UGX').minor).toBe(50000n);
    expect(() => parseMoney('10.5', 'XOF')).toThrow(/0 decimal places/);
    expect(() => parseMoney('1.234', 'USD')).toThrow(/2 decimal places/);
    expect(() => parseMoney('abc', 'KES')).toThrow();
  });
  it('formats through Intl per locale without floats', () => {
    expect(formatMoney(money('KES', 250050n), 'en')).toMatch(/2,500\.50/);
    expect(formatMoney(money('XOF', 2500n), 'fr')).toMatch(/2\s?500/);
    expect(formatMoney(money('USD', 900719925474099312n), 'en')).toContain('9,007,199,254,740,993.12');
    expect(toDecimalString(money('KES', -5n))).toBe('-0.05');
  });
  it('refuses to mix currencies', () => {
    expect(() => add(money('KES', 1n), money('UGX', 1n))).toThrow(/currency mismatch/);
    expect(compare(money('KES', 1n), money('KES', 2n))).toBe(-1);
    expect(sub(money('KES', 5n), money('KES', 7n)).minor).toBe(-2n);
    expect(percentOf(money('KES', 999n), 150).minor).toBe(14n);
  });
  it('allocates without losing or creating a minor unit', () => {
    expect(allocate(money('KES', 100n), [1, 1, 1]).map((m) => m.minor)).toEqual([34n, 33n, 33n]);
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (minor, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const parts = allocate(money('UGX', minor), weights);
          expect(parts.reduce((s, p) => s + p.minor, 0n)).toBe(minor);
        },
      ),
    );
  });
});
