// What a command decides: the events to append (drafts without id, time or group), or why it refuses.
import type { Actor, LedgerBlock, Subject } from '../events/envelope.ts';
import type { EventType } from '../events/catalogue.ts';
import type { AccountSpec, TransferSpec } from '../ledger/types.ts';
import { TransferFlags } from '../ledger/types.ts';

export type Draft = { event_type: EventType; actor: Actor; subject: Subject; cycle_id: string | null; data: Record<string, unknown> };

export type Refusal = { ok: false; code: string; message: string };
/** `drafts` empty means "nothing to do" (a stale or already-applied callback). */
export type Decision = { ok: true; drafts: Draft[] } | Refusal;

export function refuse(code: string, message: string): Refusal {
  return { ok: false, code, message };
}

export function decided(...drafts: Draft[]): Decision {
  return { ok: true, drafts };
}

export type TransferDraft = {
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_minor: bigint;
  currency: string;
  code: string;
  flags?: number;
  pending_id?: string | null;
};

/** The ledger block of an event; links every transfer but the last, so the block is all-or-nothing. */
export function block(accounts: AccountSpec[], transfers: TransferDraft[]): LedgerBlock {
  const unique = new Map(accounts.map((a) => [a.id, a]));
  return {
    accounts: [...unique.values()],
    transfers: transfers.map(
      (t, i): TransferSpec => ({
        id: t.id,
        debit_account_id: t.debit_account_id,
        credit_account_id: t.credit_account_id,
        amount_minor: t.amount_minor.toString(),
        currency: t.currency,
        code: t.code,
        flags: (t.flags ?? 0) | (i < transfers.length - 1 ? TransferFlags.linked : 0),
        pending_id: t.pending_id ?? null,
      }),
    ),
  };
}
