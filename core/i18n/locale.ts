// Locales we speak, how a member picks one, and the default for a phone's country.

export const LOCALES = ['en', 'fr', 'sw'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

// The language menu is "1 English 2 Français 3 Kiswahili" in every locale; names are accepted too.
const CHOICES: Record<string, Locale> = {
  '1': 'en',
  en: 'en',
  english: 'en',
  anglais: 'en',
  kiingereza: 'en',
  '2': 'fr',
  fr: 'fr',
  francais: 'fr',
  french: 'fr',
  kifaransa: 'fr',
  '3': 'sw',
  sw: 'sw',
  kiswahili: 'sw',
  swahili: 'sw',
};

export function localeFromChoice(text: string): Locale | null {
  const k = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  return CHOICES[k] ?? null;
}

// Francophone countries default to French, Tanzania to Kiswahili, the rest to English;
// every member can switch with LANGUAGE.
const FRENCH_COUNTRIES = new Set(['CD', 'CG', 'CM', 'CI', 'SN', 'ML', 'BF', 'NE', 'TG', 'BJ', 'GA', 'GN', 'BI', 'TD', 'CF', 'MG', 'FR', 'BE']);

export function defaultLocaleForCountry(country: string | null | undefined): Locale {
  if (!country) return 'en';
  const c = country.toUpperCase();
  if (FRENCH_COUNTRIES.has(c)) return 'fr';
  if (c === 'TZ') return 'sw';
  return 'en';
}
