// The catalogue is complete and consistent in en/fr/sw, fills every var, and fits WhatsApp's limits.
import { describe, expect, it } from 'vitest';
import {
  BUTTON_SETS,
  BUTTON_TITLE_MAX_CHARS,
  BUTTONS_PER_MESSAGE_MAX,
  CATALOGUES,
  COMMAND_WORDS,
  COMMANDS,
  en,
  I18nError,
  LOCALES,
  type MessageKey,
  buttons,
  matchCommand,
  t,
  tDynamic,
  templateVars,
} from '../../../core/i18n/index.ts';

const keys = Object.keys(en) as MessageKey[];
const sampleVars = (key: MessageKey) => Object.fromEntries(templateVars(en[key]).map((v) => [v, `<${v}>`]));

describe('i18n catalogue', () => {
  it('defines exactly the English keys in every locale, none empty or padded', () => {
    for (const locale of LOCALES) {
      expect(Object.keys(CATALOGUES[locale]).sort()).toEqual([...keys].sort());
      for (const key of keys) {
        const text = CATALOGUES[locale][key];
        expect(text.length, `${locale} ${key}`).toBeGreaterThan(0);
        expect(text, `${locale} ${key}`).toBe(text.trim());
      }
    }
  });

  it('uses the same vars for a key in every locale', () => {
    for (const key of keys) {
      const expected = templateVars(en[key]).sort();
      for (const locale of LOCALES) expect(templateVars(CATALOGUES[locale][key]).sort(), `${locale} ${key}`).toEqual(expected);
    }
  });

  it('leaves no {{…}} unfilled once given its vars, and stays within WhatsApp’s 4096 characters', () => {
    for (const locale of LOCALES) {
      for (const key of keys) {
        const text = tDynamic(locale, key, sampleVars(key));
        expect(text, `${locale} ${key}`).not.toMatch(/\{\{|\}\}/);
        expect(text.length).toBeLessThanOrEqual(4096);
      }
    }
  });

  it('throws instead of sending a text with a missing var', () => {
    expect(() => tDynamic('en', 'pin.wrong', {})).toThrow(I18nError);
    try {
      tDynamic('fr', 'pin.wrong');
    } catch (e) {
      expect((e as I18nError).code).toBe('i18n.missing_var');
    }
  });

  it('fills vars, including numbers and bigints', () => {
    expect(t('en', 'pin.wrong', { remaining: 2 })).toBe('❌ Wrong PIN. You have *2* tries left.');
    expect(t('sw', 'pin.prompt', { summary: 'Ondoa Juma' })).toContain('Ondoa Juma');
    expect(t('fr', 'onboarding.name_invalid', { max: 40n })).toContain('40');
    expect(t('en', 'menu.footer')).toBe('Reply with a number.');
  });

  it('checks vars at compile time', () => {
    // @ts-expect-error a var the template needs is missing
    expect(() => t('en', 'pin.wrong', {})).toThrow();
    // @ts-expect-error vars are required when the template has any
    expect(() => t('en', 'pin.wrong')).toThrow();
    // @ts-expect-error unknown key
    expect(() => t('en', 'no.such.key')).toThrow();
  });

  it('uses WhatsApp markup, not Markdown', () => {
    for (const locale of LOCALES) for (const key of keys) expect(CATALOGUES[locale][key], `${locale} ${key}`).not.toContain('**');
  });

  it('keeps the spec templates’ wording in English', () => {
    expect(t('en', 'reminder.due', { group_name: 'Family Circle', name: 'Amina', amount: '5,000', currency: 'KES', due_date: 'Friday 4 December 2026' })).toBe(
      '⏰ *Payment reminder — Family Circle*\nHi Amina, your contribution of *5,000 KES* is due on *Friday 4 December 2026*.\n\n' +
        'Reply:\n*PAY* to pay now ✅\n*STATUS* to see your history\n*HELP* if you have an issue',
    );
    expect(
      t('en', 'payment.receipt', {
        amount: '5,000',
        currency: 'KES',
        group_name: 'G',
        paid_at: 'x',
        receipt_id: 'pay_1',
        ledger_seq: 42,
        ledger_hash: 'ab12cd34',
        name: 'Amina',
      }),
    ).toContain('Ledger: entry #42 · ab12cd34');
  });
});

describe('reply keywords shown in texts', () => {
  // Bold all-caps words are things to type back; each must be a command in that locale's own words.
  const NOT_COMMANDS = new Set(['PAYMENT REF', 'KUMBUKUMBU YA MALIPO', 'PIN']);
  it('are recognised commands in the same locale', () => {
    for (const locale of LOCALES) {
      const words = new Set(COMMANDS.flatMap((c) => COMMAND_WORDS[c][locale].map((w) => w.replace(/\s/g, ''))));
      for (const key of keys) {
        for (const m of CATALOGUES[locale][key].matchAll(/\*([\p{Lu}’' ]{2,})\*/gu)) {
          const word = m[1];
          if (NOT_COMMANDS.has(word)) continue;
          expect(matchCommand(word), `${locale} ${key}: ${word}`).not.toBeNull();
          const normalized = word
            .normalize('NFD')
            .replace(/\p{M}/gu, '')
            .toLowerCase()
            .replace(/[’'\s]/g, '');
          expect(words.has(normalized), `${locale} ${key}: ${word} is not a ${locale} word`).toBe(true);
        }
      }
    }
  });
});

describe('WhatsApp reply buttons', () => {
  it(`have titles of at most ${BUTTON_TITLE_MAX_CHARS} characters in every locale`, () => {
    for (const locale of LOCALES) {
      for (const key of keys.filter((k) => k.startsWith('button.'))) {
        const title = CATALOGUES[locale][key];
        expect([...title].length, `${locale} ${key}: ${title}`).toBeLessThanOrEqual(BUTTON_TITLE_MAX_CHARS);
        expect(title.length, `${locale} ${key} in UTF-16 units`).toBeLessThanOrEqual(BUTTON_TITLE_MAX_CHARS);
        expect(title).not.toMatch(/\{\{/);
      }
    }
  });

  it(`come in sets of at most ${BUTTONS_PER_MESSAGE_MAX} with distinct titles`, () => {
    for (const [name, set] of Object.entries(BUTTON_SETS)) {
      expect(set.length, name).toBeLessThanOrEqual(BUTTONS_PER_MESSAGE_MAX);
      for (const locale of LOCALES) {
        const rendered = buttons(locale, name as keyof typeof BUTTON_SETS);
        expect(new Set(rendered.map((b) => b.title)).size, `${locale} ${name}`).toBe(set.length);
      }
    }
    expect(buttons('sw', 'reminder_due')).toEqual([
      { id: 'pay_now', title: 'Lipa sasa' },
      { id: 'status', title: 'Hali' },
      { id: 'help', title: 'Msaada' },
    ]);
  });
});
