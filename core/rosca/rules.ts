// A savings group's rules: the zod schema, limits, and defaults by the organizer's country.
import { z } from 'zod';
import { countryFromE164 } from '../identity/phone.ts';
import { isCurrency, type Money } from '../money.ts';
import { isLocalDate, isTimeZone, type LocalDate } from './calendar.ts';

export { countryFromE164 };

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];
export const PAYOUT_ORDERS = ['random', 'chosen', 'auction', 'manual'] as const;
export type PayoutOrderKind = (typeof PAYOUT_ORDERS)[number];

export const GROUP_NAME_MAX_CHARS = 60;
export const MEMBERS_MIN = 2;
export const MEMBERS_MAX = 50;
export const GRACE_DAYS_MAX = 30;
export const QUORUM_PERCENT_MIN = 50;
/** A percentage late fee is at most 50% of the contribution; any late fee is capped at one contribution. */
export const LATE_FEE_BPS_MAX = 5_000;
export const PLATFORM_FEE_BPS_MAX = 1_000;
/** Regulated chit funds cap the auction discount at 30% of the pot (40% in some states); we take 30%. */
export const AUCTION_DISCOUNT_BPS_MAX = 3_000;
/** One contribution must stay well inside int8 and any provider's limits. */
export const CONTRIBUTION_MINOR_MAX = 10n ** 13n;
export const DUE_HOUR_DEFAULT = 18;

export type CountryDefaults = { currency: string; timeZone: string };

export const COUNTRY_DEFAULTS: Readonly<Record<string, CountryDefaults>> = Object.freeze({
  KE: { currency: 'KES', timeZone: 'Africa/Nairobi' },
  TZ: { currency: 'TZS', timeZone: 'Africa/Dar_es_Salaam' },
  UG: { currency: 'UGX', timeZone: 'Africa/Kampala' },
  CD: { currency: 'CDF', timeZone: 'Africa/Kinshasa' },
  RW: { currency: 'RWF', timeZone: 'Africa/Kigali' },
  BI: { currency: 'BIF', timeZone: 'Africa/Bujumbura' },
  CG: { currency: 'XAF', timeZone: 'Africa/Brazzaville' },
  CM: { currency: 'XAF', timeZone: 'Africa/Douala' },
  CI: { currency: 'XOF', timeZone: 'Africa/Abidjan' },
  SN: { currency: 'XOF', timeZone: 'Africa/Dakar' },
  GH: { currency: 'GHS', timeZone: 'Africa/Accra' },
  ZM: { currency: 'ZMW', timeZone: 'Africa/Lusaka' },
  MW: { currency: 'MWK', timeZone: 'Africa/Blantyre' },
  MZ: { currency: 'MZN', timeZone: 'Africa/Maputo' },
  ET: { currency: 'ETB', timeZone: 'Africa/Addis_Ababa' },
  NG: { currency: 'NGN', timeZone: 'Africa/Lagos' },
  ZA: { currency: 'ZAR', timeZone: 'Africa/Johannesburg' },
});

/** Currency and time zone for an ISO country code; null when we have no default (ask instead). */
export function countryDefaults(country: string | null | undefined): CountryDefaults | null {
  if (!country) return null;
  return COUNTRY_DEFAULTS[country.toUpperCase()] ?? null;
}

export function defaultsForPhone(e164: string): CountryDefaults | null {
  return countryDefaults(countryFromE164(e164));
}

export const MoneySchema = z.object({
  currency: z.string().refine(isCurrency, { message: 'unsupported currency' }),
  minor: z.bigint().positive().max(CONTRIBUTION_MINOR_MAX),
});

/** `per: 'once'` charges once when the grace period ends; `'day'` charges for each day late after it. */
export const LateFeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('fixed'), minor: z.bigint().positive(), per: z.enum(['once', 'day']).default('once') }),
  z.object({
    kind: z.literal('percent'),
    bps: z.number().int().positive().max(LATE_FEE_BPS_MAX),
    per: z.enum(['once', 'day']).default('once'),
  }),
]);
export type LateFee = z.infer<typeof LateFeeSchema>;

