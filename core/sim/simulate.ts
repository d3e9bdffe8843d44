// The deterministic simulation of the spec (§11.3): groups of 10 members over 4 cycles, driven by one
// seed and a simulated clock — payment delays and failures, duplicate and reordered provider callbacks,
// late fees, KYC freezes, disputes, refunds and payouts — with the invariants checked after every step.
import { createTestClock } from '../clock.ts';
import { approveRefund, executeRefund, requestRefund, settleRefund } from '../refunds/commands.ts';
import { addEvidence, closeDispute, openDispute, resolveDispute, startInvestigation } from '../disputes/commands.ts';
import * as escrow from '../escrow/commands.ts';
import type { Decision } from '../escrow/decision.ts';
import { checkInvariants } from '../escrow/invariants.ts';
import { createMemoryLedger, type CommandResult } from '../escrow/memory-store.ts';
import type { GroupState } from '../escrow/state.ts';
import { replayChain } from '../escrow/verify.ts';
import { createIdFactory } from '../ids.ts';
import { createPrng } from './prng.ts';

export type SimOptions = { seed: number; members?: number; cycles?: number };
export type SimReport = {
  seed: number;
  steps: number;
  events: number;
  outcomes: Record<string, number>;
  captured_minor: bigint;
  released_minor: bigint;
  refunded_minor: bigint;
  violations: string[];
};

const DAY_MS = 86_400_000;
export const steps_max = 20_000;

export class SimulationFailure extends Error {
  readonly seed: number;
  constructor(seed: number, step: number, what: string, violations: string[]) {
    super(`seed ${seed}, step ${step} (${what}): ${violations.join('; ')}`);
    this.seed = seed;
  }
}

