// The ports tools call. The server implements them over the database (server/services/); tools never
// see SQL, HTTP or secrets. Each method runs in its own transaction unless noted.
import type { GroupRules, GroupStatus, JoinRefusal, PayoutOrderKind } from '../core/rosca/index.ts';
import type { Money } from '../core/money.ts';
import type { Locale } from './context.ts';

export type MemberProfile = {
  id: string;
  name: string | null;
  locale: Locale | null;
  phoneMasked: string;
  onboardingStep: string;
  remindersPaused: boolean;
  payoutDestinationMasked: string | null;
};

export type StatusSummary = { groups: Array<{ name: string; status: string; nextDueDate?: string; amount?: string; paid?: boolean }> };

export interface MemberServices {
  profile(memberId: string): Promise<MemberProfile>;
  setLocale(memberId: string, locale: Locale): Promise<void>;
  setName(memberId: string, name: string): Promise<void>;
  setOnboardingStep(memberId: string, step: string): Promise<void>;
  setRemindersPaused(memberId: string, paused: boolean): Promise<void>;
  /** PIN-approved; keyed by the tool call id so a resumed run never applies it twice. */
  setPayoutDestination(memberId: string, e164: string, idempotencyKey: string): Promise<{ effectiveAt: string }>;
}

export interface SupportServices {
  openTicket(memberId: string, text: string, idempotencyKey: string): Promise<{ ticketId: string; created: boolean }>;
}

export interface StatusServices {
  summary(memberId: string, locale: Locale): Promise<StatusSummary>;
}

export type FlowState = { name: string; step: string; data?: Record<string, unknown> } | null;

/** The deterministic multi-step flow of a chat (create group, pay, dispute…). */
export interface FlowServices {
  get(chatId: string): Promise<FlowState>;
  set(chatId: string, flow: FlowState): Promise<void>;
}

/** A group as one member sees it. */
export type GroupView = {
  id: string;
  name: string;
  status: GroupStatus;
  role: 'organizer' | 'admin' | 'member';
  rules: GroupRules;
  membersJoined: number;
  commitment: string;
};

export type GroupRefusal =
  | JoinRefusal
  | 'code_unknown'
  | 'code_expired'
  | 'not_allowed'
  | 'group_not_open'
  | 'not_enough_members'
  | 'not_a_member'
  | 'cannot_remove_organizer'
  | 'received_not_settled'
  | 'group_closed'
  | 'locked_after_start'
  | 'invalid'
  | 'not_chosen'
  | 'slot_taken'
  | 'slot_out_of_range'
  | 'start_date_passed'
  | 'needs_platform_admin';

export type GroupResult<T> = ({ ok: true } & T) | { ok: false; code: GroupRefusal; group?: GroupView; detail?: string };

export type OrderLine = { position: number; memberName: string; payoutDate: string };

/** Savings groups (issue 4). Every write re-checks the actor's role in the group in code. */
export interface GroupServices {
  /** The member's groups, most recent first (removed memberships excluded). */
  list(memberId: string): Promise<GroupView[]>;
  create(memberId: string, rules: GroupRules, idempotencyKey: string): Promise<{ group: GroupView; code: string; link: string }>;
  invite(memberId: string, groupId: string): Promise<GroupResult<{ group: GroupView; code: string; link: string }>>;
  lookupInvite(code: string): Promise<GroupResult<{ group: GroupView }>>;
  join(memberId: string, code: string, idempotencyKey: string): Promise<GroupResult<{ group: GroupView }>>;
  checkStart(memberId: string, groupId: string): Promise<GroupResult<{ group: GroupView; firstDueDate: string }>>;
  start(
    memberId: string,
    groupId: string,
    idempotencyKey: string,
  ): Promise<GroupResult<{ group: GroupView; firstDueDate: string; turn: number | null; payoutDate: string | null; order: OrderLine[]; seed: string }>>;
  editRules(
    memberId: string,
    groupId: string,
    changes: Partial<GroupRules>,
    idempotencyKey: string,
  ): Promise<GroupResult<{ group: GroupView; changed: string[] }>>;
  memberNames(groupId: string): Promise<Array<{ memberId: string; name: string; role: string }>>;
  removeMember(memberId: string, groupId: string, targetMemberId: string, idempotencyKey: string): Promise<GroupResult<{ group: GroupView; name: string }>>;
  changePayoutOrder(memberId: string, groupId: string, order: string[], idempotencyKey: string): Promise<GroupResult<{ group: GroupView; order: OrderLine[] }>>;
  chooseSlot(memberId: string, groupId: string, slot: number): Promise<GroupResult<{ group: GroupView; payoutDate: string; free: number[] }>>;
  freeSlots(groupId: string): Promise<number[]>;
  /** Whether the organizer may cancel this group now (open: yes; running: only a platform admin). */
  checkCancel(memberId: string, groupId: string): Promise<GroupResult<{ group: GroupView }>>;
  /** PIN-approved: cancels the open group, records it in the chain, tells every member. Once per group. */
  cancel(memberId: string, groupId: string, idempotencyKey: string): Promise<GroupResult<{ group: GroupView }>>;
  cycleStatus(
    memberId: string,
    groupId: string,
  ): Promise<{ cycleNo: number; cyclesTotal: number; dueDate: string; lines: Array<{ name: string; status: 'paid' | 'pending' | 'late' | 'not_due' }> } | null>;
}

