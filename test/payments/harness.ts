// Test harness: a fastify app with the payments and sandbox plugins on a real port, all providers in
// sandbox mode, so the real adapters talk to the sandboxes over HTTP and callbacks come back signed.
import net from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { loadPaymentsConfig, type PaymentsConfig } from '../../server/payments/config.ts';
import type { ProviderEvent } from '../../server/payments/provider.ts';
import { createProviders, type Providers } from '../../server/payments/providers.ts';
import { sandboxPaymentsPlugin } from '../../server/payments/sandbox/plugin.ts';
import { paymentsPlugin } from '../../server/payments/webhooks.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

export type PaymentsHarness = {
  app: FastifyInstance;
  db: Db;
  base: string;
  events: ProviderEvent[];
  providers: Providers;
  config: PaymentsConfig;
  pending(): Promise<Array<{ ref: string; provider: string; kind: string; phone: string | null; amount_minor: number; currency: string; created_at: string }>>;
  complete(ref: string, body: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPaymentsHarness(
  opts: { tdb?: TestDatabase; port?: number; onProviderEvent?: (e: ProviderEvent) => Promise<void> } = {},
): Promise<PaymentsHarness & { tdb: TestDatabase }> {
  const tdb = opts.tdb ?? (await createTestDatabase());
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const events: ProviderEvent[] = [];
  const config = loadPaymentsConfig({ NODE_ENV: 'test' });
  const providers = await createProviders(config, { db: tdb.db, publicBaseUrl: base });
  const app = Fastify({ logger: false });
  await app.register(sandboxPaymentsPlugin, { db: tdb.db, publicBaseUrl: base });
  await app.register(paymentsPlugin, {
    db: tdb.db,
    config,
    publicBaseUrl: base,
    providers,
    onProviderEvent: async (_tx, e) => {
      events.push(e);
      await opts.onProviderEvent?.(e);
    },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    app,
    db: tdb.db,
    tdb,
    base,
    events,
    providers,
    config,
    async pending() {
      const res = await fetch(`${base}/sandbox/payments/pending`);
      return res.json();
    },
    complete(ref, body) {
      return fetch(`${base}/sandbox/payments/${ref}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    },
    async close() {
      await app.close();
      if (!opts.tdb) await tdb.drop();
    },
  };
}

export function eventsFor(h: { events: ProviderEvent[] }, ref: string, type?: string): ProviderEvent[] {
  return h.events.filter((e) => e.ref === ref && (!type || e.type === type));
}
