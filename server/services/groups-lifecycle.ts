// The end of a group's life. Completion: once every cycle's payout has completed, a sweep moves the group
// to `completed` (compare-and-set on groups.status, so a rerun or a second worker completes it once),
// records `group.updated` {status: completed} in its chain and tells every member a closing summary.
// Cancellation: the organizer of a group that has not started, or a platform admin for any group not yet
// closed (money in escrow: the refunds sweep then refunds it, payouts-credits pays leftover credits); the
// same claim, `group.updated` {status: cancelled} with the actor, and every member told. Everything that
// runs by the clock (reminders, quorum, auctions, payouts, payable dues) only looks at `active` groups, so
// a closed group goes quiet by its status alone.
import { sql } from 'drizzle-orm';
import type { Actor } from '../../core/events/envelope.ts';
import { t } from '../../core/i18n/index.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { money } from '../../core/money.ts';
import { type CancelRefusal, checkCancel, type GroupStatus, type Membership } from '../../core/rosca/index.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Db, Tx } from '../../db/client.ts';
import { claimGroupStatus, closingFigures, completionCandidates } from '../../db/groups/lifecycle.ts';
import * as repo from '../../db/groups/repo.ts';
import { appendGroupEvent, type LedgerContext } from '../../db/ledger/services.ts';
import type { Locale } from '../../tools/context.ts';
import { formatMoneyText } from '../../tools/groups-text.ts';
import { contactOf } from './groups.ts';

export const completion_batch = 200;

export type LifecycleDeps = { db: Db; pii: PiiCipher; deliver: (ids: string[]) => void; ledgerContext?: LedgerContext };

export type Canceller = { by: 'organizer'; memberId: string } | { by: 'platform_admin'; adminId: string };

export type CancelResult =
  | { ok: true; groupId: string; groupName: string; previousStatus: GroupStatus; outbox: string[] }
  | { ok: false; code: CancelRefusal | 'not_found'; groupName?: string; status?: GroupStatus };

function memberships(rows: repo.GroupMemberRow[]): Membership[] {
  return rows.map((m) => ({
    member_id: m.memberId,
    role: m.role as Membership['role'],
    status: m.status as Membership['status'],
    has_received: false,
    owed_minor: 0n,
  }));
}

async function event(tx: Tx, deps: LifecycleDeps, groupId: string, e: Parameters<typeof appendGroupEvent>[2]) {
  const r = await appendGroupEvent(tx, groupId, e, deps.ledgerContext);
  if (r.status === 'refused') throw new Error(`ledger refused ${e.event_type}: ${r.message}`);
}

type CancelRefused = { ok: false; code: CancelRefusal | 'not_found'; groupName?: string; status?: GroupStatus };

/** The group, its members and the cancellation rule for this actor; `forUpdate`: read under the group row's lock. */
async function checkedCancel(
  tx: Tx,
  groupId: string,
  who: Canceller,
  forUpdate: boolean,
): Promise<{ ok: true; g: repo.GroupRow; ms: repo.GroupMemberRow[]; status: GroupStatus } | { ok: false; refusal: CancelRefused }> {
  const g = await repo.getGroup(tx, groupId, forUpdate ? { forUpdate: true } : undefined);
  if (!g) return { ok: false, refusal: { ok: false, code: 'not_found' } };
  const ms = await repo.membersOfGroup(tx, groupId);
  const status = g.status as GroupStatus;
  const check = checkCancel(
    { status, members_count: g.membersCount },
    memberships(ms),
    who.by === 'organizer' ? { by: 'organizer', member_id: who.memberId } : { by: 'platform_admin' },
  );
  if (!check.ok) return { ok: false, refusal: { ok: false, code: check.code, groupName: g.name, status } };
  return { ok: true, g, ms, status };
}

/** What a cancellation would do, checked for this actor (read only; the write re-checks under the lock). */
export async function planCancel(
  tx: Tx,
  groupId: string,
  who: Canceller,
): Promise<
  | { ok: true; groupName: string; status: GroupStatus; members: number; heldMinor: bigint; currency: string }
  | { ok: false; code: CancelRefusal | 'not_found'; groupName?: string; status?: GroupStatus }
> {
  const checked = await checkedCancel(tx, groupId, who, false);
  if (!checked.ok) return checked.refusal;
  const { g, ms, status } = checked;
  return { ok: true, groupName: g.name, status, members: ms.length, heldMinor: await escrowHeld(tx, groupId), currency: g.currency };
}

