// Canonical JSON and the chain hash. Never hash a database rendering (jsonb key order, number formats):
// both the writer and the verifier hash this exact encoding of the parsed event.
import { createHash } from 'node:crypto';

/** Bump when the encoding changes; it is hashed first so old and new links never collide. */
export const CHAIN_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);
const depth_max = 32;
const HEX64 = /^[0-9a-f]{64}$/;
const VERSION_BYTE = Buffer.from([CHAIN_VERSION]);

/** Sorted keys, no whitespace, bigint as a decimal string, undefined dropped, only safe integers. */
export function canonicalJson(value: unknown): string {
  return encode(value, 0);
}

/** `"key":` for a key; the key vocabulary of events is small, so the quoting is cached (bounded). */
const key_prefixes = new Map<string, string>();
function keyPrefix(k: string): string {
  let p = key_prefixes.get(k);
  if (p === undefined) {
    p = `${JSON.stringify(k)}:`;
    if (key_prefixes.size < 4096) key_prefixes.set(k, p);
  }
  return p;
}

// Hot path (every link and every request fingerprint): plain loops and string building rather than
// filter/map/join closures; the output is byte for byte what the straightforward encoding gives.
function encode(v: unknown, depth: number): string {
  if (depth > depth_max) throw new Error('canonical JSON nested too deeply');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'bigint':
      return `"${v.toString()}"`;
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(v)) throw new Error(`only safe integers may be hashed, got ${v}`);
      return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + encode(v[i], depth + 1);
        return `${out}]`;
      }
      if (v instanceof Date) throw new Error('convert dates to ISO strings before hashing');
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      let out = '{';
      let first = true;
      for (const k of keys) {
        const x = o[k];
        if (x === undefined) continue;
        out += `${first ? '' : ','}${keyPrefix(k)}${encode(x, depth + 1)}`;
        first = false;
      }
      return `${out}}`;
    }
    default:
      throw new Error(`cannot hash a ${typeof v}`);
  }
}

/** hash = sha256(version ‖ prev_hash ‖ canonical({…event, seq})), hex. */
export function chainHash(prev_hash_hex: string, seq: number, event: object): string {
  if (!HEX64.test(prev_hash_hex)) throw new Error('prev_hash must be 64 hex characters');
  if (!Number.isSafeInteger(seq) || seq < 1) throw new Error(`seq must be a positive integer, got ${seq}`);
  return createHash('sha256')
    .update(VERSION_BYTE)
    .update(Buffer.from(prev_hash_hex, 'hex'))
    .update(canonicalJson({ ...event, seq }), 'utf8')
    .digest('hex');
}

/** A stable fingerprint of a command's input, to tell "same request retried" from "same key reused". */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request), 'utf8').digest('hex');
}
