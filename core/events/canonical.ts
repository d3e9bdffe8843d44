// Canonical JSON and the chain hash. Never hash a database rendering (jsonb key order, number formats):
// both the writer and the verifier hash this exact encoding of the parsed event.
import { createHash } from 'node:crypto';

/** Bump when the encoding changes; it is hashed first so old and new links never collide. */
export const CHAIN_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);
const depth_max = 32;

/** Sorted keys, no whitespace, bigint as a decimal string, undefined dropped, only safe integers. */
export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

function encode(v: unknown, depth: number): string {
  if (depth > depth_max) throw new Error('canonical JSON nested too deeply');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return JSON.stringify(v.toString());
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      if (!Number.isSafeInteger(v)) throw new Error(`only safe integers may be hashed, got ${v}`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x) => encode(x, depth + 1)).join(',')}]`;
      if (v instanceof Date) throw new Error('convert dates to ISO strings before hashing');
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${encode(o[k], depth + 1)}`).join(',')}}`;
    }
    default:
      throw new Error(`cannot hash a ${typeof v}`);
  }
}

/** hash = sha256(version ‖ prev_hash ‖ canonical({…event, seq})), hex. */
export function chainHash(prev_hash_hex: string, seq: number, event: object): string {
  if (!/^[0-9a-f]{64}$/.test(prev_hash_hex)) throw new Error('prev_hash must be 64 hex characters');
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`seq must be a positive integer, got ${seq}`);
  return createHash('sha256')
    .update(Buffer.from([CHAIN_VERSION]))
    .update(Buffer.from(prev_hash_hex, 'hex'))
    .update(canonicalJson({ ...event, seq }), 'utf8')
    .digest('hex');
}

/** A stable fingerprint of a command's input, to tell "same request retried" from "same key reused". */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request), 'utf8').digest('hex');
}