/** Contributions still held in the group's escrow (every member sub-ledger, frozen included). */
export async function escrowHeld(tx: Tx, groupId: string): Promise<bigint> {
  const r = await tx.execute(sql`
    select coalesce(sum(credits_posted - debits_posted), 0)::bigint as held from ledger_accounts
    where group_id = ${groupId} and code in ('escrow_member', 'escrow_frozen')`);
  return BigInt((r.rows[0] as { held: string }).held);
}

/**
 * Cancels the group inside the caller's transaction: checks the actor under a lock on the group row, claims
 * the status (open|active → cancelled), records `group.updated` with the actor, and enqueues the notices.
 * A second call (retry, second worker, double tap) finds the group closed and changes nothing.
 */
export async function cancelGroupTx(tx: Tx, deps: LifecycleDeps, groupId: string, who: Canceller, key: string): Promise<CancelResult> {
  const checked = await checkedCancel(tx, groupId, who, true);
  if (!checked.ok) return checked.refusal;
  const { g, ms, status } = checked;
  if (!(await claimGroupStatus(tx, groupId, ['open', 'active'], 'cancelled'))) return { ok: false, code: 'group_closed', groupName: g.name };
  const actor: Actor = who.by === 'organizer' ? { type: 'user', id: who.memberId } : { type: 'platform_admin', id: who.adminId };
  await event(tx, deps, groupId, {
    event_type: 'group.updated',
    actor,
    subject: { type: 'group', id: groupId },
    data: { changes: { status: 'cancelled', previous_status: status, cancelled_by: actor.type, request: key } },
    idempotencyKey: `group-status:${groupId}:cancelled`,
  });
  const out: OutboundMessage[] = [];
  const actorName = who.by === 'organizer' ? (await contactOf(tx, deps.pii, who.memberId)).name : '';
  for (const m of ms) {
    if (who.by === 'organizer' && m.memberId === who.memberId) continue; // the organizer gets the tool's reply
    const c = await contactOf(tx, deps.pii, m.memberId);
    const text =
      who.by === 'organizer'
        ? t(c.locale, 'group.cancelled_notice', { group_name: g.name, actor_name: actorName })
        : t(c.locale, 'group.cancelled_notice_active', { group_name: g.name });
    out.push({ chatId: c.chatId, kind: 'text', body: { text }, idempotencyKey: `group-cancelled:${groupId}:${m.memberId}` });
  }
  return { ok: true, groupId, groupName: g.name, previousStatus: status, outbox: await enqueueOutbound(tx, out) };
}

/** Running groups whose every cycle has paid out become `completed`, once; every member gets the closing summary. */
export async function sweepCompletions(deps: LifecycleDeps, _now: Date): Promise<number> {
  let done = 0;
  for (const { group_id } of await completionCandidates(deps.db, completion_batch)) {
    const ids = await deps.db.transaction(async (tx) => {
      if (!(await claimGroupStatus(tx, group_id, ['active'], 'completed'))) return null;
      const g = await repo.getGroup(tx, group_id);
      if (!g) return null;
      const f = await closingFigures(tx, group_id);
      await event(tx, deps, group_id, {
        event_type: 'group.updated',
        actor: { type: 'system', id: 'groups' },
        subject: { type: 'group', id: group_id },
        data: {
          changes: {
            status: 'completed',
            previous_status: 'active',
            cycles_count: f.cycles,
            paid_out_minor: f.paid_out_minor.toString(),
            currency: g.currency,
          },
        },
        idempotencyKey: `group-status:${group_id}:completed`,
      });
      const out: OutboundMessage[] = [];
      for (const m of await repo.membersOfGroup(tx, group_id)) {
        const c = await contactOf(tx, deps.pii, m.memberId);
        const L: Locale = c.locale;
        out.push({
          chatId: c.chatId,
          kind: 'text',
          body: {
            text: t(L, 'group.completed_summary', {
              group_name: g.name,
              cycles: f.cycles,
              contributed: formatMoneyText(money(g.currency, f.contributed_minor.get(m.memberId) ?? 0n), L),
              paid_out: formatMoneyText(money(g.currency, f.paid_out_minor), L),
            }),
          },
          idempotencyKey: `group-completed:${group_id}:${m.memberId}`,
        });
      }
      return enqueueOutbound(tx, out);
    });
    if (!ids) continue;
    done++;
    deps.deliver(ids);
  }
  return done;
}
