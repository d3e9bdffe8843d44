// Savings groups behind the tool port: create (with the seed commitment and an invite + QR code), join,
// start (cycles, dues, payout order, ledger events), rules, members, payout order, cycle status. Every
// write re-checks the actor's role in the group (core/rosca/membership) inside its transaction, and
// notifies the other members through the outbox in that same transaction.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Clock } from '../../core/clock.ts';
import type { Actor } from '../../core/events/envelope.ts';
import { t } from '../../core/i18n/index.ts';
import { chatIdFromE164 } from '../../core/identity/phone.ts';
import type { PiiCipher } from '../../core/identity/pii.ts';
import { createIdFactory, newId } from '../../core/ids.ts';
import {
  checkJoin,
  checkOrganizerAction,
  checkRemoval,
  checkStart,
  claimSlot,
  commitSeed,
  createSeed,
  cycleSchedule,
  dueDateOf,
  finalizeChosenOrder,
  freeSlots,
  type GroupRules,
  type GroupRulesJson,
  type GroupStatus,
  groupSchedule,
  type Membership,
  parseGroupRules,
  randomOrder,
  rulesFromJson,
  rulesToJson,
  validateManualOrder,
} from '../../core/rosca/index.ts';
import { enqueueOutbound, type OutboundMessage } from '../../db/channel.ts';
import type { Db, Tx } from '../../db/client.ts';
import * as repo from '../../db/groups/repo.ts';
import { appendGroupEvent, type LedgerContext } from '../../db/ledger/services.ts';
import { getMember } from '../../db/members.ts';
import type { Locale } from '../../tools/context.ts';
import { dateText, fieldText, formatAmount, inviteLink, type RuleField } from '../../tools/groups-text.ts';
import type { GroupResult, GroupServices, GroupView, OrderLine, StatusSummary } from '../../tools/services.ts';
import { cancelGroupTx, planCancel } from './groups-lifecycle.ts';

export const invite_ttl_days = 14;
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I/L look-alikes
const CODE_LENGTH = 6;

export type GroupDeps = { db: Db; pii: PiiCipher; clock: Clock; botPhone: string; deliver: (ids: string[]) => void };

export type GroupServicesImpl = GroupServices & {
  memberships(memberId: string): Promise<{ groupIds: string[]; organizer: boolean }>;
  statusSummary(memberId: string, locale: Locale): Promise<StatusSummary>;
  ledgerContext: LedgerContext;
};

