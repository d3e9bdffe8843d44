// How a group's rules read in each language (amounts, frequency, payout rule, late fee, dates), shared by
// the group tools and by the server's notifications so every member sees the same words.
import { formatDateLong, t } from '../core/i18n/index.ts';
import { exponentOf, type Money, money, toDecimalString } from '../core/money.ts';
import type { Frequency, GroupRules, LateFee, PayoutOrderKind } from '../core/rosca/index.ts';
import type { Locale } from './context.ts';

/** "5,000" (en/sw) or "20 000" (fr); decimals only when they are not zero. */
export function formatAmount(m: Money, locale: Locale): string {
  const [whole, frac] = toDecimalString(m).split('.');
  const sep = locale === 'fr' ? '\u202f' : ',';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return frac && /[1-9]/.test(frac) ? `${grouped}${locale === 'fr' ? ',' : '.'}${frac}` : grouped;
}

export function formatMoneyText(m: Money, locale: Locale): string {
  return `${formatAmount(m, locale)} ${m.currency}`;
}

export function frequencyText(locale: Locale, f: Frequency): string {
  return t(locale, `frequency.${f}`);
}

export function payoutRuleText(locale: Locale, p: PayoutOrderKind): string {
  return t(locale, `payout_order.${p}`);
}

export function lateFeeText(locale: Locale, fee: LateFee, currency: string): string {
  if (fee.kind === 'none') return t(locale, 'late_fee.none');
  if (fee.kind === 'fixed') return t(locale, 'late_fee.fixed', { amount: formatAmount(money(currency, fee.minor), locale), currency });
  return t(locale, 'late_fee.percent', { percent: String(fee.bps / 100) });
}

export function dateText(locale: Locale, ymd: string): string {
  return formatDateLong(ymd, locale);
}

/** Major-unit decimal string ("5000", "2500.5") → minor units, or undefined if it has too many decimals. */
export function toMinor(amount: string, currency: string): bigint | undefined {
  const m = /^(\d{1,15})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return undefined;
  const exp = exponentOf(currency);
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > exp) return undefined;
  return BigInt(m[1]) * 10n ** BigInt(exp) + (frac ? BigInt(frac.padEnd(exp, '0')) : 0n);
}

/** The invite link: WhatsApp's click-to-chat with the JOIN text prefilled. */
export function inviteLink(botPhone: string, code: string): string {
  return `https://wa.me/${botPhone.replace(/\D/g, '')}?text=JOIN%20${code}`;
}

export type RuleField = 'name' | 'amount' | 'frequency' | 'start_date' | 'members_count' | 'payout_order' | 'late_fee' | 'grace_days' | 'quorum';

/** "contribution: 6,000 KES" — one field of a draft or of the rules, in the member's words. */
export function fieldText(locale: Locale, field: RuleField, r: Partial<GroupRules>): string {
  const label = t(locale, `group_create.field.${field}`);
  const currency = r.contribution?.currency ?? 'KES';
  let value = '';
  if (field === 'name') value = r.name ?? '';
  else if (field === 'amount' && r.contribution) value = formatMoneyText(r.contribution, locale);
  else if (field === 'frequency' && r.frequency) value = frequencyText(locale, r.frequency);
  else if (field === 'start_date' && r.startDate) value = dateText(locale, r.startDate);
  else if (field === 'members_count' && r.membersCount !== undefined) value = String(r.membersCount);
  else if (field === 'payout_order' && r.payoutOrder) value = payoutRuleText(locale, r.payoutOrder);
  else if (field === 'late_fee' && r.lateFee) value = lateFeeText(locale, r.lateFee, currency);
  else if (field === 'grace_days' && r.graceDays !== undefined) value = String(r.graceDays);
  else if (field === 'quorum' && r.quorumPercent !== undefined) value = `${r.quorumPercent}%`;
  return `${label}: ${value}`;
}

/** The 12.5 / rules texts' variables for a group. */
export function rulesVars(locale: Locale, r: GroupRules) {
  return {
    group_name: r.name,
    amount: formatAmount(r.contribution, locale),
    currency: r.contribution.currency,
    frequency: frequencyText(locale, r.frequency),
    start_date: dateText(locale, r.startDate),
    members_count: String(r.membersCount),
    payout_rule: payoutRuleText(locale, r.payoutOrder),
    late_fee: lateFeeText(locale, r.lateFee, r.contribution.currency),
    grace_days: String(r.graceDays),
    quorum: String(r.quorumPercent),
    due_time: `${String(r.dueHour).padStart(2, '0')}:00`,
  };
}
