// The Postgres ledger store: idempotent captures under concurrency, one unbroken chain under 64 writers,
// the append-only trigger, and tamper detection by the verifier.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../core/ids.ts';
import { appendGroupEvent, recordContributionCaptured, releasePayout, completePayout, openDispute } from '../../db/ledger/services.ts';
import { verifyLedger } from '../../db/ledger/verify.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';

const capture = (groupId: string, cycleId: string, memberId: string, ref: string, amount = 250_000n) => ({
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

describe('ledger store (Postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ max: 70 });
  });
  afterAll(async () => t.drop());

  it('records the same provider capture applied 10 times concurrently exactly once', async () => {
    const g = newId('grp');
    const c = newId('cyc');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, 'usr_a', 'QK1')))),
    );
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'exists')).toHaveLength(9);
    const n = await t.pool.query('select count(*)::int as n from ledger_events where group_id = $1', [g]);
    expect(n.rows[0].n).toBe(1);
    const acc = await t.pool.query('select credits_posted from ledger_accounts where id = $1', [`${c}:escrow:usr_a`]);
    expect(acc.rows[0].credits_posted).toBe(250_000n);
    const retryDifferent = await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, 'usr_a', 'QK1', 1n)));
    expect(retryDifferent).toMatchObject({ status: 'refused', code: 'idempotency_key_reused' });
    expect((await verifyLedger(t.db, { groupId: g })).faults).toEqual([]);
  });

  it('keeps one unbroken chain under 64 concurrent writers to one group', async () => {
    const g = newId('grp');
    const c = newId('cyc');
    await appendGroupEvent(t.db, g, {
      event_type: 'group.created',
      actor: { type: 'user', id: 'usr_owner' },
      subject: { type: 'group', id: g },
      data: { name: 'Chama', currency: 'KES', owner_id: 'usr_owner' },
    });
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) => t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, `usr_${i}`, `R${i}`, 1000n + BigInt(i))))),
    );
    expect(results.every((r) => r.status === 'created')).toBe(true);
    const rows = await t.pool.query('select seq, prev_hash, hash from ledger_events where group_id = $1 order by seq', [g]);
    expect(rows.rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    for (let i = 1; i < rows.rows.length; i++) expect(rows.rows[i].prev_hash).toBe(rows.rows[i - 1].hash);
    const report = await verifyLedger(t.db, { groupId: g });
    expect(report).toMatchObject({ groups: 1, events: 65, faults: [] });
    const cyc = await t.pool.query('select captured_minor from escrow_cycles where cycle_id = $1', [c]);
    expect(cyc.rows[0].captured_minor).toBe(64n * 1000n + (63n * 64n) / 2n);
  });

  it('rejects UPDATE and DELETE on ledger_events in the database itself', async () => {
    const g = newId('grp');
    await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, newId('cyc'), 'usr_a', 'U1')));
    await expect(t.pool.query(`update ledger_events set data = '{}' where group_id = $1`, [g])).rejects.toThrow(/append-only/);
    await expect(t.pool.query('delete from ledger_events where group_id = $1', [g])).rejects.toThrow(/append-only/);
    await expect(t.pool.query('truncate ledger_events')).rejects.toThrow(/append-only/);
  });

  async function tamper(sql: string, params: unknown[]) {
    const client = await t.pool.connect();
    try {
      await client.query('begin');
      await client.query('alter table ledger_events disable trigger ledger_events_append_only');
      await client.query(sql, params);
      await client.query('alter table ledger_events enable trigger ledger_events_append_only');
      await client.query('commit');
    } finally {
      client.release();
    }
  }

  async function groupWithThreeCaptures() {
    const g = newId('grp');
    const c = newId('cyc');
    const ids: string[] = [];
    for (const m of ['usr_a', 'usr_b', 'usr_c']) {
      const r = await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, m, `${g}-${m}`)));
      if (r.status === 'created') ids.push(r.events[0].event_id);
    }
    return { g, c, ids };
  }

  it('detects an event edited by hand, naming it', async () => {
    const { g, ids } = await groupWithThreeCaptures();
    await tamper(`update ledger_events set data = jsonb_set(data, '{amount_minor}', '"1"') where event_id = $1`, [ids[1]]);
    const report = await verifyLedger(t.db, { groupId: g });
    expect(report.faults[0]).toMatchObject({ group_id: g, seq: 2, event_id: ids[1] });
    expect(report.faults[0].problem).toMatch(/hash does not recompute/);
  });

  it('detects a deleted event, naming the event after the gap', async () => {
    const { g, ids } = await groupWithThreeCaptures();
    await tamper('delete from ledger_events where event_id = $1', [ids[1]]);
    const report = await verifyLedger(t.db, { groupId: g });
    expect(report.faults[0]).toMatchObject({ group_id: g, seq: 3, event_id: ids[2] });
    expect(report.faults[0].problem).toMatch(/sequence gap/);
  });

  it('detects a deleted last event through the chain head', async () => {
    const { g, ids } = await groupWithThreeCaptures();
    await tamper('delete from ledger_events where event_id = $1', [ids[2]]);
    const report = await verifyLedger(t.db, { groupId: g });
    expect(report.faults.some((f) => /chain head says seq 3/.test(f.problem))).toBe(true);
  });

  it('detects a projection edited by hand', async () => {
    const { g, c } = await groupWithThreeCaptures();
    await t.pool.query('update escrow_cycles set captured_minor = captured_minor + 1 where cycle_id = $1', [c]);
    const report = await verifyLedger(t.db, { groupId: g });
    expect(report.faults.some((f) => /cycle/.test(f.problem) && /differs/.test(f.problem))).toBe(true);
  });

  it('releases a due, quorate, unfrozen pot and refuses a frozen one', async () => {
    const g = newId('grp');
    const c = newId('cyc');
    for (const m of ['usr_a', 'usr_b']) await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g, c, m, `${g}-${m}`, 100_00n)));
    const opened = await t.db.transaction((tx) =>
      openDispute(tx, {
        group_id: g,
        dispute_id: newId('dsp'),
        cycle_id: c,
        member_id: 'usr_b',
        kind: 'not_recorded',
        reason: 'x',
        opened_by: 'usr_b',
        freeze_id: newId('frz'),
        actor: { type: 'user', id: 'usr_b' },
      }),
    );
    expect(opened.status).toBe('created');
    const release = { groupId: g, cycleId: c, payoutId: newId('pout'), recipientMemberId: 'usr_a', dueAt: new Date(0), quorumRequired: 1, feeBps: 100 };
    expect(await t.db.transaction((tx) => releasePayout(tx, release))).toMatchObject({ status: 'refused', code: 'frozen' });
    const g2 = newId('grp');
    const c2 = newId('cyc');
    for (const m of ['usr_a', 'usr_b']) await t.db.transaction((tx) => recordContributionCaptured(tx, capture(g2, c2, m, `${g2}-${m}`, 100_00n)));
    const ok = await t.db.transaction((tx) => releasePayout(tx, { ...release, groupId: g2, cycleId: c2 }));
    expect(ok.status).toBe('created');
    const done = await t.db.transaction((tx) =>
      completePayout(tx, { groupId: g2, cycleId: c2, payoutId: release.payoutId, provider: 'mpesa', providerRef: 'B2C1' }),
    );
    expect(done.status).toBe('created');
    const p = await t.pool.query('select gross_minor, fee_minor, net_minor, status from payouts where id = $1', [release.payoutId]);
    expect(p.rows[0]).toEqual({ gross_minor: 200_00n, fee_minor: 200n, net_minor: 198_00n, status: 'completed' });
    expect((await verifyLedger(t.db, { groupId: g })).faults).toEqual([]);
    expect((await verifyLedger(t.db, { groupId: g2 })).faults).toEqual([]);
  });
});
