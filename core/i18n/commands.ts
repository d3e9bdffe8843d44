// Universal commands and reply keywords as people type them in each language, and a matcher.
// The catalogue texts show the first word of each locale's list (e.g. *PAY* / *PAYER* / *LIPA*).
import type { Locale } from './locale.ts';

export const COMMANDS = [
  'menu',
  'help',
  'status',
  'stop',
  'resume',
  'language',
  'settings',
  'support',
  'admin_menu',
  'pay',
  'agree',
  'rules',
  'start',
  'confirm',
  'cancel',
  'ok',
  'dispute',
] as const;
export type Command = (typeof COMMANDS)[number];

// First entry per locale is the one the catalogue shows; the rest are accepted synonyms.
export const COMMAND_WORDS: Record<Command, Record<Locale, readonly string[]>> = {
  menu: { en: ['menu'], fr: ['menu'], sw: ['menyu', 'menu'] },
  help: { en: ['help'], fr: ['aide', 'aidez moi'], sw: ['msaada', 'nisaidie'] },
  status: { en: ['status'], fr: ['statut', 'etat'], sw: ['hali'] },
  stop: { en: ['stop', 'pause'], fr: ['stop', 'arret', 'arreter'], sw: ['sitisha', 'acha'] },
  resume: { en: ['resume', 'unpause'], fr: ['reprendre'], sw: ['endelea', 'washa'] },
  language: { en: ['language', 'lang'], fr: ['langue'], sw: ['lugha'] },
  settings: { en: ['settings'], fr: ['parametres', 'reglages'], sw: ['mipangilio'] },
  support: { en: ['support', 'agent'], fr: ['assistance', 'conseiller'], sw: ['huduma', 'mhudumu'] },
  admin_menu: { en: ['admin menu', 'admin'], fr: ['menu admin'], sw: ['menyu ya admin'] },
  pay: { en: ['pay', 'pay now'], fr: ['payer'], sw: ['lipa', 'lipa sasa'] },
  agree: { en: ['agree', 'i agree'], fr: ['jaccepte', 'accepte', 'accepter'], sw: ['nakubali', 'kubali'] },
  rules: { en: ['rules'], fr: ['regles'], sw: ['kanuni'] },
  start: { en: ['start'], fr: ['demarrer', 'commencer'], sw: ['anza', 'anzisha'] },
  confirm: { en: ['confirm', 'yes'], fr: ['confirmer', 'oui'], sw: ['thibitisha', 'ndiyo'] },
  cancel: { en: ['cancel', 'no'], fr: ['annuler', 'non'], sw: ['ghairi', 'hapana'] },
  ok: { en: ['ok', 'okay'], fr: ['ok', 'd accord', 'daccord'], sw: ['sawa', 'ok'] },
  dispute: { en: ['dispute'], fr: ['litige', 'contester'], sw: ['lalamika', 'lalamiko'] },
};

/** Lowercase, strip accents and apostrophes, keep letters/digits separated by single spaces. */
export function normalizeCommandText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’'`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const INDEX: ReadonlyMap<string, Command> = (() => {
  const index = new Map<string, Command>();
  for (const command of COMMANDS) {
    for (const words of Object.values(COMMAND_WORDS[command])) {
      for (const word of words) {
        const key = normalizeCommandText(word);
        const prior = index.get(key);
        if (prior && prior !== command) throw new Error(`i18n.commands: "${word}" means both ${prior} and ${command}`);
        index.set(key, command);
      }
    }
  }
  return index;
})();

/** The command a whole message is, in any of our languages ("Menyu", "AIDE", "j’accepte"), or null. */
export function matchCommand(text: string): Command | null {
  if (text.length > 40) return null;
  return INDEX.get(normalizeCommandText(text)) ?? null;
}

/** The keyword to show for a command in a locale, upper-cased as the catalogue writes it. */
export function commandWord(command: Command, locale: Locale): string {
  return COMMAND_WORDS[command][locale][0].toUpperCase();
}

const JOIN_WORDS = ['join', 'rejoindre', 'jiunge'];

/** "JOIN AB12CD" (the invite link's prefilled text, in any language) → "AB12CD". */
export function parseJoinCode(text: string): string | null {
  const m = /^\s*([\p{L}]+)\s+([A-Za-z0-9-]{4,32})\s*$/u.exec(text);
  if (!m) return null;
  if (!JOIN_WORDS.includes(normalizeCommandText(m[1]))) return null;
  return m[2].toUpperCase();
}
