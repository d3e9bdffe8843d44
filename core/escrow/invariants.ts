// The money invariants, checked after every simulated step and by `ledger:verify`. Each violation is a
// sentence naming what broke; an empty list means the group's books are sound.
import { assertBounds } from '../ledger/ledger.ts';
import { TransferFlags } from '../ledger/types.ts';
import type { GroupState } from './state.ts';

export function checkInvariants(state: GroupState): string[] {
  const out: string[] = [];
  const { accounts, transfers } = state.ledger;
  // Double entry: every transfer is one debit and one credit of the same currency, so totals balance.
  let dp = 0n, dpo = 0n, cp = 0n, cpo = 0n;
  for (const a of accounts.values()) {
    dp += a.debits_pending; dpo += a.debits_posted; cp += a.credits_pending; cpo += a.credits_posted;
    try {
      assertBounds(a);
    } catch {
      out.push(`account ${a.id} is past its bound (debits ${a.debits_posted + a.debits_pending}, credits ${a.credits_posted})`);
    }
    if (a.debits_pending < 0n || a.credits_pending < 0n) out.push(`account ${a.id} has a negative pending balance`);
  }
  if (dp !== cp || dpo !== cpo) out.push(`ledger unbalanced: debits ${dpo}/${dp} vs credits ${cpo}/${cp} (posted/pending)`);
  for (const t of transfers.values()) {
    const d = accounts.get(t.debit_account_id);
    const c = accounts.get(t.credit_account_id);
    if (!d || !c) out.push(`transfer ${t.id} references a missing account`);
    else if (d.currency !== t.currency || c.currency !== t.currency) out.push(`transfer ${t.id} crosses currencies`);
    if (t.amount_minor <= 0n) out.push(`transfer ${t.id} moves ${t.amount_minor}`);
    if (t.flags & (TransferFlags.post_pending | TransferFlags.void_pending) && !transfers.has(t.pending_id ?? '')) {
      out.push(`transfer ${t.id} resolves a missing hold`);
    }
  }
  // A cycle's escrow holds exactly what came in, less what went out.
  for (const c of state.cycles.values()) {
    let held = 0n;
    for (const a of accounts.values()) {
      if (a.cycle_id === c.cycle_id && (a.code === 'escrow_member' || a.code === 'escrow_frozen')) {
        held += a.credits_posted + a.credits_pending - a.debits_posted - a.debits_pending;
      }
    }
    const expected = c.captured_minor - c.released_minor - c.refunded_minor - c.charged_back_minor;
    if (held !== expected) out.push(`cycle ${c.cycle_id} escrow holds ${held}, expected captured − released − refunded − charged back = ${expected}`);
    if (c.status === 'released') {
      for (const f of state.freezes.values()) {
        if (f.cycle_id === c.cycle_id && f.status === 'active' && f.amount_minor > 0n) {
          const frozen = [...accounts.values()].find((a) => a.code === 'escrow_frozen' && a.cycle_id === c.cycle_id && a.member_id === f.member_id);
          if (!frozen || frozen.credits_posted - frozen.debits_posted < f.amount_minor) out.push(`frozen funds of ${f.id} were released`);
        }
      }
    }
  }
  // Clearing accounts hold exactly what is in flight, so they are back to zero once everything settled.
  const in_flight = new Map<string, bigint>();
  const bump = (code: string, v: bigint) => in_flight.set(code, (in_flight.get(code) ?? 0n) + v);
  for (const p of state.payouts.values()) if (p.status === 'released' || p.status === 'failed') bump('payout_clearing', p.net_minor);
  for (const r of state.refunds.values()) if (r.status === 'executed') bump('refund_clearing', r.amount_minor);
  for (const a of accounts.values()) {
    if (a.code !== 'payout_clearing' && a.code !== 'refund_clearing') continue;
    const balance = a.credits_posted - a.debits_posted;
    const expected = in_flight.get(a.code) ?? 0n;
    if (balance !== expected) out.push(`${a.code} ${a.id} holds ${balance}, expected ${expected} in flight`);
  }
  return out;
}