export const GroupRulesSchema = z
  .object({
    name: z.string().trim().min(2).max(GROUP_NAME_MAX_CHARS),
    contribution: MoneySchema,
    frequency: z.enum(FREQUENCIES),
    startDate: z.string().refine(isLocalDate, { message: 'expected a real YYYY-MM-DD date' }),
    timeZone: z.string().refine(isTimeZone, { message: 'unknown IANA time zone' }),
    dueHour: z.number().int().min(0).max(23).default(DUE_HOUR_DEFAULT),
    membersCount: z.number().int().min(MEMBERS_MIN).max(MEMBERS_MAX),
    payoutOrder: z.enum(PAYOUT_ORDERS),
    lateFee: LateFeeSchema.default({ kind: 'none' }),
    graceDays: z.number().int().min(0).max(GRACE_DAYS_MAX).default(0),
    quorumPercent: z.number().int().min(QUORUM_PERCENT_MIN).max(100).default(100),
    platformFeeBps: z.number().int().min(0).max(PLATFORM_FEE_BPS_MAX).default(0),
    auctionMaxDiscountBps: z.number().int().min(0).max(AUCTION_DISCOUNT_BPS_MAX).default(AUCTION_DISCOUNT_BPS_MAX),
  })
  .superRefine((r, ctx) => {
    if (r.lateFee.kind === 'fixed' && r.lateFee.minor > r.contribution.minor) {
      ctx.addIssue({ code: 'custom', path: ['lateFee', 'minor'], message: 'a late fee cannot exceed the contribution' });
    }
  });

export type GroupRules = z.output<typeof GroupRulesSchema> & { contribution: Money; startDate: LocalDate };
export type GroupRulesInput = z.input<typeof GroupRulesSchema>;

export type RulesIssue = { field: string; code: string; message: string };
export type RulesResult = { ok: true; rules: GroupRules } | { ok: false; issues: RulesIssue[] };

/**
 * Validates rules, filling the time zone (and the contribution's currency, when only `minor` is given)
 * from the organizer's country. Issues carry the field path so a flow can re-ask just that step.
 */
export function parseGroupRules(input: unknown, opts: { country?: string | null } = {}): RulesResult {
  const defaults = countryDefaults(opts.country);
  let candidate = input;
  if (input && typeof input === 'object' && defaults) {
    const i = input as Record<string, unknown>;
    const contribution = i.contribution as Record<string, unknown> | undefined;
    candidate = {
      ...i,
      timeZone: i.timeZone ?? defaults.timeZone,
      contribution:
        contribution && typeof contribution === 'object' && contribution.currency === undefined
          ? { ...contribution, currency: defaults.currency }
          : contribution,
    };
  }
  const parsed = GroupRulesSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, rules: parsed.data as GroupRules };
  return {
    ok: false,
    issues: parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(root)',
      code: issue.code,
      message: issue.message,
    })),
  };
}

/** Throws on invalid rules; for code paths that received rules already validated once. */
export function assertGroupRules(input: unknown): GroupRules {
  const result = parseGroupRules(input);
  if (!result.ok) throw new Error(`rosca.rules: invalid rules: ${result.issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  return result.rules;
}

/** JSON-safe form for `groups.rules_json` (bigints as decimal strings). */
export type GroupRulesJson = Omit<GroupRules, 'contribution' | 'lateFee'> & {
  contribution: { currency: string; minor: string };
  lateFee: { kind: 'none' } | { kind: 'fixed'; minor: string; per: 'once' | 'day' } | { kind: 'percent'; bps: number; per: 'once' | 'day' };
};

export function rulesToJson(rules: GroupRules): GroupRulesJson {
  const lateFee: GroupRulesJson['lateFee'] = rules.lateFee.kind === 'fixed' ? { ...rules.lateFee, minor: rules.lateFee.minor.toString() } : rules.lateFee;
  return { ...rules, contribution: { currency: rules.contribution.currency, minor: rules.contribution.minor.toString() }, lateFee };
}

export function rulesFromJson(json: GroupRulesJson): GroupRules {
  const lateFee = json.lateFee.kind === 'fixed' ? { ...json.lateFee, minor: BigInt(json.lateFee.minor) } : json.lateFee;
  return assertGroupRules({ ...json, contribution: { currency: json.contribution.currency, minor: BigInt(json.contribution.minor) }, lateFee });
}

/** The pot of one cycle when everyone pays: contribution × members. */
export function potOf(rules: Pick<GroupRules, 'contribution' | 'membersCount'>): Money {
  return { currency: rules.contribution.currency, minor: rules.contribution.minor * BigInt(rules.membersCount) };
}
