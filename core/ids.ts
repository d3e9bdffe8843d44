// Prefixed, sortable ids (`grp_01J…`): a 48-bit millisecond timestamp and 80 random bits in Crockford
// base32 (ULID layout), monotonic within one millisecond. Clock and random source are injectable so the
// simulator replays exactly.
import { randomFillSync } from 'node:crypto';
import { systemClock, type Clock } from './clock.ts';

/** Fills `bytes` with random bytes; a seeded implementation makes ids deterministic. */
export type RandomSource = { fill(bytes: Uint8Array): void };

export const cryptoRandom: RandomSource = { fill: (bytes) => void randomFillSync(bytes) };

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_MAX_MS = 2 ** 48 - 1;
const PREFIX = /^[a-z][a-z0-9]{1,7}$/;
const BODY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export type IdFactory = { newId(prefix: string): string };

export function createIdFactory(opts: { clock?: Clock; random?: RandomSource } = {}): IdFactory {
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? cryptoRandom;
  let last_ms = -1;
  const last_random = new Uint8Array(10);
  return {
    newId(prefix) {
      if (!PREFIX.test(prefix)) throw new Error(`invalid id prefix: ${prefix}`);
      let now_ms = clock.now().getTime();
      if (!(now_ms >= 0 && now_ms <= TIME_MAX_MS)) throw new Error(`clock out of range: ${now_ms}`);
      if (now_ms <= last_ms) {
        // Same (or an earlier) millisecond: increment the previous randomness so ids stay sorted.
        now_ms = last_ms;
        let i = 9;
        while (i >= 0 && last_random[i] === 255) last_random[i--] = 0;
        if (i < 0) throw new Error('id randomness overflow within one millisecond');
        last_random[i]++;
      } else {
        random.fill(last_random);
        last_ms = now_ms;
      }
      return `${prefix}_${encodeTime(now_ms)}${encodeRandom(last_random)}`;
    },
  };
}

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits = 16 base32 characters.
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

const defaultFactory = createIdFactory();

/** A fresh id with the system clock and crypto randomness: `newId('grp')` → `grp_01J…`. */
export function newId(prefix: string): string {
  return defaultFactory.newId(prefix);
}

export function isId(value: unknown, prefix?: string): value is string {
  if (typeof value !== 'string') return false;
  const at = value.indexOf('_');
  if (at < 0) return false;
  if (prefix !== undefined && value.slice(0, at) !== prefix) return false;
  return PREFIX.test(value.slice(0, at)) && BODY.test(value.slice(at + 1));
}

/** The millisecond an id was minted at. */
export function idTime(id: string): Date {
  if (!isId(id)) throw new Error(`not an id: ${id}`);
  const body = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  let ms = 0;
  for (const ch of body) ms = ms * 32 + ALPHABET.indexOf(ch);
  return new Date(ms);
}
