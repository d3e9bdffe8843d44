// The create-group state machine (spec 3.2): a draft filled from whatever the member said (one sentence
// or one answer per step), corrections at any point, then the Group Summary (12.4) to CONFIRM. Pure:
// it takes the draft and the message's slots and returns the next draft, step and reply keys.
import { z } from 'zod';
import { t } from '../core/i18n/index.ts';
import { isCurrency, money } from '../core/money.ts';
import {
  FREQUENCIES,
  GRACE_DAYS_MAX,
  GROUP_NAME_MAX_CHARS,
  type GroupRules,
  isLocalDate,
  LATE_FEE_BPS_MAX,
  type LateFee,
  localDateOf,
  MEMBERS_MAX,
  MEMBERS_MIN,
  PAYOUT_ORDERS,
  parseGroupRules,
  QUORUM_PERCENT_MIN,
} from '../core/rosca/index.ts';
import type { Locale } from './context.ts';
import { fieldText, type RuleField, rulesVars, toMinor } from './groups-text.ts';

const SlotMoney = z.object({ amount: z.string().max(30), currency: z.string().max(3).optional() });

/** What a model (local NLU or OpenAI) understood in the member's message; all optional. */
export const GroupSlotsSchema = z.object({
  name: z.string().max(GROUP_NAME_MAX_CHARS).optional(),
  membersCount: z.number().int().optional(),
  amount: SlotMoney.optional(),
  frequency: z.enum(FREQUENCIES).optional(),
  startDate: z.string().max(10).optional().describe('YYYY-MM-DD in the group time zone'),
  payoutOrder: z.enum(PAYOUT_ORDERS).optional(),
  lateFee: SlotMoney.optional(),
  graceDays: z.number().int().optional(),
  quorumPercent: z.number().int().optional(),
});
export type GroupSlotsInput = z.infer<typeof GroupSlotsSchema>;

export const STEPS = ['name', 'amount', 'frequency', 'start_date', 'members_count', 'payout_order', 'late_fee', 'grace_days', 'quorum'] as const;
export type Step = (typeof STEPS)[number];

export type LateFeeJson = { kind: 'none' } | { kind: 'fixed'; minor: string } | { kind: 'percent'; bps: number };
export type Draft = {
  name?: string;
  currency: string;
  amountMinor?: string;
  frequency?: GroupRules['frequency'];
  startDate?: string;
  membersCount?: number;
  payoutOrder?: GroupRules['payoutOrder'];
  lateFee?: LateFeeJson;
  graceDays?: number;
  quorumPercent?: number;
};

export type FlowEnv = { locale: Locale; currency: string; timeZone: string; now: Date };

/** The draft field each step fills. */
export const FIELD_OF: Record<Step, keyof Draft> = {
  name: 'name',
  amount: 'amountMinor',
  frequency: 'frequency',
  start_date: 'startDate',
  members_count: 'membersCount',
  payout_order: 'payoutOrder',
  late_fee: 'lateFee',
  grace_days: 'graceDays',
  quorum: 'quorumPercent',
};

export function nextStep(d: Draft): Step | 'confirm' {
  return STEPS.find((s) => d[FIELD_OF[s]] === undefined) ?? 'confirm';
}

type Parsed = { ok: Partial<Draft>; bad: Step[] };

function lateFeeFrom(text: string, slot: GroupSlotsInput['lateFee'], currency: string): LateFeeJson | 'bad' | undefined {
  const pct = /(\d{1,2}(?:[.,]\d{1,2})?)\s*%/.exec(text);
  if (pct) {
    const bps = Math.round(Number(pct[1].replace(',', '.')) * 100);
    return bps > 0 && bps <= LATE_FEE_BPS_MAX ? { kind: 'percent', bps } : bps === 0 ? { kind: 'none' } : 'bad';
  }
  if (/^\s*(0|none|no|non|aucune?|hakuna|pas de|sans|bila)\b/i.test(text)) return { kind: 'none' };
  if (!slot) return undefined;
  const minor = toMinor(slot.amount, slot.currency && isCurrency(slot.currency) ? slot.currency : currency);
  if (minor === undefined) return 'bad';
  return minor === 0n ? { kind: 'none' } : { kind: 'fixed', minor: minor.toString() };
}

