// Numbered menus (spec 7.2–7.4) rendered from item ids, so a menu can show only what a role allows
// and the caller keeps the same array to map a reply number back to an action.
import type { MessageKey } from './en.ts';
import type { Locale } from './locale.ts';
import { t, tDynamic } from './translate.ts';

export const MAIN_MENU = ['my_groups', 'pay', 'next_payout', 'receipts', 'support', 'settings'] as const;
export const GROUP_ADMIN_MENU = ['create_group', 'manage_members', 'edit_rules', 'cycle_status', 'approve_exceptions', 'reports'] as const;
export const PLATFORM_ADMIN_MENU = ['search_user', 'search_group', 'disputes_queue', 'refund_requests', 'risk_flags', 'broadcast', 'config'] as const;
export const SETTINGS_MENU = ['language', 'reminders', 'change_pin', 'display_name'] as const;

type ItemKey = Extract<MessageKey, `menu.item.${string}`>;
export type MenuItem = ItemKey extends `menu.item.${infer Id}` ? Id : never;

/** The member menu; organizers of at least one group also get "Group admin". */
export function mainMenuItems(opts: { isOrganizer: boolean }): MenuItem[] {
  return opts.isOrganizer ? [...MAIN_MENU, 'group_admin'] : [...MAIN_MENU];
}

export function menuItemLabel(locale: Locale, item: MenuItem): string {
  return tDynamic(locale, `menu.item.${item}` as ItemKey);
}

/** Title, "1) …" lines, footer. `title` is already localized (e.g. t(locale, 'menu.main.title')). */
export function renderMenu(locale: Locale, title: string, items: readonly MenuItem[]): string {
  const lines = items.map((item, i) => `${i + 1}) ${menuItemLabel(locale, item)}`);
  return `${title}\n${lines.join('\n')}\n\n${t(locale, 'menu.footer')}`;
}

/** The reply "3" → the third item; null when out of range or not a number. */
export function menuChoice<T extends string>(items: readonly T[], reply: string): T | null {
  const m = /^\s*(\d{1,2})\s*[).]?\s*$/.exec(reply);
  if (!m) return null;
  return items[Number(m[1]) - 1] ?? null;
}

export function renderMainMenu(locale: Locale, opts: { isOrganizer: boolean }): string {
  return renderMenu(locale, t(locale, 'menu.main.title'), mainMenuItems(opts));
}
