import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../core/clock.ts';
import { createIdFactory, idTime, isId, newId } from '../../core/ids.ts';
import { createPrng } from '../../core/sim/prng.ts';

describe('ids', () => {
  it('are prefixed, sortable and carry their time', () => {
    const id = newId('grp');
    expect(isId(id, 'grp')).toBe(true);
    expect(id).toMatch(/^grp_[0-9A-HJKMNP-TV-Z]{26}$/);
    const clock = createTestClock('2026-03-01T00:00:00.000Z');
    const f = createIdFactory({ clock, random: createPrng(1) });
    const a = Array.from({ length: 100 }, () => f.newId('evt'));
    expect([...a].sort()).toEqual(a);
    expect(idTime(a[0]).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
  it('replay exactly from a seed and clock', () => {
    const make = () => createIdFactory({ clock: createTestClock(), random: createPrng(7) });
    const x = make(),
      y = make();
    expect([x.newId('usr'), x.newId('usr')]).toEqual([y.newId('usr'), y.newId('usr')]);
  });
});
