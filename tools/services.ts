// The ports tools call. The server implements them over the database (server/services/); tools never
// see SQL, HTTP or secrets. Each method runs in its own transaction unless noted.
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

export type ToolServices = {
  members: MemberServices;
  support: SupportServices;
  status: StatusServices;
  flows: FlowServices;
};
