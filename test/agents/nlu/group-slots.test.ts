// One-sentence group creation and corrections.
import { describe, expect, it } from 'vitest';
import { extractCorrection, extractGroupSlots, isCorrection } from '../../../agents/local/nlu/group-slots.ts';
import { CORRECTION_CASES, GROUP_CASES, GROUP_NOW, GROUP_TZ } from './fixtures/groups.ts';

const now = new Date(GROUP_NOW);

describe('extractGroupSlots', () => {
  it.each(GROUP_CASES.map((c) => [c.text, c] as const))('%s', (_t, c) => {
    const slots = extractGroupSlots(c.text, { now, timeZone: GROUP_TZ, defaultCurrency: c.defaultCurrency });
    expect(slots).toEqual(c.expect);
  });

  it('never takes a head count, a date or a frequency number as the amount', () => {
    const s = extractGroupSlots('kikundi cha watu 6 kila wiki mbili kuanzia tarehe 5', { now, timeZone: GROUP_TZ });
    expect(s.amount).toBeUndefined();
    expect(s.membersCount).toBe(6);
    expect(s.frequency).toBe('biweekly');
  });
});

describe('extractCorrection', () => {
  it.each(CORRECTION_CASES.map((c) => [c.text, c] as const))('%s', (_t, c) => {
    const slots = extractCorrection(c.text, { now, timeZone: GROUP_TZ, defaultCurrency: 'KES', lastAsked: c.lastAsked });
    expect(slots).toEqual(c.expect);
  });

  it('recognises correction phrasing in three languages', () => {
    for (const t of ['actually 12 people', 'non, mensuel', 'badala yake watu 8', 'make it 6000', 'plutôt 10']) expect(isCorrection(t), t).toBe(true);
    expect(isCorrection('weekly')).toBe(false);
  });
});
