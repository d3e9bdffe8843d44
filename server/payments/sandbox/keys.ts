// Sandbox secrets, generated once per database and shared by the sandbox and the adapters that call
// it: the Stripe whsec and API key, Daraja credentials, the pawaPay API token and ECDSA P-256 keypair.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Db } from '../../../db/client.ts';
import { sandboxKeys } from '../../../db/schema/payments.ts';

export type SandboxCredentials = {
  stripe: { secretKey: string; webhookSecret: string };
  mpesa: {
    consumerKey: string;
    consumerSecret: string;
    shortcode: string;
    passkey: string;
    b2cShortcode: string;
    initiatorName: string;
    securityCredential: string;
  };
  pawapay: { apiToken: string; keyId: string; publicKeyPem: string; privateKeyPem: string };
};

function generate(): SandboxCredentials {
  const hex = (n: number) => randomBytes(n).toString('hex');
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    stripe: { secretKey: `sk_test_sandbox_${hex(12)}`, webhookSecret: `whsec_${randomBytes(24).toString('base64url')}` },
    mpesa: {
      consumerKey: hex(16),
      consumerSecret: hex(16),
      shortcode: '174379',
      passkey: hex(32),
      b2cShortcode: '600981',
      initiatorName: 'likelembaapi',
      securityCredential: randomBytes(48).toString('base64'),
    },
    pawapay: {
      apiToken: `pp_sandbox_${hex(16)}`,
      keyId: `sandbox-key-${hex(4)}`,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
  };
}

const cache = new WeakMap<Db, Promise<SandboxCredentials>>();

/** Loads the sandbox secrets, creating them on first use (a concurrent creator loses the insert race). */
export function sandboxCredentials(db: Db): Promise<SandboxCredentials> {
  let p = cache.get(db);
  if (!p) {
    p = (async () => {
      const fresh = generate();
      await db
        .insert(sandboxKeys)
        .values(Object.entries(fresh).map(([name, value]) => ({ name, value: value as Record<string, string> })))
        .onConflictDoNothing();
      const rows = await db.select().from(sandboxKeys);
      const byName = Object.fromEntries(rows.map((r) => [r.name, r.value]));
      return { stripe: byName.stripe, mpesa: byName.mpesa, pawapay: byName.pawapay } as SandboxCredentials;
    })();
    p.catch(() => cache.delete(db));
    cache.set(db, p);
  }
  return p;
}
