// The ports the disputes, refunds and admin tools call (issue 6). The server implements them
// (server/services/disputes.ts, refunds.ts, admin.ts); every write re-checks who may do it in code,
// from the database, whatever the run context says.
import type { Locale } from './context.ts';
import type { FlowServices } from './services.ts';

export type DisputeType = 'paid_not_recorded' | 'wrong_recipient' | 'organizer_fraud' | 'other';

export type DisputeGroup = { groupId: string; name: string };

export type PaymentCheck =
  | { status: 'recorded_now'; amount: string; currency: string; groupName: string; receiptId: string }
  | { status: 'already_recorded'; amount: string; currency: string; groupName: string; receiptId: string }
  | { status: 'pending' | 'failed' | 'not_found' | 'not_yours' };

export type OpenedDispute = { disputeId: string; groupName: string; frozen: string; currency: string; created: boolean };

/** A dispute as its member sees it (no description, no other member's data). */
export type MemberDispute = {
  disputeId: string;
  groupName: string;
  type: string;
  status: 'opened' | 'evidence' | 'investigation' | 'resolved' | 'closed';
  outcome: 'release' | 'refund' | 'chargeback' | null;
  /** ISO time of the dispute's last ledger event. */
  updatedAt: string;
};

export type Result<T> = ({ ok: true } & T) | { ok: false; code: string; detail?: string };

export interface DisputeServices {
  /** Groups the member can open a dispute about (running groups they belong to). */
  groupsFor(memberId: string): Promise<DisputeGroup[]>;
  /** "I paid but it's not recorded": asks the provider first; records the payment if the provider has it. */
  checkPayment(memberId: string, groupId: string, ref: string): Promise<PaymentCheck>;
  open(
    memberId: string,
    x: { groupId: string; type: DisputeType; paymentRef: string | null; description: string },
    key: string,
  ): Promise<Result<OpenedDispute>>;
  addTextEvidence(memberId: string, disputeId: string, note: string, key: string): Promise<Result<{ disputeId: string }>>;
  /** The member's most recent dispute still taking evidence (a file sent later lands there). */
  openDisputeOf(memberId: string): Promise<string | null>;
  /** The disputes this member may see (opened by them or about their own payment), newest first; read only.
   *  With an id: that dispute only if the member may see it, else nothing. */
  disputesOf(memberId: string, disputeId?: string): Promise<MemberDispute[]>;
}

export type RefundProposal = {
  refundId: string;
  amount: string;
  currency: string;
  groupName: string;
  memberName: string;
  pinRequired: boolean;
  step: 'group_admin' | 'platform_admin';
};

export interface RefundServices {
  /** 12.15: a member asks for their contribution back (pre-release only; after release → dispute). */
  request(memberId: string, reason: string, key: string): Promise<Result<{ refundId: string; amount: string; currency: string; reason: string }>>;
  /** What approving this refund means for this person now (step, PIN or not), or why they cannot. */
  proposeApproval(memberId: string, refundId: string, as: 'group_admin' | 'platform_admin'): Promise<Result<RefundProposal>>;
  approve(
    memberId: string,
    refundId: string,
    as: 'group_admin' | 'platform_admin',
    withPin: boolean,
    key: string,
  ): Promise<Result<{ refundId: string; fullyApproved: boolean; amount: string; currency: string }>>;
}

export type AdminLine = string;

export interface AdminServices {
  /** Start TOTP: enrols (QR sent as an image) when the admin has no secret yet. */
  totpStart(memberId: string, chatId: string, locale: Locale): Promise<{ enrolled: boolean }>;
  totpVerify(memberId: string, code: string): Promise<{ ok: boolean; validMinutes: number }>;
  listDisputes(adminId: string, locale: Locale): Promise<AdminLine[]>;
  listRefunds(adminId: string, locale: Locale): Promise<AdminLine[]>;
  listRiskFlags(adminId: string, locale: Locale): Promise<AdminLine[]>;
  listTickets(adminId: string, locale: Locale): Promise<AdminLine[]>;
  search(adminId: string, query: string, locale: Locale): Promise<AdminLine[]>;
  proposeResolution(
    adminId: string,
    x: { disputeId: string; outcome: 'refund' | 'release' | 'chargeback'; memberName?: string; amount?: string },
    locale: Locale,
  ): Promise<Result<{ summary: string }>>;
  resolve(
    adminId: string,
    x: { disputeId: string; outcome: 'refund' | 'release' | 'chargeback'; memberName?: string; amount?: string },
    key: string,
    locale: Locale,
  ): Promise<Result<{ summary: string }>>;
  proposeFreeze(adminId: string, group: string, locale: Locale): Promise<Result<{ summary: string; groupId: string }>>;
  freezeGroup(adminId: string, groupId: string, key: string, locale: Locale): Promise<Result<{ summary: string }>>;
  proposeUnfreeze(adminId: string, group: string, locale: Locale): Promise<Result<{ summary: string; groupId: string }>>;
  /** Lifts the group's current-cycle freezes that are not a dispute's (risk, KYC, an admin's freeze). */
  unfreezeGroup(adminId: string, groupId: string, key: string, locale: Locale): Promise<Result<{ summary: string }>>;
  /** Cancelling a group (any not yet closed; a running one has money in escrow): what it would do. */
  proposeCancelGroup(adminId: string, group: string, locale: Locale): Promise<Result<{ summary: string; groupId: string }>>;
  /** Cancels it (actor: this admin); the refunds sweep then refunds escrow, leftover credits are paid out. */
  cancelGroup(adminId: string, groupId: string, key: string, locale: Locale): Promise<Result<{ summary: string }>>;
  proposeTicketReply(adminId: string, ticketId: string, text: string, locale: Locale): Promise<Result<{ summary: string }>>;
  replyTicket(adminId: string, ticketId: string, text: string, key: string, locale: Locale): Promise<Result<{ summary: string }>>;
}

export type DisputeToolServices = { flows: FlowServices; disputes: DisputeServices; refunds: RefundServices };
export type AdminToolServices = { flows: FlowServices; admin: AdminServices; refunds: RefundServices };
