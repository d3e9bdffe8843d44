// One-sentence group creation ("Unda kikundi cha watu 6, elfu tano kila wiki, tuanze Ijumaa ijayo")
// and corrections ("make it 6000", "non, mensuel", "badala yake watu 8"). Each extractor masks the
// text it used, so the numbers of a date, a frequency or a head count never become the amount.
import { findDates } from './dates.ts';
import type { Frequency } from './frequency.ts';
import { findFrequencies } from './frequency.ts';
import type { Lang } from './language.ts';
import type { Currency, MoneyMatch } from './money.ts';
import { findMoney, formatAmount } from './money.ts';
import { fold } from './normalize.ts';
import { findNumbers } from './numbers.ts';

export type PayoutOrder = 'random' | 'chosen' | 'auction' | 'manual';

export type SlotMoney = {
  amount: string;
  currency?: Currency;
  /** candidates when the text said "shillings"/"francs" and no default resolved it */
  currencyHints?: Currency[];
  /** no currency was written: `currency` is the caller's default */
  currencyAssumed?: boolean;
};

export type GroupSlots = {
  name?: string;
  membersCount?: number;
  amount?: SlotMoney;
  frequency?: Frequency;
  /** YYYY-MM-DD in the caller's time zone */
  startDate?: string;
  payoutOrder?: PayoutOrder;
  lateFee?: SlotMoney;
  graceDays?: number;
  quorumPercent?: number;
};

export type GroupSlotOptions = {
  now: Date;
  timeZone: string;
  lang?: Lang;
  defaultCurrency?: Currency;
};

export type CorrectionOptions = GroupSlotOptions & {
  /** the slot the bot asked about last: a bare "8" then goes there */
  lastAsked?: keyof GroupSlots;
};

type Span = { start: number; end: number };

