// Sandbox persistence (Postgres, so a restart keeps pending prompts and provider objects) and the
// callback sender with its delivery quirks: late, duplicated, out of order.
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { sandboxIdempotency, sandboxObjects, sandboxPayments } from '../../../db/schema/payments.ts';

export type SandboxProvider = 'stripe' | 'mpesa' | 'pawapay';
export type Outcome = 'success' | 'insufficient_funds' | 'cancelled' | 'timeout' | 'wrong_pin';
export type Delivery = { mode: 'normal' | 'late' | 'duplicated' | 'out_of_order'; copies: number; delayMs: number };
export const OUTCOMES: readonly string[] = ['success', 'insufficient_funds', 'cancelled', 'timeout', 'wrong_pin'];

type Obj = Record<string, any>;

export async function putObject(db: Db, provider: SandboxProvider, id: string, type: string, data: Obj): Promise<void> {
  await db
    .insert(sandboxObjects)
    .values({ provider, id, type, data })
    .onConflictDoUpdate({ target: [sandboxObjects.provider, sandboxObjects.id], set: { data } });
}

export async function getObject<T extends Obj = Obj>(db: Db, provider: SandboxProvider, id: string): Promise<T | undefined> {
  const rows = await db
    .select()
    .from(sandboxObjects)
    .where(and(eq(sandboxObjects.provider, provider), eq(sandboxObjects.id, id)));
  return rows[0]?.data as T | undefined;
}

/** Read-modify-write under a row lock, so concurrent requests on one object do not lose updates. */
export async function updateObject<T extends Obj = Obj>(db: Db, provider: SandboxProvider, id: string, fn: (o: T) => T | undefined): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(sandboxObjects)
      .where(and(eq(sandboxObjects.provider, provider), eq(sandboxObjects.id, id)))
      .for('update');
    if (!rows[0]) return undefined;
    const cur = rows[0].data as T;
    const next = (fn(cur) ?? cur) as T;
    await tx
      .update(sandboxObjects)
      .set({ data: next })
      .where(and(eq(sandboxObjects.provider, provider), eq(sandboxObjects.id, id)));
    return next;
  });
}

export async function addPending(
  db: Db,
  p: {
    ref: string;
    provider: SandboxProvider;
    kind: 'collection' | 'disbursement';
    objectId: string;
    phone: string | null;
    amountMinor: bigint;
    currency: string;
  },
): Promise<void> {
  await db.insert(sandboxPayments).values(p).onConflictDoNothing();
}

export type PendingRow = typeof sandboxPayments.$inferSelect;

export async function listPending(db: Db): Promise<PendingRow[]> {
  return db.select().from(sandboxPayments).where(eq(sandboxPayments.status, 'pending')).orderBy(asc(sandboxPayments.createdAt));
}

/** Finds a prompt by our ref or by the provider object id behind it. */
export async function findPending(db: Db, refOrObject: string): Promise<PendingRow | undefined> {
  const byRef = await db.select().from(sandboxPayments).where(eq(sandboxPayments.ref, refOrObject));
  if (byRef[0]) return byRef[0];
  const byObj = await db.select().from(sandboxPayments).where(eq(sandboxPayments.objectId, refOrObject));
  return byObj[0];
}

/** Marks a prompt answered; false when it already was (a second answer is refused). */
export async function closePending(db: Db, ref: string, outcome: string): Promise<boolean> {
  const rows = await db
    .update(sandboxPayments)
    .set({ status: 'completed', outcome, completedAt: new Date() })
    .where(and(eq(sandboxPayments.ref, ref), eq(sandboxPayments.status, 'pending')))
    .returning({ ref: sandboxPayments.ref });
  return rows.length > 0;
}

/**
 * Provider idempotency: the first response for a key is stored and replayed; the same key with a
 * different request is refused (`conflict`).
 */
export async function idempotent(
  db: Db,
  provider: SandboxProvider,
  key: string | undefined,
  request: unknown,
  run: () => Promise<{ status: number; body: unknown }>,
): Promise<{ status: number; body: unknown; replayed: boolean; conflict: boolean }> {
  if (!key) return { ...(await run()), replayed: false, conflict: false };
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const rows = await db
    .select()
    .from(sandboxIdempotency)
    .where(and(eq(sandboxIdempotency.provider, provider), eq(sandboxIdempotency.key, key)));
  const prior = rows[0];
  if (prior) {
    if (prior.requestHash !== hash) return { status: 400, body: null, replayed: false, conflict: true };
    return { status: prior.statusCode, body: prior.response, replayed: true, conflict: false };
  }
  const res = await run();
  await db
    .insert(sandboxIdempotency)
    .values({ provider, key, requestHash: hash, statusCode: res.status, response: res.body as object })
    .onConflictDoNothing();
  return { ...res, replayed: false, conflict: false };
}

export type Send = () => Promise<void>;

/** POSTs a callback, retrying a few times on network errors and non-2xx answers (providers retry too). */
export async function postCallback(url: string, body: string, headers: Record<string, string>, log?: (msg: string) => void): Promise<number> {
  let last = 0;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', headers, body });
      last = res.status;
      await res.arrayBuffer();
      if (res.status < 500) return res.status;
    } catch (err) {
      log?.(`callback to ${url} failed: ${(err as Error).message}`);
    }
    await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
  }
  return last;
}

/** Runs a list of callback sends the way the delivery mode says; `late` returns before sending. */
export async function deliver(sends: Send[], delivery: Delivery): Promise<void> {
  const run = async () => {
    if (delivery.mode === 'duplicated') {
      for (const s of sends) for (let i = 0; i < delivery.copies; i++) await s();
    } else if (delivery.mode === 'out_of_order') {
      // Reversed and concurrent, each more than once: no ordering for the receiver to rely on.
      const all: Send[] = [];
      for (let i = 0; i < Math.max(2, delivery.copies); i++) all.push(...[...sends].reverse());
      await Promise.all(all.map((s) => s()));
    } else {
      for (const s of sends) await s();
    }
  };
  if (delivery.mode === 'late') {
    setTimeout(() => void run().catch(() => {}), delivery.delayMs).unref?.();
    return;
  }
  await run();
}

export function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
