// Contribution frequency in en/fr/sw: weekly, every two weeks, monthly → also as ISO 8601 durations.
// Checked longest-first so "kila wiki mbili" is biweekly, not weekly.
import { fold } from './normalize.ts';

export type Frequency = 'weekly' | 'biweekly' | 'monthly';
export const FREQUENCY_ISO: Record<Frequency, 'P1W' | 'P2W' | 'P1M'> = { weekly: 'P1W', biweekly: 'P2W', monthly: 'P1M' };

export type FrequencyMatch = { frequency: Frequency; iso: 'P1W' | 'P2W' | 'P1M'; start: number; end: number; raw: string };

const TWO = '(?:2|two|deux|mbili)';
const PATTERNS: Array<[RegExp, Frequency]> = [
  [
    new RegExp(
      `\\b(?:bi-?weekly|fortnightly|fortnight|every (?:other|second) week|every ${TWO} weeks?|each ${TWO} weeks|once every ${TWO} weeks|(?:toutes|tous) les (?:deux|2) semaines|chaque (?:deux|2) semaines|toutes les quinzaines?|tous les (?:quinze|15) jours|(?:par|chaque) quinzaine|bimensuel(?:le)?s?|kila (?:baada ya )?wiki ${TWO}|kila wiki ya pili|mara moja (?:kila|kwa) wiki ${TWO}|wiki ${TWO} mara moja)\\b`,
    ),
    'biweekly',
  ],
  [
    /\b(?:weekly|every ?week|each week|per week|a week|once a week|every wk|per wk|\/ ?(?:week|wk)|p\.?w\.?|hebdo(?:madaire)?s?|chaque semaine|toutes les semaines|par semaine|(?:une fois )?par semaine|a la semaine|kila wiki|kwa wiki|mara moja kwa wiki|wiki kwa wiki|kila juma|kwa juma)\b/,
    'weekly',
  ],
  [
    /\b(?:monthly|every ?month|each month|per month|a month|once a month|every mo|\/ ?(?:month|mo)|p\.?m\.?(?= |$)|mensuel(?:le)?s?|mensuellement|chaque mois|tous les mois|par mois|(?:une fois )?par mois|au mois|kila mwezi|kwa mwezi|mara moja kwa mwezi|mwezi kwa mwezi)\b/,
    'monthly',
  ],
];

/** Every frequency mention with its span. */
export function findFrequencies(text: string): FrequencyMatch[] {
  const folded = fold(text).replace(/\s/g, ' ');
  const out: FrequencyMatch[] = [];
  for (const [re, frequency] of PATTERNS) {
    for (const m of folded.matchAll(new RegExp(re.source, 'g'))) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (out.some((o) => start < o.end && end > o.start)) continue;
      out.push({ frequency, iso: FREQUENCY_ISO[frequency], start, end, raw: text.slice(start, end) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The first frequency mentioned, if any. */
export function parseFrequency(text: string): FrequencyMatch | undefined {
  return findFrequencies(text)[0];
}
