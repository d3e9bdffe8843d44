// t(locale, key, vars): look a text up in the locale's catalogue and fill its {{vars}}.
// Vars are checked at compile time from the English template; a missing var throws (never sent half-filled).
import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';
import type { Locale } from './locale.ts';
import { sw } from './sw.ts';

export type Catalogue = Readonly<Record<MessageKey, string>>;
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { en, fr, sw };

type VarsIn<S extends string> = S extends `${string}{{${infer V}}}${infer Rest}` ? V | VarsIn<Rest> : never;
/** The var names a key's template uses, e.g. VarsOf<'pin.wrong'> = 'remaining'. */
export type VarsOf<K extends MessageKey> = VarsIn<(typeof en)[K]>;
export type VarValue = string | number | bigint;
export type TemplateVars<K extends MessageKey> = Record<VarsOf<K>, VarValue>;
type VarsArgs<K extends MessageKey> = [VarsOf<K>] extends [never] ? [vars?: Record<string, never>] : [vars: TemplateVars<K>];

const PLACEHOLDER = /\{\{([a-z0-9_]+)\}\}/g;

export class I18nError extends Error {
  readonly code: 'i18n.missing_var' | 'i18n.unknown_key' | 'i18n.unknown_locale';
  constructor(code: I18nError['code'], message: string) {
    super(message);
    this.name = 'I18nError';
    this.code = code;
  }
}

export function render(template: string, vars: Readonly<Record<string, VarValue>> | undefined, key = '?'): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = vars?.[name];
    if (value === undefined || value === null) {
      throw new I18nError('i18n.missing_var', `i18n: "${key}" needs {{${name}}}`);
    }
    return String(value);
  });
}

/** The localized text for `key`, with vars typed from the template. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...args: VarsArgs<K>): string {
  return tDynamic(locale, key, args[0] as Record<string, VarValue> | undefined);
}

/** Same as t() for keys chosen at run time (stored flow state, per-reason maps); vars checked at run time only. */
export function tDynamic(locale: Locale, key: MessageKey, vars?: Readonly<Record<string, VarValue>>): string {
  const catalogue = CATALOGUES[locale];
  if (!catalogue) throw new I18nError('i18n.unknown_locale', `i18n: unknown locale ${String(locale)}`);
  const template = catalogue[key];
  if (template === undefined) throw new I18nError('i18n.unknown_key', `i18n: unknown key ${String(key)}`);
  return render(template, vars, key);
}

export function hasKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** The var names a template uses, in order of first appearance. */
export function templateVars(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]))];
}
