// The batched capture path (group commit): per-item results inside one transaction, idempotency within
// and across batches and paths, one unbroken chain per group under concurrent batchers and per-transaction
// writers, no waiting on other groups' locks, and crash safety (a batch commits whole or not at all, and
// every caller still gets its own correct result).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { createCaptureBatcher } from '../../db/ledger/batch.ts';
import { appendGroupEvent, recordContributionCaptured, recordPaymentFailed, type CommandResult, type ContributionCaptured } from '../../db/ledger/services.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const capture = (groupId: string, cycleId: string, memberId: string, ref: string, amount = 250_000n): ContributionCaptured => ({
  groupId,
  cycleId,
  contributionId: `ctr_${ref}`,
  memberId,
  provider: 'mpesa',
  providerRef: ref,
  amountMinor: amount,
  currency: 'KES',
  capturedAt: new Date('2026-02-01T10:00:00.000Z'),
});

describe('batched captures (Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ max: 40 });
  });
  afterAll(async () => t.drop());

  const events = async (g: string) => (await t.pool.query('select count(*)::int as n from ledger_events where group_id = $1', [g])).rows[0].n as number;
  const clean = async (g: string) => expect((await verifyLedger(t.db, { groupId: g })).faults).toEqual([]);
  /** A group with its chain head, so its captures can be batched (a group's first event takes the ordinary path). */
  const newGroup = async () => {
    const g = newId('grp');
    await appendGroupEvent(t.db, g, {
      event_type: 'group.created',
      actor: { type: 'user', id: 'usr_owner' },
      subject: { type: 'group', id: g },
      data: { name: 'Chama', currency: 'KES', owner_id: 'usr_owner' },
    });
    return { g, c: newId('cyc') };
  };

  it('answers each capture of one batch on its own: created, exists, reused key, refusals', async () => {
    const { g, c } = await newGroup();
    const other = await newGroup();
    await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, 'usr_a', `${g}-A`)));
    // One slot: everything submitted together lands in one batch.
    const b = createCaptureBatcher(t.db, { inflight_max: 1 });
    const inputs: ContributionCaptured[] = [
      capture(g, c, 'usr_b', `${g}-B`), // created
      capture(g, c, 'usr_a', `${g}-A`), // exists: committed before the batch
      capture(g, c, 'usr_a', `${g}-A`, 1n), // same key, different body
      capture(g, c, 'usr_c', `${g}-C`), // created
      capture(g, c, 'usr_c', `${g}-C`), // exists: created earlier in this same batch
      capture(g, c, 'usr_c', `${g}-C`, 7n), // reused within the batch
      { ...capture(g, c, 'usr_d', `${g}-D`), currency: 'USD' }, // the cycle is in KES
      capture(g, c, 'usr_e', `${g}-E`, 0n), // not a positive amount
      { ...capture(g, c, 'usr_f', `${g}-F`), contributionId: `ctr_${g}-B` }, // contribution already captured (by B, in this batch)
      capture(other.g, other.c, 'usr_a', `${other.g}-A`), // another group, same batch
    ];
    const results = await Promise.all(inputs.map((x) => b.record(x)));
    expect(b.stats).toMatchObject({ batches: 1, batched: inputs.length, fallbacks: 0, deferred: 0 });
    expect(results.map((r) => (r.status === 'refused' ? r.code : r.status))).toEqual([
      'created',
      'exists',
      'idempotency_key_reused',
      'created',
      'exists',
      'idempotency_key_reused',
      'currency_mismatch',
      'amount_invalid',
      'contribution_already_captured',
      'created',
    ]);
    const [created_b, , , created_c, exists_c] = results as Extract<CommandResult, { status: 'created' }>[];
    expect(created_b.seq).toBe(3);
    expect(created_c.seq).toBe(4);
    expect((exists_c as unknown as { event_ids: string[] }).event_ids).toEqual([created_c.events[0].event_id]);
    expect(await events(g)).toBe(4);
    await clean(g);
    await clean(other.g);
    // The batched answer is the per-transaction answer: a later retry through the public API agrees.
    expect(await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, 'usr_c', `${g}-C`)))).toMatchObject({
      status: 'exists',
      event_ids: [created_c.events[0].event_id],
    });
    await b.close();
  });

  it('records the same capture sent 10 times concurrently, through both paths, exactly once', async () => {
    const { g, c } = await newGroup();
    const b = createCaptureBatcher(t.db);
    const x = capture(g, c, 'usr_a', `${g}-Q`);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => b.record(x)),
      ...Array.from({ length: 4 }, () => t.db.transaction((tx) => recordContributionCaptured(tx, x))),
    ]);
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'exists')).toHaveLength(9);
    expect(await events(g)).toBe(2);
    const acc = await t.pool.query('select credits_posted from ledger_accounts where id = $1', [`${c}:escrow:usr_a`]);
    expect(acc.rows[0].credits_posted).toBe(250_000n);
    await clean(g);
    await b.close();
  });

  it('keeps one unbroken chain per group under two batchers and per-transaction writers at once', async () => {
    const groups = await Promise.all(Array.from({ length: 4 }, () => newGroup()));
    const one = createCaptureBatcher(t.db, { batch_max: 16 });
    const two = createCaptureBatcher(t.db, { batch_max: 7, inflight_max: 3 });
    const writes: Promise<CommandResult>[] = [];
    for (let i = 0; i < 64; i++) {
      for (const { g, c } of groups) {
        const x = capture(g, c, `usr_${i}`, `${g}-${i}`, 1000n + BigInt(i));
        writes.push(i % 3 === 0 ? one.record(x) : i % 3 === 1 ? two.record(x) : t.db.transaction((tx) => recordContributionCaptured(tx, x)));
      }
    }
    const results = await Promise.all(writes);
    expect(results.every((r) => r.status === 'created')).toBe(true);
    expect(one.stats.batches + two.stats.batches).toBeGreaterThan(0);
    for (const { g, c } of groups) {
      const rows = await t.pool.query('select seq, prev_hash, hash from ledger_events where group_id = $1 order by seq', [g]);
      expect(rows.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
      for (let i = 1; i < rows.rows.length; i++) expect(rows.rows[i].prev_hash).toBe(rows.rows[i - 1].hash);
      const cyc = await t.pool.query('select captured_minor from escrow_cycles where cycle_id = $1', [c]);
      expect(cyc.rows[0].captured_minor).toBe(64n * 1000n + (63n * 64n) / 2n);
      await clean(g);
    }
    await Promise.all([one.close(), two.close()]);
  });

  it('does not make other groups wait for a group whose head another transaction holds', async () => {
    const locked = await newGroup();
    const free = await Promise.all(Array.from({ length: 3 }, () => newGroup()));
    const holder = await t.pool.connect();
    const b = createCaptureBatcher(t.db);
    try {
      await holder.query('begin');
      await holder.query('select seq from ledger_chain_heads where group_id = $1 for update', [locked.g]);
      let lockedDone = false;
      const waiting = b.record(capture(locked.g, locked.c, 'usr_a', `${locked.g}-1`)).then((r) => {
        lockedDone = true;
        return r;
      });
      const others = await Promise.all(free.map(({ g, c }) => b.record(capture(g, c, 'usr_a', `${g}-1`))));
      expect(others.map((r) => r.status)).toEqual(['created', 'created', 'created']);
      expect(lockedDone).toBe(false);
      // Later captures of the held group queue behind the first one, in order.
      const second = b.record(capture(locked.g, locked.c, 'usr_b', `${locked.g}-2`));
      await holder.query('commit');
      expect(await waiting).toMatchObject({ status: 'created', seq: 2 });
      expect(await second).toMatchObject({ status: 'created', seq: 3 });
      expect(b.stats.deferred).toBeGreaterThanOrEqual(1);
      await clean(locked.g);
    } finally {
      holder.release();
      await b.close();
    }
  });

  it('commits a batch whole or not at all: a crash before COMMIT leaves nothing, then every caller gets its result', async () => {
    const groups = await Promise.all(Array.from({ length: 3 }, () => newGroup()));
    const seen: number[] = [];
    let crashes = 1;
    const b = createCaptureBatcher(t.db, {
      inflight_max: 1,
      beforeCommit: async ({ size, client }) => {
        if (crashes === 0) return;
        crashes -= 1;
        // Written but not committed: nobody else sees any of it.
        const visible = await t.pool.query('select count(*)::int as n from ledger_events where group_id = any($1)', [groups.map((x) => x.g)]);
        seen.push(size, visible.rows[0].n);
        // The session dies mid-transaction, as in a crash of the process or the connection.
        await client.query('select pg_terminate_backend(pg_backend_pid())').catch(() => {});
      },
    });
    const inputs = groups.flatMap(({ g, c }) => ['a', 'b', 'c'].map((m) => capture(g, c, `usr_${m}`, `${g}-${m}`)));
    const results = await Promise.all(inputs.map((x) => b.record(x)));
    expect(seen).toEqual([9, 3]); // 9 captures in the crashed batch; only the 3 group.created events visible
    expect(b.stats.fallbacks).toBe(1);
    expect(results.every((r) => r.status === 'created')).toBe(true);
    for (const { g } of groups) {
      expect(await events(g)).toBe(4);
      await clean(g);
    }
    await b.close();
  });

  it('fails only the capture that breaks a constraint; the rest of its batch is recorded', async () => {
    const a = await newGroup();
    const z = await newGroup();
    // Transfer ids are global: the same provider reference already captured in another group collides.
    await t.db.transaction((tx) => recordContributionCaptured(tx, capture(z.g, z.c, 'usr_a', `${a.g}-dup`)));
    const b = createCaptureBatcher(t.db, { inflight_max: 1 });
    const settled = await Promise.allSettled([
      b.record(capture(a.g, a.c, 'usr_a', `${a.g}-1`)),
      b.record(capture(a.g, a.c, 'usr_b', `${a.g}-dup`)),
      b.record(capture(a.g, a.c, 'usr_c', `${a.g}-3`)),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
    expect(settled.filter((s) => s.status === 'fulfilled').map((s) => (s as PromiseFulfilledResult<CommandResult>).value.status)).toEqual([
      'created',
      'created',
    ]);
    expect(b.stats.fallbacks).toBe(1);
    expect(await events(a.g)).toBe(3);
    await clean(a.g);
    await clean(z.g);
    await b.close();
  });

  it('writes new and existing rows alike in one batch: a new cycle, an existing one, a late fee, a capture after a failure', async () => {
    const { g, c } = await newGroup();
    const fresh = await newGroup(); // its cycle has no row yet: the batch inserts it
    await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, 'usr_a', `${g}-A`)));
    await t.db.transaction((tx) =>
      recordPaymentFailed(tx, {
        groupId: g,
        cycleId: c,
        contributionId: `ctr_${g}-F`,
        memberId: 'usr_f',
        provider: 'mpesa',
        providerRef: `${g}-F0`,
        reason: 'insufficient funds',
      }),
    );
    const b = createCaptureBatcher(t.db, { inflight_max: 1 });
    const results = await Promise.all([
      b.record(capture(g, c, 'usr_a', `${g}-A2`, 1_000n)), // existing escrow account and cycle: deltas and an update
      b.record({ ...capture(g, c, 'usr_b', `${g}-B`), lateFeeMinor: 5_000n }), // two linked transfers
      b.record({ ...capture(g, c, 'usr_f', `${g}-F1`), contributionId: `ctr_${g}-F` }), // the failed contribution's row is rewritten
      b.record(capture(fresh.g, fresh.c, 'usr_a', `${fresh.g}-A`)),
    ]);
    expect(b.stats).toMatchObject({ batches: 1, fallbacks: 0, deferred: 0 });
    expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'created']);
    const cyc = await t.pool.query('select cycle_id, captured_minor, late_fees_minor from escrow_cycles where cycle_id = any($1) order by cycle_id', [
      [c, fresh.c].sort(),
    ]);
    expect(cyc.rows.map((r) => [r.cycle_id, r.captured_minor, r.late_fees_minor])).toEqual(
      [
        [c, 250_000n + 1_000n + 255_000n + 250_000n, 5_000n],
        [fresh.c, 250_000n, 0n],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    const failed = await t.pool.query('select status, provider_ref, amount_minor from contributions where id = $1', [`ctr_${g}-F`]);
    expect(failed.rows[0]).toMatchObject({ status: 'available', provider_ref: `${g}-F1`, amount_minor: 250_000n });
    await clean(g);
    await clean(fresh.g);
    await b.close();
  });

  it('refuses in the database to advance a head from a seq other than the one the batch read (the COMMIT after it never runs)', async () => {
    const { g } = await newGroup();
    const write = (prev_seq: number) =>
      t.pool.query(
        `select ledger_capture_write($1::text[], $2::bigint[], $3::bigint[], $4::text[], '[]'::jsonb, '[]'::jsonb, '{}', '{}', '{}', '{}', '{}', null,
          '{}', '{}', '{}', '{}', '{}', '{}', '{}', '{}', null, null, null)`,
        [[g], [prev_seq], [prev_seq + 1], ['f'.repeat(64)]],
      );
    await expect(write(5)).rejects.toThrow(/chain head moved under the lock/);
    const head = await t.pool.query('select seq from ledger_chain_heads where group_id = $1', [g]);
    expect(Number(head.rows[0].seq)).toBe(1);
    await clean(g);
  });

  it('takes a new group through the ordinary path, drains on close and refuses afterwards', async () => {
    const g = newId('grp');
    const c = newId('cyc');
    const b = createCaptureBatcher(t.db);
    const pending = [b.record(capture(g, c, 'usr_a', `${g}-1`)), b.record(capture(g, c, 'usr_b', `${g}-2`))];
    await b.close();
    const results = await Promise.all(pending);
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    expect(results.map((r) => (r.status === 'created' ? r.seq : 0))).toEqual([1, 2]);
    await expect(b.record(capture(g, c, 'usr_c', `${g}-3`))).rejects.toThrow(/closed/);
    await expect(createCaptureBatcher(t.db).record({ ...capture(g, c, 'usr_d', `${g}-4`), cycleId: "cyc'; drop table x; --" })).rejects.toThrow(/unsafe/);
    await clean(g);
  });
});
