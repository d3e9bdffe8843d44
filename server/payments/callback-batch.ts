// One batch of verified collection callbacks applied in ONE transaction and two round trips (group
// commit, as the ledger's capture batcher does for standalone captures):
//   1. BEGIN; store every event once (one statement); lock the batch's chain heads; read the ledger rows;
//   2. in Node, the plain successes (exact or partial payment of a pending due) are decided on each
//      group's running ledger state with the ledger's own pure core — capture hold, its confirmation,
//      and the cycle's quorum notice when this payment completes it — then ONE ledger write (db/ledger's
//      statement), a head check, ONE finishing statement (attempts, dues, quorum claims, outbox), COMMIT.
// Everything else in the batch (failures, over/duplicate payments, unknown refs, a refusal, an
// idempotency key seen before) goes through the ordinary handler in the same transaction, after the
// batched write, so it sees it; COMMIT then follows. Any error rolls the whole batch back; the batcher
// then runs each callback alone through the ordinary path (see callback-batcher.ts).

import type pg from 'pg';
import type { Clock } from '../../core/clock.ts';
import * as escrow from '../../core/escrow/commands.ts';
import { materialize } from '../../core/escrow/engine.ts';
import { createGroupState } from '../../core/escrow/state.ts';
import { requestHash } from '../../core/events/canonical.ts';
import type { Actor } from '../../core/events/envelope.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { newId } from '../../core/ids.ts';
import type { Account } from '../../core/ledger/types.ts';
import { money } from '../../core/money.ts';
import { type GroupRulesJson, quorumRequired, rulesFromJson } from '../../core/rosca/index.ts';
import type { Tx } from '../../db/client.ts';
import { captureCommand, plain } from '../../db/ledger/capture.ts';
import { decode } from '../../db/ledger/rows.ts';
import { lit } from '../../db/ledger/sql.ts';
import { type GroupWrite, type LedgerContext, writeValues } from '../../db/ledger/store.ts';
import type { CollectionContext } from '../../db/payments/callback.ts';
import {
  type FinishRow,
  finishBatchSql,
  type LedgerLocked,
  ledgerWriteSql,
  type OutboxRow,
  openBatchResults,
  openBatchSql,
  preparePaymentBatch,
  quorumAudiences,
} from '../../db/payments/callback-batch.ts';
import type { Contact } from '../../db/payments/dues.ts';
import { who } from '../services/payments-common.ts';
import { collectionMessages, quorumNoticeMessages } from '../services/payments-messages.ts';
import type { OnProviderEvent, ProviderEvent, VerifiedEvent } from './provider.ts';
import { storeInputOf } from './records.ts';

/** Same actors as the per-callback path: the provider captures, the ledger confirms, payments claims quorum. */
const LEDGER: Actor = { type: 'system', id: 'ledger' };
const PAYMENTS: Actor = { type: 'system', id: 'payments' };

export type BatchDeps = { pii: PiiCipher; clock: Clock; ledger: LedgerContext; onProviderEvent: OnProviderEvent };

/**
 * A batch's connection, taken from the pool for it: `client` for the batch's own statements (begun and
 * committed by the applier), `tx()` the same connection as a drizzle transaction for the ordinary handler.
 */
export type BatchSession = { client: pg.PoolClient; tx: () => Tx };

/**
 * Applies a batch (one event per payment ref): BEGIN … COMMIT on the session's connection; returns the
 * outbox ids to send. Throws with the transaction still open or aborted: the caller rolls back.
 * `beforeCommit` (a test seam) runs just before COMMIT.
 */
export type ApplyBatch = (session: BatchSession, events: readonly VerifiedEvent[], beforeCommit?: () => Promise<void> | void) => Promise<string[]>;

/** What this batch applies itself: a success of a known, pending attempt with its due and the member's contact. */
type Fast = {
  event: ProviderEvent;
  ctx: CollectionContext & { attempt: NonNullable<CollectionContext['attempt']>; due: NonNullable<CollectionContext['due']> };
};

type Run = GroupWrite & { head: { seq: number; hash: string } };

/** An attempt's capture hold as the per-callback path records it (`recordContributionCaptured`: same key, request and decision). */
function captureOf(attempt: Fast['ctx']['attempt'], amountMinor: bigint, lateFeeMinor: bigint, capturedAt: Date) {
  return captureCommand({
    groupId: attempt.groupId,
    cycleId: attempt.cycleId,
    contributionId: attempt.contributionId,
    memberId: attempt.memberId,
    provider: attempt.provider,
    providerRef: attempt.ref,
    amountMinor,
    lateFeeMinor,
    currency: attempt.currency,
    capturedAt,
    risk: 'pending',
  });
}

