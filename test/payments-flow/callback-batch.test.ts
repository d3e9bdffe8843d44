// Group commit for provider callbacks (server/payments/callback-batcher.ts): signed Stripe callbacks of
// many payments POSTed concurrently through the real webhook route share transactions; each payment is
// still captured, deposited, settled and receipted exactly once (redeliveries racing in the same or
// the next batch included), every cycle's quorum notices go out once, partial and over payments in a
// batch are handled as alone, and a batch that fails is rolled back and its callbacks applied one by one.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { createBatchApplier } from '../../server/payments/callback-batch.ts';
import { createCallbackBatcher } from '../../server/payments/callback-batcher.ts';
import type { VerifiedEvent } from '../../server/payments/provider.ts';
import { sandboxCredentials } from '../../server/payments/sandbox/keys.ts';
import { stripeSignatureHeader } from '../../server/payments/sandbox/stripe.ts';
import { applySingle } from '../../server/payments/webhooks.ts';
import { type FlowHarness, startFlowHarness } from './harness.ts';

let h: FlowHarness;
let whsec: string;
beforeAll(async () => {
  h = await startFlowHarness();
  whsec = (await sandboxCredentials(h.tdb.db)).stripe.webhookSecret;
});
afterAll(async () => {
  await h?.close();
});

let seq = 0;
async function groupWithCardPayments(members: number, opts: { quorumPercent?: number } = {}) {
  const phones = Array.from({ length: members }, (_, i) => `+2547${String(++seq).padStart(6, '0')}${i}${i}`);
  const ids: string[] = [];
  for (const [i, p] of phones.entries()) ids.push(await h.member(p, `Member ${i}`));
  const g = await h.group({ members: ids, quorumPercent: opts.quorumPercent });
  const refs: string[] = [];
  for (const id of ids) {
    const due = (await h.payments.services.openDues(id))[0];
    const r = await h.payments.services.collect(id, { cycleId: due.cycleId, method: 'card' }, `batch-card-${id}`);
    if (r.status !== 'card') throw new Error(r.status);
    refs.push(r.ref);
  }
  return { ...g, phones, ids, refs };
}

function stripeBody(ref: string, amountMinor: number, eventId = `evt_${ref.slice(4)}`): string {
  return JSON.stringify({
    id: eventId,
    object: 'event',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type: 'payment_intent.succeeded',
    data: {
      object: {
        id: `pi_${ref.slice(4)}`,
        object: 'payment_intent',
        amount: amountMinor,
        amount_received: amountMinor,
        currency: 'kes',
        status: 'succeeded',
        metadata: { likelemba_ref: ref },
      },
    },
  });
}

