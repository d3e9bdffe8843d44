// ledger:verify's engine: for each group, walk the chain from genesis (every link, every hash), rebuild
// the projections from the events alone and compare them with the stored rows, check the head row and
// the invariants. Returns faults naming the group and the event at fault.
import { replayChain, type Fault, type StoredLink } from '../../core/escrow/verify.ts';
import { projectionTables, type GroupState } from '../../core/escrow/state.ts';
import type { Tx } from '../client.ts';
import { decode, rowKey } from './rows.ts';
import { num, withClient, type Client } from './sql.ts';
import type pg from 'pg';

export type VerifyReport = { groups: number; events: number; faults: Fault[] };

const tableOf = {
  cycles: 'escrow_cycles',
  contributions: 'contributions',
  payouts: 'payouts',
  refunds: 'refunds',
  disputes: 'disputes',
  freezes: 'escrow_freezes',
} as const;
const keyOf = (t: string, r: Record<string, unknown>) => String(t === 'cycles' ? r.cycle_id : r.id);
export const groups_per_run_max = 1_000_000;

async function verifyGroup(client: Client, group_id: string): Promise<{ events: number; faults: Fault[] }> {
  const q = async (text: string) => ((await client.query({ text, values: [group_id] })) as pg.QueryResult).rows;
  const rows = await q('select * from ledger_events where group_id = $1 order by seq');
  const links: StoredLink[] = rows.map((r) => ({
    group_id,
    seq: num(r.seq),
    event_id: String(r.event_id),
    prev_hash: String(r.prev_hash),
    hash: String(r.hash),
    event: {
      event_id: r.event_id,
      event_type: r.event_type,
      occurred_at: new Date(r.occurred_at).toISOString(),
      actor: r.actor,
      subject: r.subject,
      group_id: r.group_id,
      cycle_id: r.cycle_id,
      data: r.data,
    },
  }));
  const { state, faults } = replayChain(group_id, links);
  const last = links.at(-1);
  const at = { group_id, seq: last?.seq ?? null, event_id: last?.event_id ?? null };
  const head = await q('select seq, head_hash from ledger_chain_heads where group_id = $1');
  if (head.length === 1 && (num(head[0].seq) !== (last?.seq ?? 0) || (last && head[0].head_hash !== last.hash))) {
    faults.push({
      ...at,
      problem: `chain head says seq ${head[0].seq} but the chain ends at seq ${last?.seq ?? 0}: events after it were deleted or the head was edited`,
    });
  }
  if (faults.length === 0) faults.push(...(await compareProjections(q, state, at)));
  return { events: links.length, faults };
}

async function compareProjections(q: (text: string) => Promise<Record<string, unknown>[]>, state: GroupState, at: Omit<Fault, 'problem'>): Promise<Fault[]> {
  const faults: Fault[] = [];
  const compare = (what: string, expected: Map<string, object>, stored: Map<string, object>) => {
    for (const [id, row] of expected) {
      const s = stored.get(id);
      if (!s) faults.push({ ...at, problem: `${what} ${id} is missing from the projection` });
      else if (rowKey(s) !== rowKey(row))
        faults.push({ ...at, problem: `${what} ${id} differs from its rebuild from events: stored ${rowKey(s)} vs rebuilt ${rowKey(row)}` });
    }
    for (const id of stored.keys()) if (!expected.has(id)) faults.push({ ...at, problem: `${what} ${id} exists but no event created it` });
  };
  const accounts = new Map((await q('select * from ledger_accounts where group_id = $1')).map((r) => [String(r.id), decode.account(r)] as const));
  compare('account', state.ledger.accounts as Map<string, object>, accounts);
  const transfers = new Map((await q('select * from ledger_transfers where group_id = $1')).map((r) => [String(r.id), decode.transfer(r)] as const));
  compare('transfer', state.ledger.transfers as Map<string, object>, transfers);
  for (const t of projectionTables) {
    const stored = new Map((await q(`select * from ${tableOf[t]} where group_id = $1`)).map((r) => [keyOf(t, r), decode[t](r) as object] as const));
    compare(t.replace(/s$/, ''), state[t] as Map<string, object>, stored);
  }
  return faults;
}

/** Verifies one group, or every group that has a chain. */
export async function verifyLedger(tx: Tx, opts: { groupId?: string } = {}): Promise<VerifyReport> {
  return withClient(tx, async (client) => {
    const ids = opts.groupId
      ? [opts.groupId]
      : (
          (await client.query({
            text: 'select group_id from ledger_chain_heads union select distinct group_id from ledger_events order by 1 limit $1',
            values: [groups_per_run_max],
          })) as pg.QueryResult
        ).rows.map((r) => String(r.group_id));
    const report: VerifyReport = { groups: 0, events: 0, faults: [] };
    for (const id of ids) {
      const r = await verifyGroup(client, id);
      report.groups += 1;
      report.events += r.events;
      report.faults.push(...r.faults);
    }
    return report;
  });
}
