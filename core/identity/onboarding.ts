// Onboarding (spec 3.1): language → display name → PIN (entered twice) → done. The WhatsApp number
// itself is the verified identity (WhatsApp verified it), so there is no OTP step in the chat.
export type OnboardingStep = 'language' | 'name' | 'pin' | 'pin_confirm' | 'done';
export type Locale = 'en' | 'fr' | 'sw';

const LANGUAGE_WORDS: Array<[RegExp, Locale]> = [
  [/^\s*(1|one|moja|un|english|anglais|kiingereza|eng|en)\s*[.!]?\s*$/i, 'en'],
  [/^\s*(2|two|mbili|deux|fran[cç]ais|french|kifaransa|francais|fr)\s*[.!]?\s*$/i, 'fr'],
  [/^\s*(3|three|tatu|trois|kiswahili|swahili|sw|kisw)\s*[.!]?\s*$/i, 'sw'],
];

export function parseLanguageChoice(text: string): Locale | undefined {
  for (const [re, locale] of LANGUAGE_WORDS) if (re.test(text)) return locale;
  return undefined;
}

/** A display name: letters (any script), spaces, apostrophes, hyphens, dots; 2–40 chars. */
export function parseDisplayName(text: string): string | undefined {
  const name = text.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 40) return undefined;
  if (!/^[\p{L}][\p{L}\p{M} .'’-]*$/u.test(name)) return undefined;
  return name
    .split(' ')
    .map((w) => (w ? w[0].toLocaleUpperCase() + w.slice(1) : w))
    .join(' ');
}
