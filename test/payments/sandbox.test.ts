// The sandbox's outside-contract routes: pending list shape, answer validation, and state that
// survives a restart (a new app on the same database finishes a prompt made before it).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { eventsFor, startPaymentsHarness } from './harness.ts';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe('sandbox contract routes', () => {
  it('lists prompts in the contract shape, validates answers, and survives a restart', async () => {
    const first = await startPaymentsHarness({ tdb });
    const init = await first.providers.get('mpesa').collect({ amount: { currency: 'KES', minor: 50000n }, phone: '+254711000999', description: 'R1' });
    const list = await first.pending();
    const row = list.find((p) => p.ref === init.ref);
    expect(row).toBeDefined();
    expect(Object.keys(row ?? {}).sort()).toEqual(['amount_minor', 'created_at', 'currency', 'kind', 'phone', 'provider', 'ref']);
    expect(new Date(row?.created_at ?? '').toISOString()).toBe(row?.created_at);
    expect((await first.complete(init.ref, { outcome: 'maybe' })).status).toBe(400);
    expect((await first.complete('pay_nope', { outcome: 'success' })).status).toBe(404);
    expect(
      (await fetch(`${first.base}/webhooks/mobilemoney/flutterwave`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(404);
    await first.close();

    // Same address as before, as after a real restart: the callback URL given to Daraja still works.
    const second = await startPaymentsHarness({ tdb, port: Number(new URL(first.base).port) });
    try {
      // The client may still hold a keep-alive socket to the old server: retry until the new one answers.
      await vi.waitFor(async () => expect((await second.pending()).map((p) => p.ref)).toContain(init.ref));
      expect((await second.complete(init.ref, { outcome: 'success' })).status).toBe(200);
      await vi.waitFor(() => expect(eventsFor(second, init.ref, 'collection.succeeded')).toHaveLength(1));
    } finally {
      await second.close();
    }
  });
});