/** Everything this message says about the draft. `asked` is the step the bot asked last. */
export function parseAnswer(text: string, slots: GroupSlotsInput, asked: Step | 'confirm' | null, env: FlowEnv, opts: { correction?: boolean } = {}): Parsed {
  const ok: Partial<Draft> = {};
  const bad: Step[] = [];
  const trimmed = text.trim();
  const bare = /^\s*(\d{1,3})\s*%?\s*[.)]?\s*$/.exec(trimmed)?.[1];
  const n = bare !== undefined ? Number(bare) : undefined;
  const s: GroupSlotsInput = { ...slots };
  // A bare number answers the question asked; the slots' guesses for other fields do not apply.
  if (n !== undefined && asked && asked !== 'confirm' && asked !== 'name') {
    for (const k of Object.keys(s) as Array<keyof GroupSlotsInput>) delete s[k];
    if (asked === 'amount') s.amount = { amount: String(n) };
    if (asked === 'members_count') s.membersCount = n;
    if (asked === 'grace_days') s.graceDays = n;
    if (asked === 'quorum') s.quorumPercent = n;
    if (asked === 'frequency') s.frequency = FREQUENCIES[n - 1];
    if (asked === 'payout_order') s.payoutOrder = PAYOUT_ORDERS[n - 1];
    if (asked === 'late_fee' && !s.lateFee) s.lateFee = { amount: String(n) };
  }
  const word = trimmed.toLowerCase();
  if (asked === 'frequency' && (FREQUENCIES as readonly string[]).includes(word)) s.frequency = word as Draft['frequency'];
  if (asked === 'late_fee' && !s.lateFee && s.amount) {
    s.lateFee = s.amount;
    delete s.amount;
  }
  if (asked === 'name' && !(opts.correction && Object.keys(s).some((k) => k !== 'name'))) {
    for (const k of Object.keys(s) as Array<keyof GroupSlotsInput>) delete s[k];
    s.name = trimmed.replace(/^["“«']|["”»']$/g, '');
  }

  if (s.name !== undefined) {
    const name = s.name.trim();
    if (name.length >= 2 && [...name].length <= GROUP_NAME_MAX_CHARS) ok.name = name;
    else bad.push('name');
  }
  if (s.amount) {
    const currency = s.amount.currency && isCurrency(s.amount.currency) ? s.amount.currency : env.currency;
    const minor = toMinor(s.amount.amount, currency);
    if (minor !== undefined && minor > 0n) {
      ok.amountMinor = minor.toString();
      ok.currency = currency;
    } else bad.push('amount');
  }
  if (s.frequency) ok.frequency = s.frequency;
  else if (asked === 'frequency' && n !== undefined) bad.push('frequency');
  if (s.startDate !== undefined) {
    const today = localDateOf(env.now, env.timeZone);
    if (isLocalDate(s.startDate) && s.startDate >= today) ok.startDate = s.startDate;
    else bad.push('start_date');
  }
  if (s.membersCount !== undefined) {
    if (s.membersCount >= MEMBERS_MIN && s.membersCount <= MEMBERS_MAX) ok.membersCount = s.membersCount;
    else bad.push('members_count');
  }
  if (s.payoutOrder) ok.payoutOrder = s.payoutOrder;
  else if (asked === 'payout_order' && n !== undefined) bad.push('payout_order');
  const fee = lateFeeFrom(asked === 'late_fee' ? trimmed : '', s.lateFee, ok.currency ?? env.currency);
  if (fee === 'bad') bad.push('late_fee');
  else if (fee) ok.lateFee = fee;
  if (s.graceDays !== undefined) {
    if (s.graceDays >= 0 && s.graceDays <= GRACE_DAYS_MAX) ok.graceDays = s.graceDays;
    else bad.push('grace_days');
  }
  if (s.quorumPercent !== undefined) {
    if (s.quorumPercent >= QUORUM_PERCENT_MIN && s.quorumPercent <= 100) ok.quorumPercent = s.quorumPercent;
    else bad.push('quorum');
  }
  return { ok, bad };
}

export function stepOfField(k: keyof Draft): Step | undefined {
  return STEPS.find((s) => FIELD_OF[s] === k);
}

export function draftToRulesInput(d: Draft, env: FlowEnv) {
  const lateFee: LateFee =
    !d.lateFee || d.lateFee.kind === 'none'
      ? { kind: 'none' }
      : d.lateFee.kind === 'fixed'
        ? { kind: 'fixed', minor: BigInt(d.lateFee.minor), per: 'once' }
        : { kind: 'percent', bps: d.lateFee.bps, per: 'once' };
  return {
    name: d.name,
    contribution: { currency: d.currency, minor: BigInt(d.amountMinor ?? '0') },
    frequency: d.frequency,
    startDate: d.startDate,
    timeZone: env.timeZone,
    membersCount: d.membersCount,
    payoutOrder: d.payoutOrder,
    lateFee,
    graceDays: d.graceDays ?? 0,
    quorumPercent: d.quorumPercent ?? 100,
  };
}

export function draftRules(d: Draft, env: FlowEnv): GroupRules | undefined {
  const r = parseGroupRules(draftToRulesInput(d, env));
  return r.ok ? r.rules : undefined;
}

/** A partial rules view of the draft, for "✏️ Updated: …" lines. */
export function draftPartial(d: Draft, env: FlowEnv): Partial<GroupRules> {
  const i = draftToRulesInput(d, env);
  return { ...i, contribution: d.amountMinor ? money(d.currency, BigInt(d.amountMinor)) : undefined, name: d.name } as Partial<GroupRules>;
}

export function questionFor(step: Step, env: FlowEnv): string {
  const L = env.locale;
  const currency = env.currency;
  switch (step) {
    case 'name':
      return t(L, 'group_create.ask_name');
    case 'amount':
      return t(L, 'group_create.ask_amount', { currency });
    case 'frequency':
      return t(L, 'group_create.ask_frequency');
    case 'start_date':
      return t(L, 'group_create.ask_start_date');
    case 'members_count':
      return t(L, 'group_create.ask_members_count', { min: MEMBERS_MIN, max: MEMBERS_MAX });
    case 'payout_order':
      return t(L, 'group_create.ask_payout_order');
    case 'late_fee':
      return t(L, 'group_create.ask_late_fee', { currency });
    case 'grace_days':
      return t(L, 'group_create.ask_grace_days', { max: GRACE_DAYS_MAX });
    case 'quorum':
      return t(L, 'group_create.ask_quorum');
  }
}

export function invalidFor(step: Step, env: FlowEnv): string {
  const L = env.locale;
  switch (step) {
    case 'name':
      return t(L, 'group_create.name_invalid', { max: GROUP_NAME_MAX_CHARS });
    case 'amount':
      return t(L, 'group_create.amount_invalid', { currency: env.currency });
    case 'frequency':
      return t(L, 'group_create.frequency_invalid');
    case 'start_date':
      return t(L, 'group_create.start_date_invalid');
    case 'members_count':
      return t(L, 'group_create.members_count_invalid', { min: MEMBERS_MIN, max: MEMBERS_MAX });
    case 'payout_order':
      return t(L, 'group_create.payout_order_invalid');
    case 'late_fee':
      return t(L, 'group_create.late_fee_invalid', { max_percent: LATE_FEE_BPS_MAX / 100 });
    case 'grace_days':
      return t(L, 'group_create.grace_days_invalid', { max: GRACE_DAYS_MAX });
    case 'quorum':
      return t(L, 'group_create.quorum_invalid', { min: QUORUM_PERCENT_MIN });
  }
}

export function summaryText(rules: GroupRules, locale: Locale): string {
  const v = rulesVars(locale, rules);
  return t(locale, 'group_create.summary', {
    group_name: v.group_name,
    amount: v.amount,
    currency: v.currency,
    frequency: v.frequency,
    start_date: v.start_date,
    members_count: v.members_count,
    payout_rule: v.payout_rule,
    late_fee: v.late_fee,
    grace_days: v.grace_days,
    quorum: v.quorum,
    platform_fee: t(locale, 'late_fee.none'),
  });
}

export function updatedText(locale: Locale, steps: Step[], d: Draft, env: FlowEnv): string {
  const partial = draftPartial(d, env);
  return t(locale, 'group_create.correction_applied', { field: steps.map((s) => fieldText(locale, s as RuleField, partial)).join(', ') });
}
