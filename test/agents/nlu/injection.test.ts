// Prompt-injection and role-claim detection in en/fr/sw.
import { describe, expect, it } from 'vitest';
import { detectInjection } from '../../../agents/local/nlu/injection.ts';
import { INJECTION_NEGATIVE, INJECTION_POSITIVE } from './fixtures/injection.ts';

describe('detectInjection', () => {
  it.each(INJECTION_POSITIVE)('flags: %s', (text) => {
    const r = detectInjection(text);
    expect(r.flagged).toBe(true);
    expect(r.score).toBeGreaterThan(0.5);
    expect(r.kinds.length).toBeGreaterThan(0);
  });
  it.each(INJECTION_NEGATIVE)('does not flag: %s', (text) => {
    expect(detectInjection(text).flagged).toBe(false);
  });
});