async function post(body: string, secret = whsec): Promise<number> {
  const res = await fetch(`${h.base}/webhooks/stripe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': stripeSignatureHeader(body, secret) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

async function countsFor(refs: string[]) {
  const r = await h.tdb.db.execute(sql`
    select a.ref, a.status, a.outcome, a.ledger_seq, a.ledger_hash,
      (select count(*) from ledger_events e where e.event_type = 'payment.captured' and e.data->>'contribution_id' = a.contribution_id)::int as captures,
      (select count(*) from ledger_events e where e.event_type = 'escrow.deposit.recorded' and e.data->>'contribution_id' = a.contribution_id)::int as deposits,
      (select count(*) from provider_events p where p.ref = a.ref)::int as events,
      (select count(*) from outbox o where o.idempotency_key like 'payment:' || a.ref || ':%')::int as messages
    from payment_attempts a where a.ref in (${sql.join(
      refs.map((r) => sql`${r}`),
      sql`, `,
    )}) order by a.ref`);
  return r.rows as Array<{
    ref: string;
    status: string;
    outcome: string;
    ledger_seq: number;
    ledger_hash: string;
    captures: number;
    deposits: number;
    events: number;
    messages: number;
  }>;
}

describe('callback batcher (group commit)', () => {
  it('concurrent callbacks of many payments, each delivered 3 times, are applied exactly once; quorum notices once per cycle', async () => {
    const groups = [await groupWithCardPayments(4), await groupWithCardPayments(4), await groupWithCardPayments(3)];
    const refs = groups.flatMap((g) => g.refs);
    const before = { ...h.payments.batcher?.stats };
    const bodies = refs.map((ref) => stripeBody(ref, 100_000));
    // Three copies of every callback, all at once and shuffled: some copies share a batch's turn, others race it.
    const posts = [...bodies, ...bodies, ...bodies].sort(() => Math.random() - 0.5).map((b) => post(b));
    expect(new Set(await Promise.all(posts))).toEqual(new Set([200]));
    const stats = h.payments.batcher?.stats;
    expect(stats).toBeDefined();
    expect((stats?.batched ?? 0) - (before.batched ?? 0)).toBe(refs.length * 3);
    expect(stats?.batch_size_max ?? 0).toBeGreaterThan(1);
    expect(stats?.fallbacks).toBe(before.fallbacks);
    const rows = await countsFor(refs);
    expect(rows).toHaveLength(refs.length);
    for (const r of rows) {
      expect({ ref: r.ref, status: r.status, outcome: r.outcome, captures: r.captures, deposits: r.deposits, events: r.events, messages: r.messages }).toEqual({
        ref: r.ref,
        status: 'succeeded',
        outcome: 'exact',
        captures: 1,
        deposits: 1,
        events: 1,
        messages: 1,
      });
      // The receipt carries the deposit's seq and the first 12 hex of its hash, as on the single path.
      const e = await h.tdb.db.execute(
        sql`select e.seq, e.hash, e.event_type from ledger_events e join payment_attempts a on a.group_id = e.group_id where a.ref = ${r.ref} and e.seq = ${r.ledger_seq}`,
      );
      expect(e.rows[0]).toMatchObject({ event_type: 'escrow.deposit.recorded' });
      expect(String((e.rows[0] as { hash: string }).hash).slice(0, 12)).toBe(r.ledger_hash);
    }
    for (const g of groups) {
      const dues = await h.tdb.db.execute(sql`select count(*) filter (where status = 'paid')::int as paid from dues where cycle_id = ${g.cycles[0].id}`);
      expect((dues.rows[0] as { paid: number }).paid).toBe(g.ids.length);
      const q = await h.tdb.db.execute(sql`select
          (select count(*) from ledger_events where group_id = ${g.groupId} and event_type = 'cycle.quorum.met')::int as events,
          (select count(*) from outbox where idempotency_key like ${`quorum:${g.cycles[0].id}:%`})::int as met,
          (select count(*) from outbox where idempotency_key like ${`payout-scheduled:${g.cycles[0].id}:%`})::int as scheduled,
          (select quorum_notified_at is not null from cycles where id = ${g.cycles[0].id}) as claimed`);
      expect(q.rows[0]).toEqual({ events: 1, met: g.ids.length, scheduled: g.ids.length, claimed: true });
      for (const p of g.phones) expect((await h.texts(p)).filter((x) => x.includes('Payment received'))).toHaveLength(1);
      const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId: g.groupId }));
      expect(report.faults).toEqual([]);
    }
  });

  it('partial, exact and over payments in one batch: partial leaves the remainder owed, over asks a refund of the surplus', async () => {
    const g = await groupWithCardPayments(3);
    const [partialRef, exactRef, overRef] = g.refs;
    const statuses = await Promise.all([post(stripeBody(partialRef, 40_000)), post(stripeBody(exactRef, 100_000)), post(stripeBody(overRef, 130_000))]);
    expect(statuses).toEqual([200, 200, 200]);
    const rows = new Map((await countsFor(g.refs)).map((r) => [r.ref, r]));
    expect(rows.get(partialRef)).toMatchObject({ status: 'succeeded', outcome: 'partial', captures: 1, deposits: 1 });
    expect(rows.get(exactRef)).toMatchObject({ status: 'succeeded', outcome: 'exact', captures: 1, deposits: 1 });
    expect(rows.get(overRef)).toMatchObject({ status: 'succeeded', outcome: 'over', captures: 1, deposits: 1 });
    const dues = await h.tdb.db.execute(sql`select member_id, status from dues where cycle_id = ${g.cycles[0].id} order by member_id`);
    const byMember = new Map((dues.rows as Array<{ member_id: string; status: string }>).map((d) => [d.member_id, d.status]));
    expect(byMember.get(g.ids[0])).toBe('pending');
    expect(byMember.get(g.ids[1])).toBe('paid');
    expect(byMember.get(g.ids[2])).toBe('paid');
    expect((await h.texts(g.phones[0])).some((x) => /600/.test(x))).toBe(true); // 1,000 owed − 400 paid
    const refund = await h.tdb.db.execute(sql`select amount_minor, reason from refunds where cycle_id = ${g.cycles[0].id}`);
    expect(refund.rows).toEqual([{ amount_minor: 30_000n, reason: 'overpayment' }]);
    // Quorum (100 %) is not met while one due is pending: no notice claimed.
    const c = await h.tdb.db.execute(sql`select quorum_notified_at from cycles where id = ${g.cycles[0].id}`);
    expect((c.rows[0] as { quorum_notified_at: unknown }).quorum_notified_at).toBeNull();
    // The remainder completes the due (and the quorum), on the batched path too.
    const due = (await h.payments.services.openDues(g.ids[0]))[0];
    expect(due.owed.minor).toBe(60_000n);
    const r = await h.payments.services.collect(g.ids[0], { cycleId: due.cycleId, method: 'card' }, 'batch-card-remainder');
    if (r.status !== 'card') throw new Error(r.status);
    expect(await post(stripeBody(r.ref, 60_000))).toBe(200);
    expect((await countsFor([r.ref]))[0]).toMatchObject({ status: 'succeeded', outcome: 'exact', captures: 1 });
    const q = await h.tdb.db.execute(sql`select (quorum_notified_at is not null) as claimed from cycles where id = ${g.cycles[0].id}`);
    expect(q.rows[0]).toEqual({ claimed: true });
    const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId: g.groupId }));
    expect(report.faults).toEqual([]);
  });

  it('a forged signature is a 401 and nothing reaches the batcher', async () => {
    const g = await groupWithCardPayments(2);
    const before = h.payments.batcher?.stats.batched ?? 0;
    expect(await post(stripeBody(g.refs[0], 100_000), 'whsec_wrong')).toBe(401);
    expect(h.payments.batcher?.stats.batched ?? 0).toBe(before);
    expect((await countsFor([g.refs[0]]))[0]).toMatchObject({ status: 'pending', captures: 0, events: 0 });
  });

  it('a batch that fails before COMMIT is rolled back and each callback is applied alone, exactly once', async () => {
    const g = await groupWithCardPayments(4);
    const { deps, handler } = h.payments;
    let failures = 0;
    const batcher = createCallbackBatcher(
      {
        db: h.tdb.db,
        apply: createBatchApplier({ pii: deps.pii, clock: deps.clock, ledger: deps.ledger, onProviderEvent: handler }),
        single: (ev) => applySingle(h.tdb.db, handler, [ev]),
      },
      {
        beforeCommit: () => {
          failures += 1;
          throw new Error('simulated crash before COMMIT');
        },
      },
    );
    const events: VerifiedEvent[] = g.refs.map((ref, i) => ({
      provider: 'stripe',
      providerEventId: `evt_fail_${i}_${ref}`,
      providerType: 'payment_intent.succeeded',
      type: 'collection.succeeded',
      ref,
      providerRef: `pi_${ref.slice(4)}`,
      amount: { currency: 'KES', minor: 100_000n },
      failure: null,
      details: {},
      occurredAt: new Date(),
      raw: { id: `evt_fail_${i}` },
    }));
    // Each event twice: the copies go to a later batch (one ref per batch), which fails too, then alone.
    await Promise.all([...events, ...events].map((ev) => batcher.submit(ev)));
    await batcher.close();
    expect(failures).toBeGreaterThanOrEqual(1);
    expect(batcher.stats.fallbacks).toBe(failures);
    const rows = await countsFor(g.refs);
    for (const r of rows)
      expect({ status: r.status, captures: r.captures, deposits: r.deposits, events: r.events, messages: r.messages }).toEqual({
        status: 'succeeded',
        captures: 1,
        deposits: 1,
        events: 1,
        messages: 1,
      });
    const report = await h.tdb.db.transaction((tx) => verifyLedger(tx, { groupId: g.groupId }));
    expect(report.faults).toEqual([]);
  });
});
