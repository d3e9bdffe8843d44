// Honest accuracy on paraphrases the lexicon was not tuned on: floors per language, and misses must
// mostly be "unknown" (the caller asks) rather than a confident wrong intent.
import { describe, expect, it } from 'vitest';
import { classify } from '../../../agents/local/nlu/intents.ts';
import { HELDOUT_CASES } from './fixtures/heldout.ts';

const FLOORS = { en: 0.75, fr: 0.55, sw: 0.75 } as const;

describe('held-out paraphrases', () => {
  const results = HELDOUT_CASES.map((c) => ({ c, got: classify(c.text).intent }));
  for (const lang of ['en', 'fr', 'sw'] as const) {
    it(`${lang} accuracy stays above ${FLOORS[lang]}`, () => {
      const mine = results.filter((r) => r.c.lang === lang);
      const right = mine.filter((r) => r.got === r.c.intent).length;
      expect(right / mine.length).toBeGreaterThanOrEqual(FLOORS[lang]);
    });
  }
  it('confidently wrong answers stay rare (misses fall back to unknown)', () => {
    const wrong = results.filter((r) => r.got !== r.c.intent && r.got !== 'unknown');
    expect(wrong.length / results.length).toBeLessThanOrEqual(0.05);
  });
});
