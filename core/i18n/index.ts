// The localized message catalogue (en/fr/sw) and its helpers: t(), menus, buttons, commands, dates.
// Conventions: WhatsApp markup (*bold*, _italic_); vars are {{snake_case}}; a single money amount is
// {{amount}} {{currency}} (amount pre-formatted), several amounts come as whole strings ({{pot}}, {{fee}}).
export { en, type MessageKey } from './en.ts';
export { fr } from './fr.ts';
export { sw } from './sw.ts';
export { LOCALES, type Locale, isLocale, localeFromChoice, defaultLocaleForCountry } from './locale.ts';
export {
  CATALOGUES,
  type Catalogue,
  type VarsOf,
  type VarValue,
  type TemplateVars,
  I18nError,
  t,
  tDynamic,
  render,
  hasKey,
  templateVars,
} from './translate.ts';
export { formatDateLong, formatDateShort, formatTime, formatDateTimeLong, weekdayName } from './format.ts';
export {
  COMMANDS,
  COMMAND_WORDS,
  type Command,
  matchCommand,
  commandWord,
  normalizeCommandText,
  parseJoinCode,
} from './commands.ts';
export {
  MAIN_MENU,
  GROUP_ADMIN_MENU,
  PLATFORM_ADMIN_MENU,
  SETTINGS_MENU,
  type MenuItem,
  mainMenuItems,
  menuItemLabel,
  renderMenu,
  renderMainMenu,
  menuChoice,
} from './menus.ts';
export {
  BUTTON_SETS,
  BUTTON_TITLE_MAX_CHARS,
  BUTTONS_PER_MESSAGE_MAX,
  type ButtonSet,
  type ButtonId,
  type ButtonKey,
  buttons,
} from './buttons.ts';
