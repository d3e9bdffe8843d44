// The money invariants, checked after every simulated step and by `ledger:verify`. Each violation is a
// sentence naming what broke; an empty list means the group's books are sound.
import { assertBounds } from '../ledger/ledger.ts';
import { TransferFlags } from '../ledger/types.ts';
import { parseCreditPayoutCycleId } from './accounts.ts';
import { credit_payout_code } from './credit-payout.ts';
import type { GroupState } from './state.ts';

export function checkInvariants(state: GroupState): string[] {
  const out: string[] = [];
  const { accounts, transfers } = state.ledger;
  // Double entry: every transfer is one debit and one credit of the same currency, so totals balance.
  let dp = 0n,
    dpo = 0n,
    cp = 0n,
    cpo = 0n;
  for (const a of accounts.values()) {
    dp += a.debits_pending;
    dpo += a.debits_posted;
    cp += a.credits_pending;
    cpo += a.credits_posted;
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
  // Auction money that crosses cycles (counted from the transfers, which the cycle rows do not carry):
  // dividends leave a released pot for members' credit accounts, credits come back into a later pot or
  // into the member's own leftover-credit payout.
  const credit = auctionCredits(state, out);
  // A cycle's escrow holds exactly what came in, less what went out.
  for (const c of state.cycles.values()) {
    let held = 0n;
    for (const a of accounts.values()) {
      if (a.cycle_id === c.cycle_id && (a.code === 'escrow_member' || a.code === 'escrow_frozen')) {
        held += a.credits_posted + a.credits_pending - a.debits_posted - a.debits_pending;
      }
    }
    const credited_in = credit.into.get(c.cycle_id) ?? 0n;
    const dividends_out = credit.out.get(c.cycle_id) ?? 0n;
    const expected = c.captured_minor + credited_in - c.released_minor - c.refunded_minor - c.charged_back_minor - dividends_out;
    if (held !== expected) {
      out.push(`cycle ${c.cycle_id} escrow holds ${held}, expected captured + credits applied − released − refunded − charged back − dividends = ${expected}`);
    }
    if (dividends_out > 0n && c.status !== 'released') out.push(`cycle ${c.cycle_id} paid dividends before its release`);
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

/**
 * Member credit accounts move only by `dividend` (from a released cycle's pot, into the credit),
 * `credit_applied` (from the credit into the same member's escrow of a later cycle) and `credit_payout`
 * (from the credit into the member's own leftover-credit payout, `credit-payout.ts`), so a credit balance is
 * exactly dividends received − credits applied − credits paid out, and no minor unit of a discount can go
 * anywhere else. A credit payout's cycle takes no contribution and releases only to that member.
 */
function auctionCredits(state: GroupState, out: string[]): { into: Map<string, bigint>; out: Map<string, bigint> } {
  const into = new Map<string, bigint>();
  const from = new Map<string, bigint>();
  const add = (m: Map<string, bigint>, k: string, v: bigint) => m.set(k, (m.get(k) ?? 0n) + v);
  const { accounts, transfers } = state.ledger;
  const balance = new Map<string, bigint>();
  const paid_out = new Map<string, bigint>();
  for (const t of transfers.values()) {
    const d = accounts.get(t.debit_account_id);
    const c = accounts.get(t.credit_account_id);
    if (!d || !c) continue;
    const touches = d.code === 'member_credit' || c.code === 'member_credit';
    if (t.code === 'dividend') {
      if (d.code !== 'escrow_member' || d.cycle_id === null || c.code !== 'member_credit')
        out.push(`dividend ${t.id} does not go from a pot to a member credit`);
      else {
        add(from, d.cycle_id, t.amount_minor);
        add(balance, c.id, t.amount_minor);
      }
    } else if (t.code === 'credit_applied') {
      if (
        d.code !== 'member_credit' ||
        c.code !== 'escrow_member' ||
        c.cycle_id === null ||
        c.member_id !== d.member_id ||
        parseCreditPayoutCycleId(c.cycle_id)
      ) {
        out.push(`credit ${t.id} does not go from a member credit to that member’s pot`);
      } else {
        add(into, c.cycle_id, t.amount_minor);
        add(balance, d.id, -t.amount_minor);
      }
    } else if (t.code === credit_payout_code) {
      const named = c.cycle_id === null ? null : parseCreditPayoutCycleId(c.cycle_id);
      if (d.code !== 'member_credit' || c.code !== 'escrow_member' || !named || named.member_id !== d.member_id || c.member_id !== d.member_id) {
        out.push(`credit payout ${t.id} does not go from a member credit to that member’s own credit payout`);
      } else {
        add(into, c.cycle_id as string, t.amount_minor);
        add(balance, d.id, -t.amount_minor);
        add(paid_out, d.id, t.amount_minor);
      }
    } else if (touches) out.push(`transfer ${t.id} (${t.code}) moves a member credit`);
  }
  for (const a of accounts.values()) {
    if (a.code !== 'member_credit') continue;
    const held = a.credits_posted - a.debits_posted;
    if (held !== (balance.get(a.id) ?? 0n) || a.credits_pending !== 0n || a.debits_pending !== 0n) {
      out.push(`member credit ${a.id} holds ${held}, expected dividends − credits applied − credits paid out = ${balance.get(a.id) ?? 0n}`);
    }
  }
  // A leftover-credit payout's cycle: nothing captured into it, released once, to the member it names.
  for (const c of state.cycles.values()) {
    const named = parseCreditPayoutCycleId(c.cycle_id);
    if (!named) continue;
    if (c.captured_minor !== 0n || c.refunded_minor !== 0n || c.charged_back_minor !== 0n) out.push(`credit payout ${c.cycle_id} took contributions`);
    const payouts = [...state.payouts.values()].filter((p) => p.cycle_id === c.cycle_id);
    if (c.status !== 'released' || payouts.length !== 1 || payouts[0].recipient_member_id !== named.member_id) {
      out.push(`credit payout ${c.cycle_id} is not one release to ${named.member_id}`);
    }
    if ((into.get(c.cycle_id) ?? 0n) !== c.released_minor) out.push(`credit payout ${c.cycle_id} released ${c.released_minor}, not the credit paid out`);
  }
  return { into, out: from };
}
