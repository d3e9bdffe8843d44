// A brand-new number that arrives through an invite link ("JOIN <code>" is its first message) is
// onboarded first and then lands straight in the join step — the code is not lost to onboarding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers.ts';

const ORGANIZER = '+254700000601';
const NEWCOMER = '+254700000602';

describe('invite link for someone not yet on Likelemba', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.setClock('2026-11-26T08:00:00Z');
    await h.onboard(ORGANIZER, '1', 'Amina', '4821');
  });
  afterAll(async () => h?.close());

  it('onboards the newcomer, then shows the invitation to AGREE to', async () => {
    await h.converse(ORGANIZER, 'Create a group for 2 people, weekly, 5000 KES starting next Friday');
    await h.converse(ORGANIZER, 'Mama Mboga');
    await h.converse(ORGANIZER, 'random');
    const created = await h.converse(ORGANIZER, 'CONFIRM');
    const code = /JOIN%20([A-Z2-9]{6})/.exec(created)?.[1] ?? '';
    expect(code).toHaveLength(6);

    expect(await h.converse(NEWCOMER, `JOIN ${code}`)).toMatch(/Welcome to \*Likelemba\*/);
    await h.converse(NEWCOMER, '3');
    await h.converse(NEWCOMER, 'Zawadi');
    await h.converse(NEWCOMER, '7351');
    const before = h.fake.calls.length;
    await h.say(NEWCOMER, '7351');
    await expect.poll(() => h.textsTo(NEWCOMER, before).length, { timeout: 15_000 }).toBe(2);
    const [pinSet, invited] = h.textsTo(NEWCOMER, before);
    expect(pinSet).toContain('Zawadi');
    expect(invited).toContain('Mama Mboga');
    // The join step is live: AGREE (in Kiswahili) adds the newcomer and tells the organizer.
    expect(await h.converse(NEWCOMER, 'NAKUBALI')).toContain('Mama Mboga');
    await h.settle();
    expect(h.textsTo(ORGANIZER).some((x) => x.includes('Zawadi'))).toBe(true);
  });
});
