// A seeded PRNG (sfc32 seeded through splitmix32): the simulator's only source of randomness.
import type { RandomSource } from '../ids.ts';

export type Prng = RandomSource & { next(): number; int(min: number, max: number): number; chance(p: number): boolean; pick<T>(xs: readonly T[]): T };

export function createPrng(seed: number): Prng {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  const next = () => u32() / 2 ** 32;
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    fill(bytes) {
      for (let i = 0; i < bytes.length; i++) bytes[i] = u32() & 0xff;
    },
  };
}
