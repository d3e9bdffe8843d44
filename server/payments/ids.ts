// Payment ids: our prefixed refs (core/ids.ts), provider UUIDs derived from them, and callback secrets.
import { createHash, randomBytes } from 'node:crypto';

export { newId } from '../../core/ids.ts';

/** A UUIDv4-shaped id derived from our ref, so a retry with the same ref is the same provider request. */
export function uuidFromRef(ref: string): string {
  const h = createHash('sha256').update(`likelemba:${ref}`).digest();
  h[6] = (h[6] & 0x0f) | 0x40;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** An unguessable single-use secret (192 bits) and the hash we store instead of it. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(24).toString('base64url');
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
