// The run context every agent and tool sees. Plain JSON only (it is serialised into RunState with a
// pending approval); never a secret, never the PIN.
import type { Role } from '../policies/roles.ts';

export type Locale = 'en' | 'fr' | 'sw';

export type RoscaContext = {
  memberId: string;
  chatId: string;
  /** Masked number, for texts shown to the member themself and for logs. */
  phoneMasked: string;
  country: string;
  locale: Locale;
  roles: Role[];
  onboarded: boolean;
  onboardingStep: string;
  groupIds: string[];
  /** The active deterministic flow (create group, pay, dispute…), if any: name and step. */
  flow: { name: string; step: string } | null;
  now: string; // ISO
  requestId: string;
  /** Text of the current inbound message, so flow tools can parse exactly what was said. */
  inboundText: string;
};
