// Public API of the offline language-understanding engine used by the local model: pure,
// deterministic, no I/O, no model weights. Languages: English, French, Kiswahili (with Sheng).

export type { DateMatch, DateOptions } from './dates.ts';
export { addDaysIso, findDates, formatDateLong, formatDateShort, parseDate, todayIn } from './dates.ts';
export type { Frequency, FrequencyMatch } from './frequency.ts';
export { FREQUENCY_ISO, findFrequencies, parseFrequency } from './frequency.ts';
export type { CorrectionOptions, GroupSlotOptions, GroupSlots, PayoutOrder, SlotMoney } from './group-slots.ts';
export { extractCorrection, extractGroupSlots, isCorrection } from './group-slots.ts';
export type { InjectionKind, InjectionResult } from './injection.ts';
export { detectInjection } from './injection.ts';
export type { Classification, ClassifyOptions, DisputeType, Intent, IntentSlots } from './intents.ts';
export { amountIn, CONFIDENCE_THRESHOLD, classify, INTENTS, SENSITIVE_INTENTS, SENSITIVE_THRESHOLD } from './intents.ts';
export type { Lang, LanguageGuess } from './language.ts';
export { detectLanguage, LANGS } from './language.ts';
export type { Currency, Money, MoneyMatch, MoneyOptions } from './money.ts';
export { CURRENCIES, findMoney, formatAmount, parseCurrency, parseMoney } from './money.ts';
export type { Analyzed, Token } from './normalize.ts';
export { analyze, collapseRepeats, editDistance, fold, fuzzyEquals, simplify, tokenize, typoBudget } from './normalize.ts';
export type { Decimal, NumberSpan } from './numbers.ts';
export { decToString, findNumbers, parseDigitGroup, parseNumber } from './numbers.ts';