/** A bidding round of an auction group as one member sees it (tools/groups-auction.ts). */
export type AuctionRoundView = {
  groupId: string;
  groupName: string;
  cycleId: string;
  cycleNo: number;
  closesAt: string; // "Thursday 3 December 2026, 18:00" in the member's language, group's zone
  pot: Money;
  maxDiscount: Money;
  eligible: boolean;
};

/** Auction payout order: the member's open rounds and their bids. Settlement runs in a sweep. */
export interface AuctionServices {
  openRounds(memberId: string, locale: Locale): Promise<AuctionRoundView[]>;
  placeBid(
    memberId: string,
    cycleId: string,
    discount: Money,
    locale: Locale,
  ): Promise<{ ok: true; round: AuctionRoundView } | { ok: false; code: 'not_open' | 'not_eligible' | 'invalid'; round?: AuctionRoundView }>;
}

/** A contribution the member can pay now (what is still owed after partial payments). */
export type OpenDueView = { cycleId: string; groupId: string; groupName: string; dueDate: string; owed: Money };

export type CollectResult =
  | { status: 'mobile_money'; ref: string; amount: Money; phoneMasked: string }
  | { status: 'card'; ref: string; amount: Money; url: string }
  | { status: 'pending'; ref: string }
  | { status: 'nothing_due'; groupName: string }
  | { status: 'unavailable' }
  | { status: 'rejected'; ref: string; failure: 'insufficient_funds' | 'cancelled' | 'timeout' | 'wrong_pin' | 'generic' | 'invalid_number' };

export type PaymentView = {
  ref: string;
  status: 'pending' | 'succeeded' | 'failed' | 'review';
  amount: Money;
  groupName: string;
  receiptId: string;
  ledgerSeq: number | null;
  ledgerHash: string | null;
  paidAt: string | null; // YYYY-MM-DD
  failure: string | null;
};

export type PayoutView = { groupName: string; recipientName: string; amount: Money; payoutDate: string; yourPayoutDate: string | null };

/** Contributions and payouts (issue 5). Money moves only on verified provider callbacks, never here. */
export interface PaymentServices {
  openDues(memberId: string): Promise<OpenDueView[]>;
  /** Starts a collection for one due; keyed by the tool call id so a resumed run never charges twice. */
  collect(memberId: string, x: { cycleId: string; method: 'mobile_money' | 'card'; phone?: string }, idempotencyKey: string): Promise<CollectResult>;
  /** A payment by ref, or the member's latest. */
  status(memberId: string, ref?: string): Promise<PaymentView | null>;
  receipts(memberId: string, limit: number): Promise<PaymentView[]>;
  nextPayouts(memberId: string): Promise<PayoutView[]>;
}

export type ToolServices = {
  members: MemberServices;
  support: SupportServices;
  status: StatusServices;
  flows: FlowServices;
  groups: GroupServices;
  payments: PaymentServices;
};