function mask(text: string, spans: Span[]): string {
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

const PEOPLE_AFTER =
  /^\s*(?:people|persons?|ppl|pax|members?|membres?|personnes?|pers\b|participants?|of us|friends|amis|marafiki|wanachama|watu|folks|membres)/;
const PEOPLE_BEFORE =
  /(?:watu|wanachama|marafiki|kwa watu|(?:group|groupe|chama|kikundi|tontine|circle|likelemba)(?: of| de| for| pour| cha| ya| la)|we are|we're|nous sommes|on est|tuko|tupo|sisi ni|members?:?|membres?:?|participants?:?|people:?|size:?)\s*$/;

const PAYOUT_ORDER: Array<[RegExp, PayoutOrder]> = [
  [/\b(?:auction|bid(?:ding|s)?|ench[e]res?|mnada|zabuni)\b/, 'auction'],
  [
    /\b(?:random(?:ly)?|lottery|draw|raffle|shuffle|au hasard|hasard|aleatoire(?:ment)?|tirage(?: au sort)?|au sort|bahati(?: nasibu)?|kura|nasibu)\b/,
    'random',
  ],
  [
    /\b(?:we (?:will )?choose|we pick|by choice|chosen|choose the order|on choisit|nous choisissons|au choix|par choix|tutachagua|kwa kuchagua|kuchagua wenyewe|tunachagua)\b/,
    'chosen',
  ],
  [
    /\b(?:manual(?:ly)?|admin decides|i (?:will )?decide|i set the order|fixed order|manuel(?:lement)?|je decide|l'admin decide|ordre fixe|nitapanga|kwa mkono|msimamizi ataamua|nitaamua)\b/,
    'manual',
  ],
];

const LATE_FEE_CUE =
  /\b(?:late fee|late penalty|late charge|penalty|fine|penalite|amende|frais de retard|faini|adhabu|ada ya kuchelewa|faini ya kuchelewa)(?: of| de| ya| is| ni| =|:)?\s*/g;
const COUNT = '([0-9]{1,3}|one|two|three|four|five|six|seven|ten|une?|deux|trois|quatre|cinq|sept|dix|moja|mbili|tatu|nne|tano|sita|saba|kumi)';
const GRACE_RES = [
  new RegExp(
    `\\b(?:grace(?: period)?|delai de grace|periode de grace|grace de|muda wa (?:ziada|neema|nyongeza|rehema)|siku za (?:ziada|neema|nyongeza|rehema))(?: of| de| ya| is| ni|:)?\\s*${COUNT}\\s*(?:days?|jours?|siku)?`,
  ),
  new RegExp(`\\b${COUNT}\\s*(?:days?|jours?)(?:'| of| de)? ?(?:grace|de grace|grace period)\\b`),
  new RegExp(`\\bsiku ${COUNT} (?:za|ya) (?:ziada|neema|nyongeza|rehema|kuchelewa)\\b`),
];
const QUORUM_RES = [
  /\b(?:quorum|akidi|minimum|min)(?: of| de| ya| is| ni|:)?\s*([0-9]{1,3})\s*(?:%|percent|pour ?cent|asilimia)/,
  /\b(?:asilimia)\s*([0-9]{1,3})\s*(?:ya akidi|akidi)?/,
  /\b([0-9]{1,3})\s*(?:%|percent|pour ?cent)\s*(?:quorum|akidi|minimum|must pay|doivent payer|walipe)/,
];

const NAME_RES: RegExp[] = [
  /(?:called|named|name it|call it|nomm[ée]e?|appel[ée]e?|qui s'appelle|s'appelant|inaitwa|kiitwacho|kinaitwa|jina lake ni|jina (?:la kikundi )?ni|group name:?|nom du groupe:?|nom:)\s*["“«']?([^,.;!?"”»\n]{2,40}?)["”»']?(?=\s*(?:[,.;!?\n]|$|\s(?:for|with|of|pour|avec|de|cha|kwa|na|weekly|monthly|starting|kila|chaque)\b))/iu,
  /["“«]([^"”»\n]{2,40})["”»]/u,
];

function numberValue(s: string): number | undefined {
  const v = findNumbers(s)[0]?.value;
  return v && /^[0-9]+$/.test(v) ? Number(v) : undefined;
}

function toSlotMoney(m: MoneyMatch, defaultCurrency?: Currency): SlotMoney {
  if (m.currency) return { amount: m.amount, currency: m.currency };
  if (m.currencyHints) {
    if (defaultCurrency && m.currencyHints.includes(defaultCurrency)) return { amount: m.amount, currency: defaultCurrency };
    return { amount: m.amount, currencyHints: m.currencyHints };
  }
  return defaultCurrency ? { amount: m.amount, currency: defaultCurrency, currencyAssumed: true } : { amount: m.amount };
}

type Pick = 'first' | 'last';
const choose = <T>(xs: T[], pick: Pick): T | undefined => (pick === 'first' ? xs[0] : xs[xs.length - 1]);

function extract(text: string, options: GroupSlotOptions, pick: Pick): GroupSlots {
  const slots: GroupSlots = {};
  let folded = fold(text).replace(/\s/g, ' ');

  const name = NAME_RES.map((re) => re.exec(text)).find(Boolean);
  if (name) {
    slots.name = name[1].trim().replace(/\s+/g, ' ');
    const start = (name.index ?? 0) + name[0].indexOf(name[1]);
    folded = mask(folded, [{ start, end: start + name[1].length }]);
  }

  const dates = findDates(folded, options);
  // prefer a date introduced by a start cue ("starting", "à partir du", "kuanzia", "tuanze")
  const cued = dates.filter((d) =>
    /(?:start(?:ing|s)?(?: on| from)?|begin(?:ning)?|from|a partir d[eu]|des|debut(?:er)?|commen[cç]ant|kuanzia|tuanze|tuanzie|kuanza|itaanza|tarehe ya kuanza)\s*(?:le |la |on |the |siku ya |tarehe )?$/.test(
      folded.slice(Math.max(0, d.start - 24), d.start),
    ),
  );
  const date = choose(cued.length ? cued : dates, pick);
  if (date) slots.startDate = date.date;
  folded = mask(folded, dates);

  const freqs = findFrequencies(folded);
  const freq = choose(freqs, pick);
  if (freq) slots.frequency = freq.frequency;
  folded = mask(folded, freqs);

  for (const re of QUORUM_RES) {
    const m = re.exec(folded);
    if (m) {
      const v = Number(m[1]);
      if (v > 0 && v <= 100) slots.quorumPercent = v;
      folded = mask(folded, [{ start: m.index, end: m.index + m[0].length }]);
      break;
    }
  }
  for (const re of GRACE_RES) {
    const m = re.exec(folded);
    if (m) {
      const v = numberValue(m[1]);
      if (v !== undefined && v <= 60) slots.graceDays = v;
      folded = mask(folded, [{ start: m.index, end: m.index + m[0].length }]);
      break;
    }
  }
  for (const cue of folded.matchAll(LATE_FEE_CUE)) {
    const from = (cue.index ?? 0) + cue[0].length;
    const window = folded.slice(from, from + 30).split(/[,;\n]/)[0];
    const fee = findMoney(window, { preferCurrency: options.defaultCurrency })[0];
    if (fee && fee.start <= 2) {
      slots.lateFee = toSlotMoney(fee, options.defaultCurrency);
      folded = mask(folded, [{ start: cue.index ?? 0, end: from + fee.end }]);
      break;
    }
  }

  const payout = PAYOUT_ORDER.find(([re]) => re.test(folded));
  if (payout) slots.payoutOrder = payout[1];

  // head count: a number followed by "people"/"personnes" or preceded by "watu"/"group of"
  const heads = findNumbers(folded).filter(
    (n) => PEOPLE_AFTER.test(folded.slice(n.end, n.end + 14)) || PEOPLE_BEFORE.test(folded.slice(Math.max(0, n.start - 20), n.start)),
  );
  // "group of 10" must not take "group of 10 000 FC": a currency right after means money
  const headCounts = heads.filter((n) => {
    const after = folded.slice(n.end, n.end + 12);
    return !/^\s*(?:k?shs?|kes|tzs|ugx|fc|cdf|usd|\$|francs?|shillings?|shilingi|bob|xaf|xof|fcfa|rwf|\/=)/.test(after) && /^[0-9]+$/.test(n.value);
  });
  const head = choose(headCounts, pick);
  if (head) {
    const v = Number(head.value);
    if (v >= 2 && v <= 500) slots.membersCount = v;
  }
  folded = mask(folded, headCounts);

  const monies = findMoney(folded, { preferCurrency: options.defaultCurrency }).filter(
    (m) => !(m.currency === undefined && !m.currencyHints && /^[0-9]$/.test(m.amount)),
  );
  const marked = monies.filter((m) => m.currency || m.currencyHints);
  const money = choose(marked.length ? marked : monies, pick);
  if (money) slots.amount = toSlotMoney(money, options.defaultCurrency);
  return slots;
}

/** All group-creation slots found in one message. */
export function extractGroupSlots(text: string, options: GroupSlotOptions): GroupSlots {
  return extract(text, options, 'first');
}

const CORRECTION_CUE =
  /\b(?:make it|change (?:it )?to|actually|instead|rather|no,|not|i meant|sorry|correction|non|plutot|en fait|au lieu|je voulais dire|pardon|mets|change a|badala(?: yake| ya)?|hapana|sio|si |nilimaanisha|weka|badilisha (?:iwe|kuwa))\b/;

/** Does the message read like a correction of something already given? */
export function isCorrection(text: string): boolean {
  return CORRECTION_CUE.test(fold(text));
}

/**
 * Slot updates from a correction: the last value of each kind wins ("not 5000 but 6000" → 6000),
 * and a bare small number with no unit goes to the head count unless the bot just asked for the
 * amount ("actually 12" → membersCount 12; "make it 6000" → amount 6000).
 */
export function extractCorrection(text: string, options: CorrectionOptions): Partial<GroupSlots> {
  const slots = extract(text, options, 'last');
  if (Object.keys(slots).length === 0) {
    // "sio sita, ni nane": only small bare numbers, which extract() leaves alone; the last one wins
    const last = findNumbers(text).at(-1);
    if (last && /^[0-9]+$/.test(last.value)) {
      const v = Number(last.value);
      if (options.lastAsked === 'graceDays') slots.graceDays = v;
      else if (options.lastAsked === 'quorumPercent') slots.quorumPercent = v;
      else if (options.lastAsked === 'amount') slots.amount = toSlotMoney({ amount: last.value, start: 0, end: 0, raw: '' }, options.defaultCurrency);
      else if (v >= 2 && v <= 500) slots.membersCount = v;
    }
  }
  if (slots.amount && !slots.membersCount && (slots.amount.currencyAssumed || !slots.amount.currency) && !slots.amount.currencyHints) {
    const v = Number(slots.amount.amount);
    const bareSmall = Number.isInteger(v) && v >= 2 && v < 100 && !/[.]/.test(slots.amount.amount);
    const wantsMembers = options.lastAsked === 'membersCount' || (bareSmall && options.lastAsked !== 'amount' && options.lastAsked !== 'lateFee');
    if (wantsMembers && bareSmall) {
      slots.membersCount = v;
      delete slots.amount;
    } else if (options.lastAsked === 'graceDays' && bareSmall) {
      slots.graceDays = v;
      delete slots.amount;
    } else if (options.lastAsked === 'quorumPercent' && v > 0 && v <= 100) {
      slots.quorumPercent = v;
      delete slots.amount;
    } else if (options.lastAsked === 'lateFee') {
      slots.lateFee = slots.amount;
      delete slots.amount;
    }
  }
  if (options.lastAsked === 'name' && !slots.name) {
    const bare = text.replace(/^\s*(?:no|non|hapana|actually|en fait|badala yake|call it|name it)[,:]?\s*/i, '').trim();
    if (bare && bare.length <= 40 && !/[0-9]/.test(bare) && !CORRECTION_CUE.test(fold(bare))) slots.name = bare;
  }
  // numbers only ever as exact strings: normalise the formatting once more
  if (slots.amount) slots.amount.amount = formatAmount(slots.amount.amount);
  return slots;
}
