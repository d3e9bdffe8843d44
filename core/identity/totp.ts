// TOTP (RFC 6238 over RFC 4226 HOTP, HMAC-SHA1, 30 s steps, 6 digits) for platform admins: secret
// generation, the otpauth:// URI an authenticator app enrols from, and verification with a ±1 step
// window that reports the matched step so the caller can refuse a replayed code.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const totp_step_seconds = 30;
export const totp_digits = 6;
export const totp_window_steps = 1; // accept the previous and next code too (clock drift)

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error('invalid base32');
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** 160 random bits, base32 (what authenticator apps expect). */
export function generateTotpSecret(random: (n: number) => Buffer = randomBytes): string {
  return base32Encode(random(20));
}

export function hotp(secret: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** totp_digits;
  return String(code).padStart(totp_digits, '0');
}

export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / totp_step_seconds);
}

export function totpAt(secretBase32: string, at: Date): string {
  return hotp(base32Decode(secretBase32), totpStep(at));
}

/** The matched time step, or null. Constant-time comparison per candidate. */
export function verifyTotp(secretBase32: string, code: string, at: Date, window = totp_window_steps): number | null {
  const c = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(c)) return null;
  const key = base32Decode(secretBase32);
  const now = totpStep(at);
  for (let d = -window; d <= window; d++) {
    const expected = Buffer.from(hotp(key, now + d));
    if (timingSafeEqual(expected, Buffer.from(c))) return now + d;
  }
  return null;
}

export function otpauthUri(secretBase32: string, account: string, issuer = 'Likelemba'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${totp_digits}&period=${totp_step_seconds}`;
}