export function simulateGroup(opts: SimOptions): SimReport {
  const rng = createPrng(opts.seed);
  const clock = createTestClock('2026-01-05T08:00:00.000Z');
  const ids = createIdFactory({ clock, random: rng });
  const ledger = createMemoryLedger({ clock, ids });
  const group_id = ids.newId('grp');
  const members = Array.from({ length: opts.members ?? 10 }, () => ids.newId('usr'));
  const currency = rng.pick(['KES', 'UGX', 'XOF', 'TZS'] as const);
  const amount = currency === 'UGX' || currency === 'XOF' ? 50_000n : 2_500_00n;
  const late_fee = amount / 20n;
  const report: SimReport = { seed: opts.seed, steps: 0, events: 0, outcomes: {}, captured_minor: 0n, released_minor: 0n, refunded_minor: 0n, violations: [] };
  const queue: { at_ms: number; order: number; what: string; run: () => void }[] = [];
  let order = 0;
  const at = (at_ms: number, what: string, run: () => void) => queue.push({ at_ms, order: order++, what, run });
  const exec = (what: string, decide: (s: GroupState) => Decision, key: string | null = null): CommandResult => {
    const r = ledger.run(group_id, key ? { key, request: what } : null, decide);
    const tag = `${what.split(' ')[0]}:${r.status}${r.status === 'refused' ? `:${r.code}` : ''}`;
    report.outcomes[tag] = (report.outcomes[tag] ?? 0) + 1;
    return r;
  };
  const sys = { type: 'system' as const, id: 'sim' };
  const start_ms = clock.now().getTime();

  for (let k = 0; k < (opts.cycles ?? 4); k++) {
    const cycle_id = ids.newId('cyc');
    const open_ms = start_ms + k * 30 * DAY_MS;
    const due_ms = open_ms + 7 * DAY_MS;
    const recipient = members[k % members.length];
    members.forEach((m, i) => {
      const contribution_id = ids.newId('ctr');
      let pay_ms = open_ms + rng.int(0, 10 * DAY_MS);
      if (rng.chance(0.1)) {
        const ref = `F${opts.seed}-${k}-${i}`;
        at(pay_ms, `fail ${ref}`, () =>
          exec(
            `fail ${ref}`,
            (s) =>
              escrow.recordPaymentFailed(s, {
                contribution_id,
                cycle_id,
                member_id: m,
                provider: 'mpesa',
                provider_ref: ref,
                reason: 'insufficient_funds',
                actor: sys,
              }),
            `fail:${ref}`,
          ),
        );
        pay_ms += rng.int(1, 3) * DAY_MS;
      }
      if (rng.chance(0.05)) return; // never pays this cycle
      const ref = `P${opts.seed}-${k}-${i}`;
      const risk = rng.chance(0.3) ? 'pending' : 'passed';
      const capture = () =>
        exec(
          `capture ${ref}`,
          (s) =>
            escrow.captureContribution(s, {
              contribution_id,
              cycle_id,
              member_id: m,
              provider: 'mpesa',
              provider_ref: ref,
              amount_minor: amount,
              late_fee_minor: pay_ms > due_ms ? late_fee : 0n,
              currency,
              captured_at: new Date(pay_ms),
              risk,
              actor: sys,
            }),
          `cap:${ref}`,
        );
      // Provider callbacks arrive late, twice, and out of order.
      const deliveries = rng.chance(0.25) ? 2 : 1;
      for (let d = 0; d < deliveries; d++) at(pay_ms + rng.int(0, 6) * 3_600_000, `capture ${ref}`, capture);
      if (risk === 'pending') {
        let confirm_attempts = 0;
        const confirm = () => {
          const r = exec(`confirm ${contribution_id}`, (s) => escrow.confirmContribution(s, { contribution_id, actor: sys }));
          // A confirmation that overtook its capture is retried (bounded: the capture may never land).
          if (r.status === 'refused' && r.code === 'contribution_unknown' && confirm_attempts++ < 48)
            at(clock.now().getTime() + 3_600_000, `confirm ${contribution_id}`, confirm);
        };
        at(pay_ms + rng.int(-2, 24) * 3_600_000, `confirm ${contribution_id}`, confirm);
      }
      if (rng.chance(0.08)) {
        const refund_id = ids.newId('rfd');
        const admin = m === members[0] ? members[1] : members[0];
        at(pay_ms + DAY_MS, `refund ${refund_id}`, () => {
          const r = exec(`refund ${refund_id}`, (s) =>
            requestRefund(s, { refund_id, contribution_id, amount_minor: amount, reason: 'changed_mind', requested_by: m, actor: sys }),
          );
          if (r.status !== 'created') return;
          exec('approve-self', (s) => approveRefund(s, { refund_id, role: 'group_admin', approver_id: m, actor: sys })); // must be refused
          exec(`approve ${refund_id}`, (s) => approveRefund(s, { refund_id, role: 'group_admin', approver_id: admin, actor: sys }));
          exec(`approve ${refund_id}`, (s) => approveRefund(s, { refund_id, role: 'platform_admin', approver_id: 'adm_platform', actor: sys }));
          exec(`execute ${refund_id}`, (s) => executeRefund(s, { refund_id, actor: sys }));
          const outcome = rng.chance(0.8) ? 'completed' : 'failed';
          at(clock.now().getTime() + DAY_MS, `settle ${refund_id}`, () =>
            exec(`settle ${refund_id}`, (s) => settleRefund(s, { refund_id, outcome, provider_ref: `RF${refund_id}`, actor: sys })),
          );
        });
      }
      if (rng.chance(0.06)) {
        const freeze_id = ids.newId('frz');
        at(pay_ms + 2 * DAY_MS, `kyc ${freeze_id}`, () =>
          exec(`kyc ${freeze_id}`, (s) => escrow.freezeFunds(s, { freeze_id, cycle_id, member_id: m, reason: 'kyc', actor: sys })),
        );
        at(pay_ms + 4 * DAY_MS, `lift ${freeze_id}`, () => exec(`lift ${freeze_id}`, (s) => escrow.liftFreeze(s, { freeze_id, actor: sys })));
      }
      if (rng.chance(0.08)) {
        const dispute_id = ids.newId('dsp');
        const t0 = pay_ms + DAY_MS;
        const outcome = rng.pick(['release', 'refund', 'chargeback'] as const);
        at(t0, `dispute ${dispute_id}`, () =>
          exec(`dispute ${dispute_id}`, (s) =>
            openDispute(s, { dispute_id, cycle_id, member_id: m, kind: 'not_recorded', reason: 'paid', opened_by: m, freeze_id: ids.newId('frz'), actor: sys }),
          ),
        );
        at(t0 + DAY_MS, `evidence ${dispute_id}`, () =>
          exec(`evidence ${dispute_id}`, (s) => addEvidence(s, { dispute_id, added_by: m, kind: 'receipt', note: 'sms', actor: sys })),
        );
        at(t0 + 2 * DAY_MS, `investigate ${dispute_id}`, () =>
          exec(`investigate ${dispute_id}`, (s) => startInvestigation(s, { dispute_id, investigator_id: 'adm_platform', actor: sys })),
        );
        at(t0 + 3 * DAY_MS, `resolve ${dispute_id}`, () => {
          const refund_id = ids.newId('rfd');
          const r = exec(`resolve ${dispute_id}`, (s) =>
            resolveDispute(s, { dispute_id, outcome, resolved_by: 'adm_platform', note: 'done', refund_id, actor: sys }),
          );
          if (r.status !== 'created')
            exec(`resolve ${dispute_id}`, (s) =>
              resolveDispute(s, { dispute_id, outcome: 'release', resolved_by: 'adm_platform', note: 'nothing held', actor: sys }),
            );
          if (r.status === 'created' && outcome === 'refund') {
            exec(`execute ${refund_id}`, (s) => executeRefund(s, { refund_id, actor: sys }));
            exec(`settle ${refund_id}`, (s) => settleRefund(s, { refund_id, outcome: 'completed', provider_ref: `RF${refund_id}`, actor: sys }));
          }
          exec(`close ${dispute_id}`, (s) => closeDispute(s, { dispute_id, actor: sys }));
        });
      }
    });
    const payout_id = ids.newId('pout');
    let attempts = 0;
    const release = () => {
      const r = exec(
        `release ${payout_id}`,
        (s) =>
          escrow.releasePayout(s, {
            payout_id,
            cycle_id,
            recipient_member_id: recipient,
            due_at: new Date(due_ms),
            quorum_required: 7,
            fee_bps: 150,
            now: clock.now(),
            actor: sys,
          }),
        null,
      );
      if (r.status === 'refused' && attempts++ < 30 && r.code !== 'nothing_to_release' && r.code !== 'cycle_empty')
        at(clock.now().getTime() + DAY_MS, `release ${payout_id}`, release);
      if (r.status !== 'created') return;
      const t = clock.now().getTime();
      if (rng.chance(0.2))
        at(t + 3_600_000, `payout-fail ${payout_id}`, () =>
          exec(`payout-fail ${payout_id}`, (s) => escrow.failPayout(s, { payout_id, provider: 'mpesa', reason: 'timeout', actor: sys })),
        );
      for (let d = 0; d < (rng.chance(0.3) ? 2 : 1); d++) {
        at(t + rng.int(2, 30) * 3_600_000, `payout-complete ${payout_id}`, () =>
          exec(`payout-complete ${payout_id}`, (s) => escrow.completePayout(s, { payout_id, provider: 'mpesa', provider_ref: `B2C-${payout_id}`, actor: sys })),
        );
      }
    };
    at(due_ms, `release ${payout_id}`, release);
  }

  while (queue.length > 0) {
    if (report.steps >= steps_max) throw new SimulationFailure(opts.seed, report.steps, 'step limit', ['the simulation did not settle']);
    queue.sort((a, b) => a.at_ms - b.at_ms || a.order - b.order);
    const next = queue.shift() as (typeof queue)[number];
    if (next.at_ms > clock.now().getTime()) clock.set(new Date(next.at_ms));
    next.run();
    report.steps += 1;
    const violations = checkInvariants(ledger.state(group_id));
    if (violations.length > 0) throw new SimulationFailure(opts.seed, report.steps, next.what, violations);
  }
  // The chain alone must rebuild the same books.
  const chain = ledger.chain(group_id);
  const replay = replayChain(
    group_id,
    chain.map((c) => ({ group_id, seq: c.seq, event_id: c.event.event_id, prev_hash: c.prev_hash, hash: c.hash, event: JSON.parse(JSON.stringify(c.event)) })),
  );
  if (replay.faults.length > 0)
    throw new SimulationFailure(
      opts.seed,
      report.steps,
      'replay',
      replay.faults.map((f) => `${f.event_id}: ${f.problem}`),
    );
  const state = ledger.state(group_id);
  for (const c of state.cycles.values()) {
    report.captured_minor += c.captured_minor;
    report.released_minor += c.released_minor;
    report.refunded_minor += c.refunded_minor;
  }
  report.events = chain.length;
  return report;
}
