// WhatsApp reply-button sets: at most 3 buttons, titles at most 20 characters (tested in every locale).
import type { MessageKey } from './en.ts';
import type { Locale } from './locale.ts';
import { tDynamic } from './translate.ts';

export const BUTTON_TITLE_MAX_CHARS = 20;
export const BUTTONS_PER_MESSAGE_MAX = 3;

export type ButtonKey = Extract<MessageKey, `button.${string}`>;
export type ButtonId = ButtonKey extends `button.${infer Id}` ? Id : never;

export const BUTTON_SETS = {
  language: ['english', 'french', 'swahili'],
  reminder_due: ['pay_now', 'status', 'help'],
  overdue: ['pay_now', 'help'],
  payment_method: ['mobile_money', 'card'],
  join: ['agree', 'rules'],
  group_created: ['rules', 'start'],
  confirm: ['confirm', 'cancel'],
  payout_scheduled: ['ok', 'dispute'],
  frequency: ['weekly', 'biweekly', 'monthly'],
  yes_no: ['yes', 'no'],
  reminders_paused: ['resume_reminders', 'menu'],
  support: ['talk_to_agent', 'menu'],
  wallet: ['my_number', 'cancel'],
} as const satisfies Record<string, readonly ButtonId[]>;
export type ButtonSet = keyof typeof BUTTON_SETS;

/** Buttons ready for Green API's sendInteractiveButtons: stable ids, localized titles. */
export function buttons(locale: Locale, set: ButtonSet): { id: ButtonId; title: string }[] {
  return BUTTON_SETS[set].map((id) => ({ id, title: tDynamic(locale, `button.${id}`) }));
}