export function newInviteCode(): string {
  let s = '';
  for (let i = 0; i < CODE_LENGTH; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

export function groupView(row: repo.GroupRow, role: string, membersJoined: number): GroupView {
  return {
    id: row.id,
    name: row.name,
    status: row.status as GroupStatus,
    role: role as GroupView['role'],
    rules: rulesFromJson(row.rules as GroupRulesJson),
    membersJoined,
    commitment: row.seedCommitment,
  };
}

function memberships(rows: repo.GroupMemberRow[]): Membership[] {
  return rows.map((m) => ({
    member_id: m.memberId,
    role: m.role as Membership['role'],
    status: m.status as Membership['status'],
    has_received: false,
    owed_minor: 0n,
  }));
}

/** What a member's chat and language are, for notifications; names for texts about them. */
export async function contactOf(tx: Tx, pii: PiiCipher, memberId: string): Promise<{ chatId: string; locale: Locale; name: string }> {
  const m = await getMember(tx, pii, memberId);
  if (!m) throw new Error(`unknown member ${memberId}`);
  return { chatId: chatIdFromE164(m.phone), locale: (m.locale as Locale | null) ?? 'en', name: m.name ?? m.phoneMasked };
}

export function createGroupServices(deps: GroupDeps): GroupServicesImpl {
  const { db, pii, clock } = deps;
  const ledgerContext: LedgerContext = { clock, ids: createIdFactory({ clock }) };
  const userActor = (id: string): Actor => ({ type: 'user', id });

  async function event(tx: Tx, groupId: string, e: Parameters<typeof appendGroupEvent>[2]) {
    const r = await appendGroupEvent(tx, groupId, e, ledgerContext);
    if (r.status === 'refused') throw new Error(`ledger refused ${e.event_type}: ${r.message}`);
  }

  async function qrMessage(tx: Tx, memberId: string, group: GroupView, code: string, link: string, key: string): Promise<OutboundMessage> {
    const c = await contactOf(tx, pii, memberId);
    const png = await QRCode.toBuffer(link, { type: 'png', width: 480, margin: 2 });
    return {
      chatId: c.chatId,
      kind: 'file',
      body: {
        fileName: `join-${code}.png`,
        caption: t(c.locale, 'group.invite_qr_caption', { group_name: group.name, code }),
        mimeType: 'image/png',
        dataBase64: png.toString('base64'),
      },
      idempotencyKey: key,
    };
  }

  async function newInvite(tx: Tx, groupId: string, createdBy: string): Promise<string> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const code = newInviteCode();
      const ok = await repo.insertInvite(tx, {
        code,
        groupId,
        createdBy,
        expiresAt: new Date(clock.now().getTime() + invite_ttl_days * 86_400_000),
        createdAt: clock.now(),
      });
      if (ok) return code;
    }
    throw new Error('could not allocate an invite code');
  }

  async function viewFor(tx: Tx, groupId: string, memberId: string): Promise<GroupView | undefined> {
    const g = await repo.getGroup(tx, groupId);
    if (!g) return undefined;
    const ms = await repo.membersOfGroup(tx, groupId);
    return groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length);
  }

  async function names(tx: Tx, ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of ids) out.set(id, (await contactOf(tx, pii, id)).name);
    return out;
  }

  /** Runs a write and hands its outbox rows to the sender once committed. */
  async function write<T>(fn: (tx: Tx, out: OutboundMessage[]) => Promise<T>): Promise<T> {
    const { result, ids } = await db.transaction(async (tx) => {
      const out: OutboundMessage[] = [];
      const result = await fn(tx, out);
      const ids = await enqueueOutbound(tx, out);
      return { result, ids };
    });
    deps.deliver(ids);
    return result;
  }

  async function notifyAll(tx: Tx, out: OutboundMessage[], groupId: string, except: string | null, key: string, text: (locale: Locale) => string) {
    for (const m of await repo.membersOfGroup(tx, groupId)) {
      if (m.memberId === except) continue;
      const c = await contactOf(tx, pii, m.memberId);
      out.push({ chatId: c.chatId, kind: 'text', body: { text: text(c.locale) }, idempotencyKey: `${key}:${m.memberId}` });
    }
  }

  function orderLines(rules: GroupRules, order: Array<string | null>, nameOf: Map<string, string>): OrderLine[] {
    return order.map((id, i) => ({
      position: i + 1,
      memberName: id ? (nameOf.get(id) ?? '?') : '—',
      payoutDate: dueDateOf(rules.startDate, rules.frequency, i + 1),
    }));
  }

  /**
   * A removed member's turns that have not paid out are dropped (their dues waived; money already captured
   * for them is refunded by the `refunds-automatic` sweep): the other cycles keep their dates and recipients,
   * and the group completes after its last remaining cycle. Recorded as `group.updated` {schedule}; every
   * remaining member is told the new schedule. Runs in the removal's transaction, under the group lock.
   */
  async function dropTurnsOf(tx: Tx, out: OutboundMessage[], g: repo.GroupRow, targetId: string, targetName: string, key: string) {
    const dropped = await repo.dropOrphanCycles(tx, g.id, targetId, g.payoutOrder === 'auction', clock.now());
    if (dropped.length === 0) return;
    const remaining = (await repo.cyclesOfGroup(tx, g.id)).filter((c) => c.status !== 'dropped');
    await event(tx, g.id, {
      event_type: 'group.updated',
      actor: { type: 'system', id: 'groups' },
      subject: { type: 'group', id: g.id },
      data: {
        changes: {
          schedule: {
            reason: 'member_removed',
            member_id: targetId,
            dropped_cycles: dropped.map((c) => ({ cycle_id: c.id, cycle_no: c.cycle_no, due_date: c.due_date })),
            cycles_count: remaining.length,
            last_due_date: remaining.at(-1)?.dueDate ?? null,
          },
        },
      },
      idempotencyKey: `schedule:${key}`,
    });
    const open = remaining.filter((c) => c.status !== 'completed');
    const nameOf = await names(tx, [...new Set(open.map((c) => c.recipientMemberId).filter((x): x is string => !!x))]);
    await notifyAll(tx, out, g.id, null, `schedule:${key}`, (locale) =>
      t(locale, 'group.schedule_changed', {
        group_name: g.name,
        member_name: targetName,
        dropped: dropped.map((c) => dateText(locale, c.due_date)).join(', '),
        schedule: open
          .map((c) =>
            t(locale, 'group.schedule_line', {
              date: dateText(locale, c.dueDate),
              recipient: c.recipientMemberId ? (nameOf.get(c.recipientMemberId) ?? '?') : t(locale, 'group.schedule_by_auction'),
            }),
          )
          .join('\n'),
        end_date: remaining.length ? dateText(locale, remaining[remaining.length - 1].dueDate) : '—',
      }),
    );
  }

  const services: GroupServicesImpl = {
    ledgerContext,
    memberships: (memberId) => repo.membershipsOf(db, memberId),

    async statusSummary(memberId, locale) {
      const now = clock.now();
      const out: StatusSummary = { groups: [] };
      for (const { group } of await repo.groupsOfMember(db, memberId)) {
        const rules = rulesFromJson(group.rules as GroupRulesJson);
        if (group.status === 'completed' || group.status === 'cancelled') {
          out.groups.push({ name: group.name, status: t(locale, `group_state.${group.status}`) });
          continue;
        }
        if (group.status !== 'active') {
          const n = await repo.activeCount(db, group.id);
          out.groups.push({ name: group.name, status: `${n}/${group.membersCount}` });
          continue;
        }
        const cs = await repo.cyclesOfGroup(db, group.id);
        const current = cs.find((c) => c.graceDeadlineAt >= now) ?? cs.at(-1);
        if (!current) continue;
        const due = (await repo.duesOfCycle(db, current.id)).find((d) => d.memberId === memberId);
        const state = !due ? 'not_due' : due.status === 'paid' ? 'paid' : now > current.dueAt ? 'late' : 'pending';
        out.groups.push({
          name: group.name,
          status: t(locale, `contribution_status.${state}`),
          nextDueDate: dateText(locale, current.dueDate),
          amount: `${formatAmount(rules.contribution, locale)} ${rules.contribution.currency}`,
          paid: state === 'paid',
        });
      }
      return out;
    },

    async list(memberId) {
      const rows = await repo.groupsOfMember(db, memberId);
      const out: GroupView[] = [];
      for (const r of rows) out.push(groupView(r.group, r.role, await repo.activeCount(db, r.group.id)));
      return out;
    },

    async create(memberId, rules, key) {
      const existing = await repo.groupByCreationKey(db, key);
      if (existing) {
        const inv = await repo.latestInvite(db, existing.id);
        const code = inv?.code ?? '';
        return { group: groupView(existing, 'organizer', await repo.activeCount(db, existing.id)), code, link: inviteLink(deps.botPhone, code) };
      }
      return write(async (tx, out) => {
        const seed = createSeed();
        const id = newId('grp');
        const now = clock.now();
        const row = await repo.insertGroup(tx, {
          id,
          name: rules.name,
          organizerId: memberId,
          status: 'open',
          currency: rules.contribution.currency,
          contributionMinor: rules.contribution.minor,
          frequency: rules.frequency,
          startDate: rules.startDate,
          timeZone: rules.timeZone,
          membersCount: rules.membersCount,
          payoutOrder: rules.payoutOrder,
          rules: rulesToJson(rules),
          seedEnc: pii.encrypt(seed),
          seedCommitment: commitSeed(seed),
          creationKey: key,
          createdAt: now,
        });
        if (!row) throw new Error('group creation raced on its key');
        await repo.addMember(tx, { groupId: id, memberId, role: 'organizer', joinedAt: now });
        const code = await newInvite(tx, id, memberId);
        const json = rulesToJson(rules);
        await event(tx, id, {
          event_type: 'group.created',
          actor: userActor(memberId),
          subject: { type: 'group', id },
          data: { name: rules.name, currency: rules.contribution.currency, owner_id: memberId, rules: { ...json, seed_commitment: row.seedCommitment } },
          idempotencyKey: key,
        });
        await event(tx, id, {
          event_type: 'group.member.joined',
          actor: userActor(memberId),
          subject: { type: 'member', id: memberId },
          data: { member_id: memberId, role: 'organizer' },
        });
        await event(tx, id, {
          event_type: 'group.member.invited',
          actor: userActor(memberId),
          subject: { type: 'invite', id: code },
          data: { invite_id: code, invited_by: memberId },
        });
        const group = groupView(row, 'organizer', 1);
        const link = inviteLink(deps.botPhone, code);
        out.push(await qrMessage(tx, memberId, group, code, link, `invite-qr:${id}:${code}`));
        return { group, code, link };
      });
    },

    async invite(memberId, groupId) {
      return write(async (tx, out) => {
        const g = await repo.getGroup(tx, groupId);
        if (!g) return { ok: false, code: 'not_a_member' };
        const check = checkOrganizerAction(
          { status: g.status as GroupStatus, members_count: g.membersCount },
          memberships(await repo.membersOfGroup(tx, groupId)),
          memberId,
        );
        if (!check.ok) return { ok: false, code: check.code };
        let inv = await repo.latestInvite(tx, groupId);
        if (!inv || inv.expiresAt <= clock.now()) inv = await repo.getInvite(tx, await newInvite(tx, groupId, memberId));
        const code = inv?.code ?? '';
        const group = (await viewFor(tx, groupId, memberId)) as GroupView;
        const link = inviteLink(deps.botPhone, code);
        out.push(await qrMessage(tx, memberId, group, code, link, `invite-qr:${groupId}:${code}:${clock.now().getTime()}`));
        return { ok: true, group, code, link };
      });
    },

    async lookupInvite(code) {
      const inv = await repo.getInvite(db, code.toUpperCase());
      if (!inv) return { ok: false, code: 'code_unknown' };
      const group = await viewFor(db, inv.groupId, '');
      if (!group) return { ok: false, code: 'code_unknown' };
      if (inv.expiresAt <= clock.now()) return { ok: false, code: 'code_expired', group };
      return { ok: true, group };
    },

    async join(memberId, code, key) {
      return write(async (tx, out): Promise<GroupResult<{ group: GroupView }>> => {
        const inv = await repo.getInvite(tx, code.toUpperCase());
        if (!inv) return { ok: false, code: 'code_unknown' };
        if (inv.expiresAt <= clock.now()) return { ok: false, code: 'code_expired' };
        const g = await repo.getGroup(tx, inv.groupId, { forUpdate: true });
        if (!g) return { ok: false, code: 'code_unknown' };
        const ms = await repo.membersOfGroup(tx, g.id);
        const check = checkJoin({ status: g.status as GroupStatus, members_count: g.membersCount }, memberships(ms), memberId);
        if (!check.ok) return { ok: false, code: check.code, group: groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length) };
        await repo.addMember(tx, { groupId: g.id, memberId, role: 'member', joinedAt: clock.now() });
        await event(tx, g.id, {
          event_type: 'group.member.joined',
          actor: userActor(memberId),
          subject: { type: 'member', id: memberId },
          data: { member_id: memberId, role: 'member' },
          idempotencyKey: key,
        });
        const joined = ms.length + 1;
        const group = groupView(g, 'member', joined);
        const org = await contactOf(tx, pii, g.organizerId);
        const me = await contactOf(tx, pii, memberId);
        out.push({
          chatId: org.chatId,
          kind: 'text',
          body: {
            text: t(org.locale, 'join.organizer_notified', { member_name: me.name, group_name: g.name, members_joined: joined, members_count: g.membersCount }),
          },
          idempotencyKey: `joined:${g.id}:${memberId}:${key}`,
        });
        if (joined === g.membersCount) {
          out.push({
            chatId: org.chatId,
            kind: 'buttons',
            body: {
              body: t(org.locale, 'join.all_joined', { group_name: g.name, members_count: g.membersCount }),
              buttons: [{ id: 'start', title: t(org.locale, 'button.start') }],
            },
            idempotencyKey: `all-joined:${g.id}`,
          });
        }
        return { ok: true, group };
      });
    },

    async checkStart(memberId, groupId) {
      const g = await repo.getGroup(db, groupId);
      if (!g) return { ok: false, code: 'not_a_member' };
      const ms = await repo.membersOfGroup(db, groupId);
      const group = groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length);
      const check = checkStart({ status: g.status as GroupStatus, members_count: g.membersCount }, memberships(ms), memberId);
      if (!check.ok) return { ok: false, code: check.code, group };
      if (firstDuePassed(g, clock.now())) return { ok: false, code: 'start_date_passed', group };
      return { ok: true, group, firstDueDate: g.startDate };
    },

    async start(memberId, groupId, key) {
      return write(async (tx, out) => {
        const g = await repo.getGroup(tx, groupId, { forUpdate: true });
        if (!g) return { ok: false, code: 'not_a_member' };
        const ms = await repo.membersOfGroup(tx, groupId);
        const check = checkStart({ status: g.status as GroupStatus, members_count: g.membersCount }, memberships(ms), memberId);
        if (!check.ok) return { ok: false, code: check.code, group: groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length) };
        // A schedule whose first due date has passed would open with a late contribution: refused, the organizer moves the date.
        if (firstDuePassed(g, clock.now()))
          return { ok: false, code: 'start_date_passed', group: groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length) };
        const rules = rulesFromJson(g.rules as GroupRulesJson);
        const seed = pii.decrypt(g.seedEnc);
        const ids = ms.map((m) => m.memberId);
        let order: Array<string | null>;
        if (rules.payoutOrder === 'random') order = randomOrder(seed, ids);
        else if (rules.payoutOrder === 'chosen') {
          const claims: Record<string, number> = {};
          for (const m of ms) if (m.chosenSlot) claims[m.memberId] = m.chosenSlot;
          order = finalizeChosenOrder(ids, claims, seed);
        } else if (rules.payoutOrder === 'manual') {
          const set = [...ms]
            .filter((m) => m.manualSlot)
            .sort((a, b) => (a.manualSlot ?? 0) - (b.manualSlot ?? 0))
            .map((m) => m.memberId);
          order = validateManualOrder(ids, set).ok ? set : ids;
        } else order = ids.map(() => null); // auction: each cycle's winner is decided by bids
        const schedule = groupSchedule({ ...rules, membersCount: ids.length });
        const now = clock.now();
        const cycleRows = schedule.map((c, i) => ({
          id: newId('cyc'),
          groupId,
          cycleNo: c.cycle_no,
          dueDate: c.due_date,
          dueAt: c.due_at,
          remindBeforeAt: c.reminders.find((r) => r.kind === 'before')?.at ?? null,
          remindDueDayAt: c.reminders.find((r) => r.kind === 'due_day')?.at ?? null,
          graceDeadlineAt: c.grace_deadline_at,
          recipientMemberId: order[i],
        }));
        await repo.insertCycles(tx, cycleRows);
        await repo.insertDues(
          tx,
          cycleRows.flatMap((c) =>
            ids.map((m) => ({
              cycleId: c.id,
              memberId: m,
              groupId,
              amountMinor: rules.contribution.minor,
              currency: rules.contribution.currency,
              dueAt: c.dueAt,
            })),
          ),
        );
        for (const [i, id] of order.entries()) if (id) await repo.updateMembership(tx, groupId, id, { payoutPosition: i + 1 });
        await repo.updateGroup(tx, groupId, { status: 'active', startedAt: now, seedRevealed: seed });
        await event(tx, groupId, {
          event_type: 'group.updated',
          actor: userActor(memberId),
          subject: { type: 'group', id: groupId },
          data: { changes: { status: 'active', seed, seed_commitment: g.seedCommitment, payout_order: order } },
          idempotencyKey: key,
        });
        for (const c of cycleRows) {
          await event(tx, groupId, {
            event_type: 'cycle.created',
            actor: userActor(memberId),
            subject: { type: 'cycle', id: c.id },
            cycle_id: c.id,
            data: {
              cycle_no: c.cycleNo,
              due_at: c.dueAt.toISOString(),
              recipient_member_id: c.recipientMemberId,
              contribution_minor: rules.contribution.minor.toString(),
              currency: rules.contribution.currency,
            },
          });
        }
        await event(tx, groupId, {
          event_type: 'cycle.started',
          actor: { type: 'system', id: 'groups' },
          subject: { type: 'cycle', id: cycleRows[0].id },
          cycle_id: cycleRows[0].id,
          data: {},
        });
        const nameOf = await names(tx, ids);
        const lines = orderLines(rules, order, nameOf);
        const group = groupView({ ...g, status: 'active' }, 'organizer', ids.length);
        for (const m of ms) {
          if (m.memberId === memberId) continue;
          const c = await contactOf(tx, pii, m.memberId);
          const turn = order.indexOf(m.memberId);
          const text =
            rules.payoutOrder === 'auction'
              ? t(c.locale, 'group.started_auction', {
                  group_name: g.name,
                  amount: formatAmount(rules.contribution, c.locale),
                  currency: rules.contribution.currency,
                  due_date: dateText(c.locale, g.startDate),
                })
              : t(c.locale, 'group.started', {
                  group_name: g.name,
                  amount: formatAmount(rules.contribution, c.locale),
                  currency: rules.contribution.currency,
                  due_date: dateText(c.locale, g.startDate),
                  turn: turn + 1,
                  members_count: ids.length,
                  payout_date: dateText(c.locale, lines[turn].payoutDate),
                });
          out.push({ chatId: c.chatId, kind: 'text', body: { text }, idempotencyKey: `started:${groupId}:${m.memberId}` });
          if (rules.payoutOrder !== 'auction') {
            out.push({
              chatId: c.chatId,
              kind: 'text',
              body: { text: orderRevealText(c.locale, g.name, lines, seed, g.seedCommitment) },
              idempotencyKey: `order:${groupId}:${m.memberId}`,
            });
          }
        }
        const mine = order.indexOf(memberId);
        return {
          ok: true,
          group,
          firstDueDate: g.startDate,
          turn: mine >= 0 ? mine + 1 : null,
          payoutDate: mine >= 0 ? lines[mine].payoutDate : null,
          order: rules.payoutOrder === 'auction' ? [] : lines,
          seed,
        };
      });
    },

    async editRules(memberId, groupId, changes, key) {
      return write(async (tx, out) => {
        const g = await repo.getGroup(tx, groupId, { forUpdate: true });
        if (!g) return { ok: false, code: 'not_a_member' };
        const ms = await repo.membersOfGroup(tx, groupId);
        const check = checkOrganizerAction({ status: g.status as GroupStatus, members_count: g.membersCount }, memberships(ms), memberId);
        const group = groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length);
        if (!check.ok) return { ok: false, code: check.code, group };
        const fields = changedFields(changes);
        const locked: RuleField[] = ['amount', 'frequency', 'start_date', 'members_count', 'payout_order'];
        const blocked = fields.find((f) => locked.includes(f));
        if (g.status !== 'open' && blocked) return { ok: false, code: 'locked_after_start', group, detail: blocked };
        const current = rulesFromJson(g.rules as GroupRulesJson);
        const parsed = parseGroupRules({ ...current, ...changes });
        if (!parsed.ok) return { ok: false, code: 'invalid', group, detail: parsed.issues[0]?.field };
        const rules = parsed.rules;
        await repo.updateGroup(tx, groupId, {
          name: rules.name,
          rules: rulesToJson(rules),
          contributionMinor: rules.contribution.minor,
          frequency: rules.frequency,
          startDate: rules.startDate,
          membersCount: rules.membersCount,
          payoutOrder: rules.payoutOrder,
        });
        if (g.status === 'active' && fields.includes('grace_days')) {
          for (const c of await repo.cyclesOfGroup(tx, groupId)) {
            if (c.dueAt <= clock.now()) continue;
            await tx.execute(sqlUpdateGrace(c.id, cycleSchedule(rules, c.cycleNo).grace_deadline_at));
          }
        }
        const json = rulesToJson(rules) as unknown as Record<string, unknown>;
        await event(tx, groupId, {
          event_type: 'group.updated',
          actor: userActor(memberId),
          subject: { type: 'group', id: groupId },
          data: { changes: Object.fromEntries(Object.keys(changes).map((k) => [k, json[k]])) },
          idempotencyKey: key,
        });
        const actor = await contactOf(tx, pii, memberId);
        await notifyAll(tx, out, groupId, memberId, `rules:${key}`, (locale) =>
          t(locale, 'group.rules_updated', {
            group_name: rules.name,
            actor_name: actor.name,
            changes: fields.map((f) => `• ${fieldText(locale, f, rules)}`).join('\n'),
          }),
        );
        return { ok: true, group: groupView({ ...g, name: rules.name, rules: rulesToJson(rules) }, 'organizer', ms.length), changed: fields };
      });
    },

    async memberNames(groupId) {
      const ms = await repo.membersOfGroup(db, groupId);
      const nameOf = await names(
        db,
        ms.map((m) => m.memberId),
      );
      return ms.map((m) => ({ memberId: m.memberId, name: nameOf.get(m.memberId) ?? '?', role: m.role }));
    },

    async removeMember(memberId, groupId, targetId, key) {
      return write(async (tx, out) => {
        const g = await repo.getGroup(tx, groupId, { forUpdate: true });
        if (!g) return { ok: false, code: 'not_a_member' };
        const ms = await repo.membersOfGroup(tx, groupId);
        const group = groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length);
        const check = checkRemoval({ status: g.status as GroupStatus, members_count: g.membersCount }, memberships(ms), memberId, targetId);
        if (!check.ok) return { ok: false, code: check.code, group };
        const target = await contactOf(tx, pii, targetId);
        const actor = await contactOf(tx, pii, memberId);
        await repo.updateMembership(tx, groupId, targetId, { status: 'removed' });
        await repo.dropFutureDues(tx, groupId, targetId, clock.now());
        await event(tx, groupId, {
          event_type: 'group.member.removed',
          actor: userActor(memberId),
          subject: { type: 'member', id: targetId },
          data: { member_id: targetId },
          idempotencyKey: key,
        });
        out.push({
          chatId: target.chatId,
          kind: 'text',
          body: { text: t(target.locale, 'member.removed_you', { group_name: g.name, actor_name: actor.name }) },
          idempotencyKey: `removed:${key}:${targetId}`,
        });
        await notifyAll(tx, out, groupId, memberId, `removed:${key}`, (locale) =>
          t(locale, 'member.removed', { member_name: target.name, group_name: g.name, actor_name: actor.name }),
        );
        if (g.status === 'active') await dropTurnsOf(tx, out, g, targetId, target.name, key);
        return { ok: true, group: { ...group, membersJoined: ms.length - 1 }, name: target.name };
      });
    },

    async changePayoutOrder(memberId, groupId, order, key) {
      return write(async (tx, out) => {
        const g = await repo.getGroup(tx, groupId, { forUpdate: true });
        if (!g) return { ok: false, code: 'not_a_member' };
        const ms = await repo.membersOfGroup(tx, groupId);
        const group = groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length);
        const check = checkOrganizerAction({ status: g.status as GroupStatus, members_count: g.membersCount }, memberships(ms), memberId);
        if (!check.ok) return { ok: false, code: check.code, group };
        const ids = ms.map((m) => m.memberId);
        if (!validateManualOrder(ids, order).ok) return { ok: false, code: 'invalid', group };
        const rules = rulesFromJson(g.rules as GroupRulesJson);
        const now = clock.now();
        if (g.status === 'active') {
          const cs = await repo.cyclesOfGroup(tx, groupId);
          // Turns already due keep their recipient: the new order may only rearrange the future.
          if (cs.some((c, i) => c.dueAt <= now && c.recipientMemberId && order[i] !== c.recipientMemberId))
            return { ok: false, code: 'locked_after_start', group, detail: 'payout_order' };
          await repo.setCycleRecipients(
            tx,
            cs.filter((c) => c.dueAt > now).map((c) => ({ cycleId: c.id, memberId: order[c.cycleNo - 1] })),
          );
        } else {
          const next = { ...rules, payoutOrder: 'manual' as const };
          await repo.updateGroup(tx, groupId, { payoutOrder: 'manual', rules: rulesToJson(next) });
        }
        for (const [i, id] of order.entries())
          await repo.updateMembership(tx, groupId, id, { manualSlot: i + 1, ...(g.status === 'active' ? { payoutPosition: i + 1 } : {}) });
        await event(tx, groupId, {
          event_type: 'group.updated',
          actor: userActor(memberId),
          subject: { type: 'group', id: groupId },
          data: { changes: { payout_order: order } },
          idempotencyKey: key,
        });
        const nameOf = await names(tx, ids);
        const lines = orderLines(rules, order, nameOf);
        const actor = await contactOf(tx, pii, memberId);
        await notifyAll(tx, out, groupId, memberId, `order:${key}`, (locale) =>
          t(locale, 'order.changed', { group_name: g.name, actor_name: actor.name, order_lines: renderOrderLines(locale, lines) }),
        );
        return { ok: true, group, order: lines };
      });
    },

    async freeSlots(groupId) {
      const g = await repo.getGroup(db, groupId);
      if (!g) return [];
      const claims: Record<string, number> = {};
      for (const m of await repo.membersOfGroup(db, groupId)) if (m.chosenSlot) claims[m.memberId] = m.chosenSlot;
      return freeSlots(g.membersCount, claims);
    },

    async chooseSlot(memberId, groupId, slot) {
      return db.transaction(async (tx) => {
        const g = await repo.getGroup(tx, groupId, { forUpdate: true });
        if (!g) return { ok: false, code: 'not_a_member' };
        const ms = await repo.membersOfGroup(tx, groupId);
        const group = groupView(g, ms.find((m) => m.memberId === memberId)?.role ?? 'member', ms.length);
        if (g.payoutOrder !== 'chosen') return { ok: false, code: 'not_chosen', group };
        if (g.status !== 'open') return { ok: false, code: 'group_not_open', group };
        const claims: Record<string, number> = {};
        for (const m of ms) if (m.chosenSlot) claims[m.memberId] = m.chosenSlot;
        const r = claimSlot({ member_ids: ms.map((m) => m.memberId), slots_count: g.membersCount, claims, member_id: memberId, slot });
        if (!r.ok) return { ok: false, code: r.code, group, detail: r.free_slots.join(', ') };
        await repo.updateMembership(tx, groupId, memberId, { chosenSlot: slot });
        return { ok: true, group, payoutDate: dueDateOf(g.startDate, g.frequency as GroupRules['frequency'], slot), free: freeSlots(g.membersCount, r.claims) };
      });
    },

    async checkCancel(memberId, groupId) {
      const g = await viewFor(db, groupId, memberId);
      if (!g) return { ok: false, code: 'not_a_member' };
      const p = await planCancel(db, groupId, { by: 'organizer', memberId });
      return p.ok ? { ok: true, group: g } : { ok: false, code: p.code === 'not_found' ? 'not_a_member' : p.code, group: g };
    },

    async cancel(memberId, groupId, key) {
      const r = await db.transaction(async (tx) => {
        const before = await viewFor(tx, groupId, memberId);
        const c = await cancelGroupTx(tx, { db, pii, deliver: deps.deliver, ledgerContext }, groupId, { by: 'organizer', memberId }, key);
        return { before, c };
      });
      if (!r.before) return { ok: false, code: 'not_a_member' };
      if (!r.c.ok) return { ok: false, code: r.c.code === 'not_found' ? 'not_a_member' : r.c.code, group: r.before };
      deps.deliver(r.c.outbox);
      return { ok: true, group: { ...r.before, status: 'cancelled' } };
    },

    async cycleStatus(memberId, groupId) {
      const ms = await repo.membersOfGroup(db, groupId);
      if (!ms.some((m) => m.memberId === memberId)) return null;
      const cs = await repo.cyclesOfGroup(db, groupId);
      const now = clock.now();
      const current = cs.find((c) => c.graceDeadlineAt >= now) ?? cs.at(-1);
      if (!current) return null;
      const ds = await repo.duesOfCycle(db, current.id);
      const nameOf = await names(
        db,
        ds.map((d) => d.memberId),
      );
      return {
        cycleNo: current.cycleNo,
        cyclesTotal: cs.length,
        dueDate: current.dueDate,
        lines: ds.map((d) => ({
          name: nameOf.get(d.memberId) ?? '?',
          status: d.status === 'paid' ? ('paid' as const) : now > current.dueAt ? ('late' as const) : ('pending' as const),
        })),
      };
    },
  };
  return services;
}

