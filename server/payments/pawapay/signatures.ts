// RFC 9421 HTTP message signatures and RFC 9530 Content-Digest, as pawaPay uses them for signed
// callbacks and (opt-in) signed requests: ECDSA P-256 / SHA-256 (r‖s encoding) or Ed25519.
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';

export const SIGNED_COMPONENTS = ['@method', '@authority', '@path', 'signature-date', 'content-digest', 'content-type'] as const;
/** What a callback signature must cover for us to trust the body. */
const REQUIRED = ['@method', '@authority', '@path', 'content-digest'];

export function contentDigest(body: Buffer | string, alg: 'sha-256' | 'sha-512' = 'sha-512'): string {
  return `${alg}=:${createHash(alg === 'sha-256' ? 'sha256' : 'sha512')
    .update(body)
    .digest('base64')}:`;
}

/** Checks every digest we understand in a Content-Digest dictionary; at least one must be present. */
export function digestMatches(header: string | undefined, body: Buffer): boolean {
  if (!header) return false;
  let checked = 0;
  for (const member of header.split(',')) {
    const m = /^\s*([a-z0-9-]+)\s*=\s*:([A-Za-z0-9+/=]*):\s*$/.exec(member);
    if (!m) return false;
    const alg = m[1];
    if (alg !== 'sha-256' && alg !== 'sha-512') continue;
    const expected = Buffer.from(contentDigest(body, alg).slice(alg.length + 2, -1), 'base64');
    const got = Buffer.from(m[2], 'base64');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return false;
    checked++;
  }
  return checked > 0;
}

export type SignatureParams = { components: string[]; alg?: string; keyid?: string; created?: number; expires?: number; raw: string };

/** Parses `label=("@method" …);alg="…";keyid="…";created=…` for one label (the first when absent). */
export function parseSignatureInput(header: string, label?: string): { label: string; params: SignatureParams } | null {
  const re = /([A-Za-z0-9_*.-]+)=(\([^)]*\)(?:;[^,]*)?)/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    if (label && m[1] !== label) continue;
    const raw = m[2].trim();
    const inner = /^\(([^)]*)\)(.*)$/.exec(raw);
    if (!inner) return null;
    const components = [...inner[1].matchAll(/"([^"]+)"/g)].map((x) => x[1].toLowerCase());
    const params: SignatureParams = { components, raw };
    for (const p of inner[2].split(';').slice(1)) {
      const [k, v = ''] = p.split('=');
      const val = v.replace(/^"|"$/g, '');
      if (k === 'alg') params.alg = val;
      else if (k === 'keyid') params.keyid = val;
      else if (k === 'created') params.created = Number(val);
      else if (k === 'expires') params.expires = Number(val);
    }
    return { label: m[1], params };
  }
  return null;
}

export type SignableRequest = { method: string; authority: string; path: string; headers: Record<string, string | string[] | undefined> };

function componentValue(req: SignableRequest, c: string): string {
  if (c === '@method') return req.method.toUpperCase();
  if (c === '@authority') return req.authority.toLowerCase();
  if (c === '@path') return req.path.split('?')[0] || '/';
  if (c.startsWith('@')) throw new Error(`unsupported component ${c}`);
  const v = req.headers[c];
  if (v === undefined) throw new Error(`missing header ${c}`);
  return (Array.isArray(v) ? v.join(', ') : v).trim();
}

export function signatureBase(req: SignableRequest, params: SignatureParams): string {
  const lines = params.components.map((c) => `"${c}": ${componentValue(req, c)}`);
  lines.push(`"@signature-params": ${params.raw}`);
  return lines.join('\n');
}

function isEd25519(key: KeyObject): boolean {
  return key.asymmetricKeyType === 'ed25519';
}

/**
 * Adds Content-Digest, Signature-Date, Signature-Input and Signature to `headers` (mutated and
 * returned) for a request with `body`.
 */
export function signRequest(
  req: { method: string; url: string; headers: Record<string, string>; body: string | Buffer },
  key: { keyId: string; privateKeyPem: string },
  label = 'sig-pp',
  now = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const u = new URL(req.url);
  const h = req.headers;
  h['content-digest'] = contentDigest(req.body);
  h['signature-date'] = new Date(now * 1000).toISOString();
  h['content-type'] ??= 'application/json';
  const privateKey = createPrivateKey(key.privateKeyPem);
  const alg = isEd25519(privateKey) ? 'ed25519' : 'ecdsa-p256-sha256';
  const components = SIGNED_COMPONENTS.filter((c) => c.startsWith('@') || h[c] !== undefined);
  const raw = `(${components.map((c) => `"${c}"`).join(' ')});alg="${alg}";keyid="${key.keyId}";created=${now};expires=${now + 300}`;
  const base = signatureBase({ method: req.method, authority: u.host, path: u.pathname, headers: h }, { components: [...components], raw });
  const sig = isEd25519(privateKey)
    ? sign(null, Buffer.from(base), privateKey)
    : sign('sha256', Buffer.from(base), { key: privateKey, dsaEncoding: 'ieee-p1363' });
  h['signature-input'] = `${label}=${raw}`;
  h.signature = `${label}=:${sig.toString('base64')}:`;
  return h;
}

export type VerifyResult = { ok: true; keyid: string } | { ok: false; reason: string };

/** Verifies a signed request on its raw body; `keyLookup` returns the PEM (or base64 DER) for a keyid. */
export async function verifySignedRequest(
  req: SignableRequest & { body: Buffer },
  keyLookup: (keyid: string) => Promise<string | undefined>,
  opts: { now?: number; maxAgeSeconds?: number } = {},
): Promise<VerifyResult> {
  const header = (n: string) => {
    const v = req.headers[n];
    return Array.isArray(v) ? v.join(', ') : v;
  };
  if (!digestMatches(header('content-digest'), req.body)) return { ok: false, reason: 'content-digest missing or does not match the body' };
  const input = header('signature-input');
  const signature = header('signature');
  if (!input || !signature) return { ok: false, reason: 'missing Signature / Signature-Input' };
  const parsed = parseSignatureInput(input);
  if (!parsed) return { ok: false, reason: 'unparseable Signature-Input' };
  const { label, params } = parsed;
  for (const c of REQUIRED) if (!params.components.includes(c)) return { ok: false, reason: `signature does not cover ${c}` };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (params.expires !== undefined && params.expires < now) return { ok: false, reason: 'signature expired' };
  if (params.created !== undefined && now - params.created > (opts.maxAgeSeconds ?? 600)) return { ok: false, reason: 'signature too old' };
  const sigMatch = new RegExp(`(?:^|,)\\s*${label.replace(/[.*]/g, '\\$&')}=:([A-Za-z0-9+/=]+):`).exec(signature);
  if (!sigMatch) return { ok: false, reason: `no signature for label ${label}` };
  const keyid = params.keyid ?? '';
  const pem = await keyLookup(keyid);
  if (!pem) return { ok: false, reason: `unknown keyid ${keyid}` };
  let base: string;
  try {
    base = signatureBase(req, params);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  const key = pem.includes('BEGIN') ? createPublicKey(pem) : createPublicKey({ key: Buffer.from(pem, 'base64'), format: 'der', type: 'spki' });
  const sig = Buffer.from(sigMatch[1], 'base64');
  const good = isEd25519(key) ? verify(null, Buffer.from(base), key, sig) : verify('sha256', Buffer.from(base), { key, dsaEncoding: 'ieee-p1363' }, sig);
  return good ? { ok: true, keyid } : { ok: false, reason: 'signature does not verify' };
}
