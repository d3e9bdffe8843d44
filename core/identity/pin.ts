// PINs: 4–6 digits, stored only as argon2id hashes. Lockout after pin_attempts_max failures.
import { hash, verify } from '@node-rs/argon2';

export const pin_attempts_max = 5;
export const pin_lockout_minutes = 15;

export function looksLikePin(text: string): boolean {
  return /^\s*\d{4,6}\s*$/.test(text);
}

export function isAcceptablePin(pin: string): boolean {
  if (!/^\d{4,6}$/.test(pin)) return false;
  // Refuse the guessable ones: all the same digit, or a straight run up or down.
  if (/^(\d)\1+$/.test(pin)) return false;
  const d = [...pin].map(Number);
  const up = d.every((x, i) => i === 0 || x === (d[i - 1] + 1) % 10);
  const down = d.every((x, i) => i === 0 || x === (d[i - 1] + 9) % 10);
  return !(up || down);
}

// algorithm 2 = argon2id; OWASP's second recommended profile (19 MiB, t=2, p=1).
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPin(pin: string): Promise<string> {
  return hash(pin.trim(), OPTIONS);
}

export function verifyPin(pinHash: string, pin: string): Promise<boolean> {
  return verify(pinHash, pin.trim()).catch(() => false);
}
