// Group rules: validation, defaults from the organizer's country, JSON round trip.
import { describe, expect, it } from 'vitest';
import { countryDefaults, countryFromE164, defaultsForPhone, parseGroupRules, potOf, rulesFromJson, rulesToJson } from '../../../core/rosca/index.ts';

const base = {
  name: 'Family Circle',
  contribution: { currency: 'KES', minor: 500_000n },
  frequency: 'weekly',
  startDate: '2026-12-04',
  timeZone: 'Africa/Nairobi',
  membersCount: 10,
  payoutOrder: 'random',
};

describe('group rules', () => {
  it('accept valid rules and fill defaults', () => {
    const r = parseGroupRules(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rules.dueHour).toBe(18);
    expect(r.rules.quorumPercent).toBe(100);
    expect(r.rules.lateFee).toEqual({ kind: 'none' });
    expect(r.rules.graceDays).toBe(0);
    expect(r.rules.platformFeeBps).toBe(0);
    expect(r.rules.auctionMaxDiscountBps).toBe(3000);
    expect(potOf(r.rules)).toEqual({ currency: 'KES', minor: 5_000_000n });
  });

  it('take the time zone and currency from the country', () => {
    const { timeZone: _tz, ...noZone } = base;
    const r = parseGroupRules({ ...noZone, contribution: { minor: 2_000_000n } }, { country: 'CD' });
    expect(r.ok && r.rules.timeZone).toBe('Africa/Kinshasa');
    expect(r.ok && r.rules.contribution.currency).toBe('CDF');
    expect(countryDefaults('TZ')).toEqual({ currency: 'TZS', timeZone: 'Africa/Dar_es_Salaam' });
    expect(countryDefaults('UG')?.currency).toBe('UGX');
    expect(countryDefaults('RW')).toEqual({ currency: 'RWF', timeZone: 'Africa/Kigali' });
    expect(countryDefaults('XX')).toBeNull();
    expect(countryFromE164('+255712345678')).toBe('TZ');
    expect(defaultsForPhone('+243812345678')?.currency).toBe('CDF');
    expect(defaultsForPhone('+254712345678')?.timeZone).toBe('Africa/Nairobi');
  });

  it('name the field at fault', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ membersCount: 1 }, 'membersCount'],
      [{ membersCount: 51 }, 'membersCount'],
      [{ startDate: '2026-02-30' }, 'startDate'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ contribution: { currency: 'KES', minor: 0n } }, 'contribution.minor'],
      [{ contribution: { currency: 'ABC', minor: 100n } }, 'contribution.currency'],
      [{ frequency: 'daily' }, 'frequency'],
      [{ payoutOrder: 'seniority' }, 'payoutOrder'],
      [{ quorumPercent: 40 }, 'quorumPercent'],
      [{ graceDays: 31 }, 'graceDays'],
      [{ lateFee: { kind: 'percent', bps: 6000 } }, 'lateFee.bps'],
      [{ lateFee: { kind: 'fixed', minor: 600_000n } }, 'lateFee.minor'],
      [{ auctionMaxDiscountBps: 3500 }, 'auctionMaxDiscountBps'],
      [{ name: 'x' }, 'name'],
    ];
    for (const [patch, field] of cases) {
      const r = parseGroupRules({ ...base, ...patch });
      expect(r.ok, field).toBe(false);
      if (!r.ok)
        expect(
          r.issues.map((i) => i.field),
          JSON.stringify(patch, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
        ).toContain(field);
    }
  });

  it('round-trip through JSON with bigints as strings', () => {
    const r = parseGroupRules({ ...base, lateFee: { kind: 'fixed', minor: 20_000n, per: 'day' } });
    if (!r.ok) throw new Error('invalid');
    const json = JSON.parse(JSON.stringify(rulesToJson(r.rules)));
    expect(json.contribution.minor).toBe('500000');
    expect(rulesFromJson(json)).toEqual(r.rules);
  });
});