export function createBatchApplier(deps: BatchDeps): ApplyBatch {
  return async (session, events, beforeCommit) => {
    const { client } = session;
    const ids = events.map(() => newId('evt'));
    await preparePaymentBatch(client);
    // Round trip 1: BEGIN, the batch's store statement, its chain heads locked and its ledger rows read.
    const r1 = (await client.query(openBatchSql(events.map((ev, i) => storeInputOf(ev, ids[i]))))) as unknown as pg.QueryResult[];
    const { stored, locked } = openBatchResults(r1, events.length);
    const fast: Fast[] = [];
    const slow: ProviderEvent[] = [];
    events.forEach((ev, i) => {
      const s = stored[i];
      if (!s.stored || !s.emitted) return; // a redelivery, or stored for the record only
      const event: ProviderEvent = { ...ev, id: ids[i], context: s.context };
      const { attempt, due } = s.context;
      const paid = ev.amount;
      if (
        ev.type === 'collection.succeeded' &&
        attempt &&
        due &&
        attempt.status !== 'succeeded' &&
        attempt.status !== 'review' &&
        paid &&
        paid.currency.toUpperCase() === attempt.currency &&
        paid.minor > 0n &&
        due.status === 'pending'
      ) {
        fast.push({ event, ctx: { ...s.context, attempt, due } });
      } else slow.push(event);
    });
    // Round trip 2 (one more when a quorum audience was not read ahead): write, finish and, usually, COMMIT.
    const { ids: out, finish } = fast.length > 0 ? await applyFast(client, locked, fast, slow) : { ids: [] as string[], finish: '' };
    const folded = slow.length === 0 && !beforeCommit;
    if (finish) {
      const r = (await client.query(folded ? `${finish};\ncommit` : finish)) as unknown as pg.QueryResult[];
      out.push(...((r[r.length - (folded ? 2 : 1)].rows[0]?.outbox_ids as string[] | undefined) ?? []));
      if (folded) return out;
    }
    // The rest, one by one, on the database state that now includes the batched writes.
    if (slow.length > 0) {
      const tx = session.tx();
      for (const e of slow.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id))) out.push(...((await deps.onProviderEvent(tx, e)) ?? []));
    }
    if (beforeCommit) await beforeCommit();
    await client.query('commit');
    return out;
  };

  /** Decides the plain successes; returns the write + finish statements (one round trip) and nothing yet to send. */
  async function applyFast(client: pg.PoolClient, locked: LedgerLocked, fast: Fast[], slow: ProviderEvent[]): Promise<{ ids: string[]; finish: string }> {
    // Only their scopes (the accounts to load) matter here; amounts and times come with the decision below.
    const cmds = fast.map(({ ctx: { attempt } }) => captureOf(attempt, 0n, 0n, new Date(0)));
    const runs = new Map<string, Run>();
    for (const r of locked.heads) {
      const g = String(r.group_id);
      runs.set(g, {
        group_id: g,
        state: createGroupState(g),
        baseline: new Map(),
        head_seq_before: Number(r.seq),
        events: [],
        head: { seq: Number(r.seq), hash: String(r.head_hash) },
      });
    }
    const priors = new Map(locked.priors.map((r) => [`${r.group_id}\n${r.idempotency_key}`, true]));
    const accounts = new Map(locked.accounts.map((r) => [String(r.id), r]));
    const cycles = new Map(locked.escrow_cycles.map((r) => [String(r.cycle_id), r]));
    const contributions = new Map(locked.contributions.map((r) => [String(r.id), r]));
    const captured = new Map(locked.captured.map((r) => [`${r.cycle_id}\n${r.member_id}`, BigInt(r.captured as string | bigint)]));
    const quorum = new Map(locked.quorum.map((r) => [String(r.cycle_id), { paid: Number(r.paid), notified: r.notified === true }]));
    for (const [i, f] of fast.entries()) {
      const run = runs.get(f.ctx.attempt.groupId);
      if (!run) continue;
      for (const id of cmds[i].scope.account_ids) {
        const row = accounts.get(id);
        if (row && !run.baseline.has(id)) {
          const a: Account = decode.account(row);
          run.state.ledger.accounts.set(id, a);
          run.baseline.set(id, a);
        }
      }
      const cy = cycles.get(f.ctx.attempt.cycleId);
      if (cy && cy.group_id === run.group_id && !run.state.cycles.has(f.ctx.attempt.cycleId)) run.state.cycles.set(f.ctx.attempt.cycleId, decode.cycles(cy));
      const co = contributions.get(f.ctx.attempt.contributionId);
      if (co && co.group_id === run.group_id && !run.state.contributions.has(f.ctx.attempt.contributionId))
        run.state.contributions.set(f.ctx.attempt.contributionId, decode.contributions(co));
    }

    const rows: FinishRow[] = [];
    const messages: OutboxRow[] = [];
    const claims: Array<{ cycleId: string; groupId: string; rules: Record<string, unknown>; total: number }> = [];
    const now = deps.clock.now();
    const requiredByCycle = new Map<string, number>();
    for (const { event: e, ctx } of fast) {
      const { attempt, due } = ctx;
      const run = runs.get(attempt.groupId);
      const paid = e.amount ?? money(attempt.currency, attempt.amountMinor);
      const dueKey = `${attempt.cycleId}\n${attempt.memberId}`;
      // The captured sum read after the due lock: current, whatever committed while we waited for it.
      const before = captured.get(dueKey) ?? 0n;
      const owed = due.amount_minor + due.late_fee_minor - before;
      const outcome = owed <= 0n ? 'duplicate' : paid.minor < owed ? 'partial' : paid.minor === owed ? 'exact' : 'over';
      // Refunds (over / duplicate): the ordinary handler.
      if (!run || outcome === 'duplicate' || outcome === 'over') {
        slow.push(e);
        continue;
      }
      const lateFee = outcome === 'exact' && before === 0n ? due.late_fee_minor : 0n;
      const cmd = captureOf(attempt, paid.minor - lateFee, lateFee, e.occurredAt);
      // A key used before (a capture this callback's earlier run made) or a refusal: the ordinary handler decides and tells.
      // (The batch read looked keys up as `cap:<provider>:<ref>`; any other key shape is not ours to guess.)
      if (priors.has(`${run.group_id}\n${cmd.idempotency.key}`) || cmd.idempotency.key !== `cap:${attempt.provider}:${attempt.ref}`) {
        slow.push(e);
        continue;
      }
      const decision = cmd.decide(run.state);
      if (!decision.ok || decision.drafts.length === 0) {
        slow.push(e);
        continue;
      }
      append(run, decision.drafts, { key: cmd.idempotency.key, request: cmd.idempotency.request });
      priors.set(`${run.group_id}\n${cmd.idempotency.key}`, true);
      // The callback is verified (signature or provider query) and there is no further risk check yet: post the hold now.
      const conf = escrow.confirmContribution(run.state, { contribution_id: attempt.contributionId, actor: LEDGER });
      if (!conf.ok || conf.drafts.length === 0)
        throw new Error(`confirming ${attempt.contributionId} in a batch: ${conf.ok ? 'nothing to confirm' : conf.code}`);
      const confirmed = append(run, conf.drafts, null);
      captured.set(dueKey, before + paid.minor);
      const completes = outcome === 'exact';
      let claim = false;
      if (completes) {
        const q = quorum.get(attempt.cycleId) ?? { paid: 0, notified: true };
        q.paid += 1;
        quorum.set(attempt.cycleId, q);
        // Rules are validated once per cycle and batch (a zod parse: worth not repeating for every member).
        let required = requiredByCycle.get(attempt.cycleId);
        if (required === undefined) {
          required = quorumRequired(due.dues_total, rulesFromJson(due.rules as unknown as GroupRulesJson).quorumPercent);
          requiredByCycle.set(attempt.cycleId, required);
        }
        if (required > 0 && !q.notified && q.paid >= required) {
          q.notified = true;
          claim = true;
          claims.push({ cycleId: attempt.cycleId, groupId: attempt.groupId, rules: due.rules, total: due.dues_total });
          const key = `quorum:${attempt.cycleId}`;
          // As appendGroupEvent would: the key answers `exists` (or a reuse refusal) when the groups' sweep appended it first.
          if (!priors.has(`${run.group_id}\n${key}`)) {
            const draft = {
              event_type: 'cycle.quorum.met' as const,
              actor: PAYMENTS,
              subject: { type: 'cycle', id: attempt.cycleId },
              cycle_id: attempt.cycleId,
              data: { contributions_count: q.paid, quorum_required: required },
            };
            append(run, [draft], { key, request: plain(draft) });
            priors.set(`${run.group_id}\n${key}`, true);
          }
        }
      }
      rows.push({
        ref: attempt.ref,
        cycleId: attempt.cycleId,
        memberId: attempt.memberId,
        seq: confirmed.seq,
        hash: confirmed.hash.slice(0, 12),
        capturedMinor: paid.minor,
        outcome,
        settledAt: now,
        markPaid: completes,
        paidAt: e.occurredAt,
        claim,
      });
      const w = ctx.contact ? who(deps.pii, ctx.contact) : undefined;
      if (w) {
        const receipt = collectionMessages(w, attempt, due.group_name, {
          outcome,
          paidMinor: paid.minor,
          owedMinor: owed,
          extraMinor: 0n,
          occurredAt: e.occurredAt,
          ledgerSeq: confirmed.seq,
          ledgerHash: confirmed.hash.slice(0, 12),
        });
        for (const m of receipt) messages.push({ id: newId('obx'), ...m });
      }
    }
    if (claims.length > 0) messages.push(...(await quorumMessages(client, claims, locked.audience)));
    if (rows.length === 0) return { ids: [], finish: '' };
    const writes = [...runs.values()].filter((r) => r.events.length > 0);
    const { values } = writeValues(writes);
    // The ledger's own write statement, then a check that every head we locked is the head we advanced
    // (else the chain would fork: the ledger asserts the same), then the finishing statement, which fails
    // unless it settled every attempt, paid every due and claimed every quorum notice it was told to.
    const heads = writes.map((w) => `(${lit(w.group_id)},${w.head.seq},'${w.head.hash}')`).join(',');
    const check = `select ('ledger write: chain head of ' || k.group_id || ' moved under the lock: ' || coalesce(h.seq::text, 'none') || '/' || k.seq || ' ' || coalesce(h.head_hash, 'none') || '/' || k.hash)::int as failed
from (values ${heads}) as k(group_id, seq, hash) left join ledger_chain_heads h on h.group_id = k.group_id
where h.seq is distinct from k.seq::bigint or h.head_hash is distinct from k.hash`;
    // Custom plans for this transaction's EXECUTEs: a generic plan cached while the ledger tables were
    // small keeps hash-joining whole tables as they grow (until autoanalyze); planning per batch is cheap.
    return { ids: [], finish: ['set local plan_cache_mode = force_custom_plan', ledgerWriteSql(values), check, finishBatchSql(rows, messages)].join(';\n') };
  }

  /** Chains drafts onto the group's running state, keyed like the per-transaction ledger path; returns the last link. */
  function append(run: Run, drafts: Parameters<typeof materialize>[1], idem: { key: string; request: unknown } | null): { seq: number; hash: string } {
    if (drafts.length === 0) return run.head;
    const { events, head } = materialize(run.state, drafts, run.head, deps.ledger);
    run.head = head;
    const hash = idem ? requestHash(idem.request) : null;
    for (const [i, c] of events.entries()) run.events.push({ ...c, idempotency_key: i === 0 && idem ? idem.key : null, request_hash: i === 0 ? hash : null });
    return head;
  }

  /** 12.11 + 12.12 to every member of each claimed cycle, with the same keys as the groups' quorum sweep. */
  async function quorumMessages(
    client: pg.PoolClient,
    claims: Array<{ cycleId: string; rules: Record<string, unknown>; total: number }>,
    ahead: pg.QueryResultRow[],
  ): Promise<OutboxRow[]> {
    const have = new Set(ahead.map((r) => String(r.cycle_id)));
    const missing = claims.map((c) => c.cycleId).filter((c) => !have.has(c));
    const rows = missing.length > 0 ? [...ahead, ...(await quorumAudiences(client, missing))] : ahead;
    const out: OutboxRow[] = [];
    for (const c of claims) {
      const mine = rows.filter((r) => r.cycle_id === c.cycleId);
      if (mine.length === 0) continue;
      const first = mine[0];
      const audience = mine.map((r) =>
        who(deps.pii, {
          member_id: String(r.member_id),
          phone_enc: String(r.phone_enc),
          name_enc: r.name_enc ?? null,
          locale: r.locale ?? null,
          country: String(r.country),
        } as Contact),
      );
      const rid = first.recipient_member_id as string | null;
      const recipient =
        audience.find((a) => a.memberId === rid) ??
        (rid && first.r_phone_enc
          ? who(deps.pii, {
              member_id: rid,
              phone_enc: String(first.r_phone_enc),
              name_enc: first.r_name_enc ?? null,
              locale: first.r_locale ?? null,
              country: String(first.r_country),
            })
          : undefined);
      const rules = rulesFromJson(c.rules as unknown as GroupRulesJson);
      // An auction cycle's recipient gets pot − discount once bidding settled (as settledPayoutMinor says).
      const discount = first.discount_minor === null || first.discount_minor === undefined ? 0n : BigInt(first.discount_minor as string | bigint);
      const pot = money(rules.contribution.currency, rules.contribution.minor * BigInt(c.total) - discount);
      const notices = quorumNoticeMessages(audience, {
        cycleId: c.cycleId,
        groupName: String(first.group_name),
        dueDate: String(first.due_date),
        recipient,
        pot,
      });
      for (const m of notices) out.push({ id: newId('obx'), ...m });
    }
    return out;
  }
}
