// The eval case format: one YAML file per case under evals/cases/<area>/, validated by this zod schema.
// See docs/evals.md for the meaning of every field and an annotated example.
import { z } from 'zod';

export const AREAS = ['onboarding', 'menus', 'setup', 'joining', 'payments', 'refunds', 'disputes', 'admin', 'support', 'redteam'] as const;
export type Area = (typeof AREAS)[number];
export const AGENTS = ['Triage', 'Setup', 'Payments', 'Disputes', 'Admin'] as const;
export const LOCALES = ['en', 'fr', 'sw'] as const;

const Phone = z.string().regex(/^\+\d{8,15}$/, 'E.164 number, e.g. +254700100001');
const Key = z.string().regex(/^[a-z][a-z0-9_]*$/);
/** Amounts in case files are decimal strings of minor units ("500000" = 5 000.00), never floats. */
const Minor = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform((v) => String(v));

export const SeedMember = z.object({
  key: Key,
  phone: Phone,
  name: z.string().min(1).max(60).optional(),
  locale: z.enum(LOCALES).nullable().optional(),
  /** `new` = no row yet (the first message creates the member). */
  onboarding: z.enum(['new', 'language', 'name', 'pin', 'pin_confirm', 'done']).default('done'),
  pin: z
    .string()
    .regex(/^\d{4,6}$/)
    .optional(),
  roles: z.array(z.enum(['member', 'organizer', 'platform_admin'])).default(['member']),
  totp_fresh: z.boolean().default(false),
  reminders_paused: z.boolean().default(false),
  pin_failures: z.number().int().min(0).max(10).optional(),
  payout_destination: Phone.optional(),
});

export const SeedGroup = z.object({
  key: Key,
  name: z.string().min(1).max(200),
  currency: z.string().regex(/^[A-Z]{3}$/),
  contribution_minor: Minor,
  frequency: z.enum(['P1W', 'P2W', 'P1M']).default('P1M'),
  status: z.enum(['draft', 'open', 'active', 'completed', 'frozen']).default('active'),
  organizer: Key,
  members: z.array(Key).default([]),
  join_code: z.string().optional(),
});

export const SeedPayment = z.object({
  key: Key,
  member: Key,
  group: Key,
  amount_minor: Minor,
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** `succeeded`: captured (ledger + due); `failed`: the provider's failure recorded; `pending`: a prompt awaiting the payer. */
  status: z.enum(['pending', 'succeeded', 'failed', 'refunded']).default('succeeded'),
  /** Absent: the one the product picks (M-Pesa for +254 numbers, pawaPay for others); `stripe` = a card payment. */
  provider: z.enum(['mpesa', 'pawapay', 'stripe']).optional(),
  /** Free text a payer or provider wrote (the provider's receipt / transaction reference): an indirect-injection carrier. */
  reference: z.string().max(300).optional(),
});

export const SeedDispute = z.object({
  key: Key,
  member: Key,
  group: Key,
  payment: Key.optional(),
  /** The dispute flow's category (tools/disputes.ts). */
  type: z.enum(['paid_not_recorded', 'wrong_recipient', 'organizer_fraud', 'other']).default('other'),
  description: z.string().max(1000),
  status: z.enum(['open', 'resolved', 'rejected']).default('open'),
});

export const Seed = z
  .object({
    members: z.array(SeedMember).default([]),
    groups: z.array(SeedGroup).default([]),
    payments: z.array(SeedPayment).default([]),
    disputes: z.array(SeedDispute).default([]),
    /** Raw SQL run last against the fresh database (use sparingly: prefer the typed seeds). */
    sql: z.array(z.string()).default([]),
  })
  .default({ members: [], groups: [], payments: [], disputes: [], sql: [] });

/** A value to match: a literal, or `{re: "..."}` (case-insensitive regular expression on strings). */
const Matcher = z.union([z.string(), z.number(), z.boolean(), z.null(), z.object({ re: z.string() }), z.record(z.string(), z.unknown()), z.array(z.unknown())]);

export const ExpectedToolCall = z.object({
  name: z.string(),
  /** Exact arguments (after JSON parse); mutually exclusive with args_subset. */
  args: z.record(z.string(), z.unknown()).optional(),
  /** Only these keys are checked (slots). */
  args_subset: z.record(z.string(), Matcher).optional(),
});

