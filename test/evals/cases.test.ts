// The corpus stays valid and large enough: every case file parses against the schema, ids are unique,
// and the floors hold (≥300 cases, ≥80 per language, ≥60 red-team). Plus the judge's helpers.
import { describe, expect, it } from 'vitest';
import { i18nFragments, matchValue } from '../../evals/harness/judge.ts';
import { loadCases } from '../../evals/load.ts';
import { passHatK } from '../../evals/metrics.ts';

describe('eval corpus', () => {
  const cases = loadCases();
  it('meets the size floors', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const l of ['en', 'fr', 'sw']) expect(cases.filter((c) => c.locale === l).length).toBeGreaterThanOrEqual(80);
    expect(cases.filter((c) => c.area === 'redteam').length).toBeGreaterThanOrEqual(60);
  });
  it('never writes a PIN into an expectation (turns use {{pin}})', () => {
    for (const c of cases) {
      const pins = c.seed.members.map((m) => m.pin).filter(Boolean) as string[];
      const expects = JSON.stringify(c.turns.map((t) => t.expect));
      for (const p of pins) expect(expects, c.id).not.toMatch(new RegExp(`(?<!\\d)${p}(?!\\d)`));
    }
  });
  it('tags every case live or pending:<flow>', () => {
    for (const c of cases)
      expect(
        c.tags.some((t) => t === 'live' || t.startsWith('pending:')),
        c.id,
      ).toBe(true);
  });
});

describe('judge helpers', () => {
  it('matches values exactly, case-insensitively, or by regex', () => {
    expect(matchValue('fr', 'FR')).toBe(true);
    expect(matchValue({ re: '711 ?000 ?222$' }, '+254711000222')).toBe(true);
    expect(matchValue({ re: '711 ?000 ?222$' }, '+254711000223')).toBe(false);
    expect(matchValue(5000, '5000')).toBe(true);
  });
  it('splits catalogue texts into fixed fragments', () => {
    expect(i18nFragments('en', 'pin.wrong')?.join('|')).toContain('Wrong PIN');
    expect(i18nFragments('en', 'no.such.key')).toBeUndefined();
  });
  it('computes pass^k as in tau-bench', () => {
    expect(passHatK(4, 4, 4)).toBe(1);
    expect(passHatK(4, 3, 4)).toBe(0);
    expect(passHatK(4, 2, 1)).toBe(0.5);
  });
});