export function renderOrderLines(locale: Locale, lines: OrderLine[]): string {
  return lines
    .map((l) => t(locale, 'group.order_line', { position: l.position, member_name: l.memberName, payout_date: dateText(locale, l.payoutDate) }))
    .join('\n');
}

export function orderRevealText(locale: Locale, groupName: string, lines: OrderLine[], seed: string, commitment: string): string {
  return t(locale, 'group.order_reveal', { group_name: groupName, order_lines: renderOrderLines(locale, lines), seed, commitment });
}

/** Whether the first contribution's due instant (start date at the due hour, group zone) is already past. */
function firstDuePassed(g: repo.GroupRow, now: Date): boolean {
  return cycleSchedule(rulesFromJson(g.rules as GroupRulesJson), 1).due_at <= now;
}

function changedFields(changes: Partial<GroupRules>): RuleField[] {
  const map: Array<[keyof GroupRules, RuleField]> = [
    ['name', 'name'],
    ['contribution', 'amount'],
    ['frequency', 'frequency'],
    ['startDate', 'start_date'],
    ['membersCount', 'members_count'],
    ['payoutOrder', 'payout_order'],
    ['lateFee', 'late_fee'],
    ['graceDays', 'grace_days'],
    ['quorumPercent', 'quorum'],
  ];
  return map.filter(([k]) => changes[k] !== undefined).map(([, f]) => f);
}

function sqlUpdateGrace(cycleId: string, at: Date) {
  return sql`update cycles set grace_deadline_at = ${at.toISOString()}::timestamptz where id = ${cycleId}`;
}