export const ReplyExpect = z.object({
  /** Case-insensitive substrings; every one must appear in the turn's replies. */
  contains: z.array(z.string()).default([]),
  /** At least one of these must appear. */
  contains_any: z.array(z.string()).default([]),
  not_contains: z.array(z.string()).default([]),
  matches: z.array(z.string()).default([]),
  /** The reply is this catalogue text (core/i18n key) in the member's locale (its fixed parts, in order). */
  i18n: z.string().optional(),
  i18n_any: z.array(z.string()).default([]),
  /** Locale of the i18n texts when it is not the case's (e.g. right after a language change). */
  locale: z.enum(LOCALES).optional(),
  max_chars: z.number().int().positive().default(1600),
  max_buttons: z.number().int().min(0).max(3).default(3),
});

export const TurnExpect = z.object({
  /** The agent whose model wrote the final reply of the turn (null: no model ran, e.g. a PIN step). */
  agent: z.enum(AGENTS).nullable().optional(),
  /** Tool calls of the turn, in order, handoffs excluded. `[]` = no tool at all. */
  tool_calls: z.array(ExpectedToolCall).optional(),
  /** Checked in order but other calls may come between (e.g. a menu before the flow tool). */
  tool_calls_include: z.array(ExpectedToolCall).optional(),
  /** After this turn: `requested` = a PIN approval is pending; `none` = nothing pending. */
  approval: z.enum(['requested', 'none']).optional(),
  reply: ReplyExpect.optional(),
  /** The routing/NLU intent this turn tests (reported in the per-intent table; informative). */
  intent: z.string().optional(),
});

export const Turn = z
  .object({
    /** What the actor sends. `{{pin}}` = the actor's PIN (never written into expectations). */
    user: z.string().optional(),
    /** Paraphrases of `user`: the case runs once per variant; it passes only if every run passes. */
    variants: z.array(z.string()).min(1).optional(),
    /** A reply-button press instead of text. */
    button: z.object({ id: z.string(), text: z.string().optional() }).optional(),
    /** Move the sandbox clock before sending (ISO 8601 duration, e.g. P7D). */
    advance: z.string().optional(),
    expect: TurnExpect.default({}),
  })
  .refine((t) => t.user !== undefined || t.variants !== undefined || t.button !== undefined, 'a turn needs user, variants or button');

export const FinalState = z.object({
  members: z
    .array(
      z.object({
        member: Key,
        locale: z.enum(LOCALES).nullable().optional(),
        onboarding_step: z.string().optional(),
        name: z.string().nullable().optional(),
        reminders_paused: z.boolean().optional(),
        payout_destination_masked: z.string().nullable().optional(),
        pin_set: z.boolean().optional(),
        pin_locked: z.boolean().optional(),
      }),
    )
    .default([]),
  support_tickets: z.number().int().min(0).optional(),
  pending_approval: z.boolean().optional(),
  /** Money and membership tables must be byte-for-byte what the seed left ("refuse" tasks). */
  unchanged: z.boolean().default(false),
  /** Arbitrary checks: each query's rows (as JSON, bigint as string) must equal `rows`. */
  sql: z.array(z.object({ query: z.string(), rows: z.array(z.record(z.string(), z.unknown())) })).default([]),
});

export const Forbidden = z.object({
  /** Tools that must never be called by the model in this case. */
  tools: z.array(z.string()).default([]),
  /** Text that must never appear in a reply, a model request or a log line (case-insensitive). */
  text: z.array(z.string()).default([]),
});

export const Case = z.object({
  id: z.string().regex(/^[a-z0-9_.-]+$/),
  title: z.string().optional(),
  area: z.enum(AREAS),
  tags: z.array(z.string()).default([]),
  locale: z.enum(LOCALES),
  now: z.iso.datetime({ offset: true }),
  seed: Seed,
  actor: Key,
  turns: z.array(Turn).min(1),
  final_state: FinalState.optional(),
  forbidden: Forbidden.default({ tools: [], text: [] }),
});

export type EvalCase = z.infer<typeof Case>;
export type EvalTurn = z.infer<typeof Turn>;
export type TurnExpectation = z.infer<typeof TurnExpect>;
export type ExpectedCall = z.infer<typeof ExpectedToolCall>;
export type SeedT = z.infer<typeof Seed>;
