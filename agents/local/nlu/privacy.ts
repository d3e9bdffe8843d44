// Requests for other members' personal data (OWASP LLM02): their phone numbers, balances,
// accounts, what they paid — "what is Mercy's number?", "numéro de chaque membre", "akaunti yake".
// A member only ever sees their own data; the caller refuses (reason 'privacy'). Pure, no I/O.
import { fold } from './normalize.ts';

// What counts as personal data of a member (folded: lowercase, no accents).
const DATA =
  '(?:phone(?: numbers?)?|numbers?|contacts?|balances?|accounts?|statements?|savings|contributions?|payments?|numeros?(?: de telephone)?|telephones?|soldes?|comptes?|cotisations?|paiements?|namba(?: za simu| ya simu)?|nambari|simu|salio|akaunti|michango|mchango|malipo)';
// Contact details: what "X of <Name>" asks for when it is about a person.
const CONTACT = '(?:phone(?: numbers?)?|numbers?|contacts?|numeros?(?: de telephone)?|telephones?|namba(?: za simu| ya simu)?|nambari|simu)';
// Other people, collectively.
const OTHERS =
  '(?:every(?: single)? member|each member|all(?: the)? (?:other )?members|(?:the )?other members|everyone|everybody|chaque membre|tous les (?:autres )?membres|(?:des )?autres membres|wanachama wote|kila mwanachama|wanachama wengine|wote)';
// Third-person possessives (before the noun in en/fr, after it in sw).
// Singular only: "their payments" is how an organizer asks about the cycle.
const POSSESSIVE_BEFORE = '(?:his|her|son|sa|ses)';
const POSSESSIVE_AFTER = '(?:yake|zake|wake|lake|chake)';

const RULES: RegExp[] = [
  // "phone number of every member", "numéro de chaque membre", "namba za simu za wanachama wote"
  new RegExp(`\\b${DATA}\\b.{0,20}\\b(?:of|for|de|des|du|za|ya|wa)\\s+${OTHERS}\\b`),
  // "all members and their balances", "tous les membres et leurs soldes", "wanachama wote na salio zao"
  new RegExp(`\\b${OTHERS}\\b.{0,25}\\b(?:and|with|et|avec|na|pamoja na)\\s+(?:their |leurs |les |zao |yao )?${DATA}\\b`),
  // "everyone's numbers", "every member's balance"
  new RegExp(`\\b(?:everyone|everybody|every member|each member|all members)'?s?\\s+${DATA}\\b`),
  // "show his account", "montre son compte", "her phone number"
  new RegExp(`\\b${POSSESSIVE_BEFORE}\\s+(?:own\\s+)?${DATA}\\b`),
  // "nionyeshe akaunti yake", "salio zao", "namba yake"
  new RegExp(`\\b${DATA}\\s+${POSSESSIVE_AFTER}\\b`),
];

// Words that start with a capital but are not people: brands, payment rails, the product.
const NOT_A_PERSON = new Set(
  'i mpesa m-pesa airtel orange mtn tigo vodacom safaricom halopesa likelemba paybill till visa mastercard stripe whatsapp kes ksh tzs ugx cdf usd fc'.split(
    ' ',
  ),
);

/** Capitalised words in the original text (a member's name, typically), as [start, end, word]. */
function capitalised(original: string): Array<{ start: number; end: number; word: string }> {
  const out: Array<{ start: number; end: number; word: string }> = [];
  for (const m of original.matchAll(/\p{Lu}[\p{L}'’-]+/gu)) {
    const word = m[0].replace(/['’]s$/u, '');
    if (NOT_A_PERSON.has(word.toLowerCase())) continue;
    out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, word });
  }
  return out;
}

/** A named person's data: "Mercy's phone number", "numéro de Chantal", "namba ya Zawadi", "combien Junior a payé", "Juma amelipa kiasi gani". */
function namedPersonData(original: string, folded: string): boolean {
  const names = capitalised(original);
  if (!names.length) return false;
  for (const n of names) {
    const before = folded.slice(Math.max(0, n.start - 30), n.start);
    const after = folded.slice(n.end, n.end + 40);
    // "Mercy's number / balance / account"
    if (/^['’]s\s/.test(original.slice(n.start + n.word.length, n.start + n.word.length + 3)) && new RegExp(`^\\s*${DATA}\\b`).test(after)) return true;
    // "numéro de Chantal", "namba ya Zawadi" (contact data only: "the balance of Umoja" names a group)
    if (new RegExp(`\\b${CONTACT}\\s+(?:of|for|de|d'|du|ya|za|wa)\\s*$`).test(before)) return true;
    // "how much has Kevin paid", "combien Junior a payé", "how much did Amina contribute"
    if (
      /\b(?:how much|combien)\s+(?:has|did|have|de|d')?\s*$/.test(before) &&
      /^\s*(?:has |a |had |did )?\s*(?:paid|pay|payed|contribut\w*|sent|paye|cotise|verse|envoye)\b/.test(after)
    )
      return true;
    // "Juma amelipa kiasi gani", "Amina ana salio gani"
    if (
      /^\s*(?:amelipa|alilipa|ameshalipa|amechanga|alichanga|ametuma|alituma|ana|anadaiwa)\b.{0,25}\b(?:kiasi gani|ngapi|shilingi ngapi|salio gani|kiasi)\b/.test(
        after,
      )
    )
      return true;
  }
  return false;
}

/** Does this message ask for another member's personal data? */
export function asksForOthersData(text: string): boolean {
  const folded = fold(text);
  // the member's own data is fine ("my number", "mon compte", "namba yangu"): no rule matches it
  if (RULES.some((re) => re.test(folded.replace(/\s+/g, ' ')))) return true;
  return namedPersonData(text, folded);
}
