// Menus by role (spec 7.2 member menu; organizers also see "Group admin"), and what each numbered
// item means, so "2" and "Pay Contribution" lead to the same place.
import { mainMenuItems, type MenuItem, renderMainMenu } from '../core/i18n/index.ts';
import type { RoscaContext } from './context.ts';

export const MENU_ITEM_INTENT: Partial<Record<MenuItem, string>> = {
  my_groups: 'my_groups',
  pay: 'pay',
  next_payout: 'next_payout',
  receipts: 'receipts',
  support: 'support_human',
  settings: 'settings',
  group_admin: 'group_admin_menu',
};

export function mainMenuText(ctx: Pick<RoscaContext, 'locale' | 'roles'>): string {
  return renderMainMenu(ctx.locale, { isOrganizer: ctx.roles.includes('organizer') });
}

/** The intent behind menu number `n` for this member, or undefined when out of range. */
export function mainMenuIntent(ctx: Pick<RoscaContext, 'roles'>, n: number): string | undefined {
  const item = mainMenuItems({ isOrganizer: ctx.roles.includes('organizer') })[n - 1];
  return item ? MENU_ITEM_INTENT[item] : undefined;
}
