// Dates, commands, menus and locale choice as members see and type them.
import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  commandWord,
  defaultLocaleForCountry,
  formatDateLong,
  formatDateShort,
  formatDateTimeLong,
  formatTime,
  localeFromChoice,
  mainMenuItems,
  matchCommand,
  menuChoice,
  parseJoinCode,
  renderMainMenu,
  renderMenu,
  t,
  GROUP_ADMIN_MENU,
  PLATFORM_ADMIN_MENU,
  SETTINGS_MENU,
  LOCALES,
} from '../../../core/i18n/index.ts';

describe('formatDateLong', () => {
  it('writes dates long in each language', () => {
    expect(formatDateLong('2026-12-04', 'en')).toBe('Friday 4 December 2026');
    expect(formatDateLong('2026-12-04', 'fr')).toBe('vendredi 4 décembre 2026');
    expect(formatDateLong('2026-12-04', 'sw')).toBe('Ijumaa, 4 Desemba 2026');
    expect(formatDateLong('2026-03-01', 'fr')).toBe('dimanche 1er mars 2026');
    expect(formatDateLong('2028-02-29', 'en')).toBe('Tuesday 29 February 2028');
    expect(formatDateShort('2026-03-01', 'sw')).toBe('1 Machi 2026');
    expect(formatDateTimeLong('2026-12-04', 18, 0, 'fr')).toBe('vendredi 4 décembre 2026 à 18:00');
    expect(formatTime(7, 5)).toBe('07:05');
  });
  it('refuses impossible dates', () => {
    expect(() => formatDateLong('2026-02-29', 'en')).toThrow();
    expect(() => formatDateLong('4/12/2026', 'en')).toThrow();
  });
});

describe('commands', () => {
  it('match in any language, any case, with accents or apostrophes', () => {
    expect(matchCommand('menu')).toBe('menu');
    expect(matchCommand('Menyu')).toBe('menu');
    expect(matchCommand('AIDE')).toBe('help');
    expect(matchCommand(' msaada! ')).toBe('help');
    expect(matchCommand('Statut')).toBe('status');
    expect(matchCommand('STOP')).toBe('stop');
    expect(matchCommand('sitisha')).toBe('stop');
    expect(matchCommand('resume')).toBe('resume');
    expect(matchCommand('Lugha')).toBe('language');
    expect(matchCommand('langue')).toBe('language');
    expect(matchCommand('J’ACCEPTE')).toBe('agree');
    expect(matchCommand("j'accepte")).toBe('agree');
    expect(matchCommand('Règles')).toBe('rules');
    expect(matchCommand('démarrer')).toBe('start');
    expect(matchCommand('Lipa sasa')).toBe('pay');
    expect(matchCommand('admin menu')).toBe('admin_menu');
    expect(matchCommand('I want to pay my contribution')).toBeNull();
  });
  it('have a shown word in every locale', () => {
    for (const c of COMMANDS) for (const l of LOCALES) expect(commandWord(c, l)).toMatch(/\S/);
    expect(commandWord('pay', 'fr')).toBe('PAYER');
  });
  it('read the invite link text', () => {
    expect(parseJoinCode('JOIN ab12cd')).toBe('AB12CD');
    expect(parseJoinCode('jiunge XY7Z9Q')).toBe('XY7Z9Q');
    expect(parseJoinCode('hello world')).toBeNull();
  });
});

describe('menus', () => {
  it('render spec 7.2 numbered, with Group admin only for organizers', () => {
    expect(renderMainMenu('en', { isOrganizer: false })).toBe(
      '✅ *Menu*\n1) My Groups\n2) Pay Contribution\n3) Next Payout\n4) My Receipts\n5) Support\n6) Settings\n\nReply with a number.',
    );
    expect(mainMenuItems({ isOrganizer: true })).toContain('group_admin');
    expect(mainMenuItems({ isOrganizer: false })).not.toContain('group_admin');
    expect(renderMenu('sw', t('sw', 'menu.group_admin.title', { group_name: 'Upendo' }), GROUP_ADMIN_MENU)).toContain('3) Badilisha kanuni');
    expect(renderMenu('fr', t('fr', 'menu.platform_admin.title'), PLATFORM_ADMIN_MENU)).toContain('7) Configuration');
    expect(renderMenu('en', t('en', 'menu.settings.title'), SETTINGS_MENU)).toContain('3) Change PIN');
  });
  it('map a number back to an item', () => {
    const items = mainMenuItems({ isOrganizer: false });
    expect(menuChoice(items, '2')).toBe('pay');
    expect(menuChoice(items, ' 6) ')).toBe('settings');
    expect(menuChoice(items, '7')).toBeNull();
    expect(menuChoice(items, 'two')).toBeNull();
  });
});

describe('locales', () => {
  it('are chosen by number or name and defaulted by country', () => {
    expect(localeFromChoice('1')).toBe('en');
    expect(localeFromChoice('2️⃣')).toBe('fr');
    expect(localeFromChoice('Français')).toBe('fr');
    expect(localeFromChoice('3')).toBe('sw');
    expect(localeFromChoice('4')).toBeNull();
    expect(defaultLocaleForCountry('CD')).toBe('fr');
    expect(defaultLocaleForCountry('TZ')).toBe('sw');
    expect(defaultLocaleForCountry('KE')).toBe('en');
  });
});

describe('a group summary as the setup flow sends it', () => {
  it('repeats the start date back long, in French', () => {
    const text = t('fr', 'group_create.summary', {
      group_name: 'Mamans du marché',
      amount: '20 000',
      currency: 'CDF',
      frequency: t('fr', 'frequency.monthly'),
      start_date: formatDateLong('2027-03-01', 'fr'),
      members_count: 8,
      payout_rule: t('fr', 'payout_order.random'),
      late_fee: t('fr', 'late_fee.percent', { percent: 5 }),
      grace_days: 2,
      quorum: 100,
      platform_fee: '0 %',
    });
    expect(text).toContain('• Première échéance : *lundi 1er mars 2027*');
    expect(text).toContain('• Cotisation : *20 000 CDF* (chaque mois)');
    expect(text).toContain('*5 % de la cotisation* après *2* jour(s) de grâce');
    expect(text.endsWith('Répondez *CONFIRMER* pour créer le groupe, ou dites-moi ce qu’il faut changer.')).toBe(true);
  });
});
