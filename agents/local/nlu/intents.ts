// Intent classification for en/fr/sw chat messages: weighted cue phrases matched on normalised
// tokens (typo-tolerant, Swahili stems by prefix), then deterministic tie-breaking and slot
// extraction. Below the threshold the answer is `unknown` with candidates, so the caller asks;
// money-moving intents need a higher score still. Confidence is never a safety signal.

import type { GroupSlots } from './group-slots.ts';
import { extractGroupSlots } from './group-slots.ts';
import type { InjectionResult } from './injection.ts';
import { detectInjection } from './injection.ts';
import type { Lang } from './language.ts';
import { detectLanguage } from './language.ts';
import type { Currency, MoneyMatch } from './money.ts';
import { parseMoney } from './money.ts';
import { asksForOthersData } from './privacy.ts';
import { analyze, fuzzyEquals } from './normalize.ts';

export const INTENTS = [
  'greeting',
  'menu',
  'help',
  'status',
  'stop_reminders',
  'resume_reminders',
  'change_language',
  'choose_option',
  'yes',
  'no',
  'cancel',
  'create_group',
  'join_group',
  'agree',
  'rules',
  'start_group',
  'pay',
  'payment_status',
  'receipts',
  'next_payout',
  'my_groups',
  'settings',
  'support_human',
  'dispute_status',
  'dispute',
  'refund_request',
  'admin_menu',
  'manage_members',
  'remove_member',
  'edit_rules',
  'change_payout_order',
  'cancel_group',
  'cycle_status',
  'reports',
  'invite',
  'change_payout_destination',
  'thanks',
  'off_topic',
  'abuse',
  'privacy',
  'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];

export type DisputeType = 'paid_not_recorded' | 'wrong_recipient' | 'organizer_fraud' | 'other';

export type IntentSlots = {
  /** choose_option: the option number */
  n?: number;
  /** join_group: invite code, uppercase */
  code?: string;
  /** change_language: the language asked for */
  lang?: Lang;
  /** dispute */
  type?: DisputeType;
  /** remove_member */
  name?: string;
  phone?: string;
  /** pay, refund_request */
  amount?: Pick<MoneyMatch, 'amount' | 'currency' | 'currencyHints'>;
  /** create_group: whatever the sentence already said */
  group?: GroupSlots;
  /** insults present (the intent may still be a real request) */
  abusive?: boolean;
};

export type Classification = {
  intent: Intent;
  confidence: number;
  slots: IntentSlots;
  lang: Lang;
  /** runner-up intents with their scores, best first: material for a clarifying question */
  candidates: Array<{ intent: Intent; score: number }>;
  /** prompt-injection / role-claim signals; the caller refuses privileged requests when flagged */
  injection?: InjectionResult;
};

export type ClassifyOptions = {
  /** the member's stored language; detection is only a fallback */
  lang?: Lang;
  /** intents the current step expects (e.g. ['yes','no'] or ['choose_option']): they win ties */
  expecting?: readonly string[];
  /** enables date resolution inside create_group slots */
  now?: Date;
  timeZone?: string;
  defaultCurrency?: Currency;
};

/** Below this, the caller must ask a clarifying question. */
export const CONFIDENCE_THRESHOLD = 0.6;
/** Intents that lead to money moving or membership changing need more certainty. */
export const SENSITIVE_INTENTS: readonly Intent[] = [
  'pay',
  'refund_request',
  'change_payout_destination',
  'remove_member',
  'change_payout_order',
  'dispute',
  'cancel_group',
];
export const SENSITIVE_THRESHOLD = 0.7;

// ---------------------------------------------------------------- cue language
// A cue is a phrase of token patterns matched in order with at most 3 words between them.
// Token pattern: "word" (typo-tolerant), "=word" (exact), "stem*" (prefix), "*end" (suffix),
// "*part*" (contains), "a|b" (alternatives). A cue starting with "^" must be the whole message
// (polite fillers aside).

/** Returns how many tokens the slot consumed at position i (0 = no match). */
type TokenMatcher = (tokens: string[], i: number) => number;
type Cue = { parts: TokenMatcher[]; weight: number; whole: boolean; source: string };

function compileWord(a: string): (t: string) => boolean {
  if (a.startsWith('=')) {
    const w = a.slice(1);
    return (t) => t === w;
  }
  if (a.length > 1 && a.startsWith('*') && a.endsWith('*')) {
    const w = a.slice(1, -1);
    return (t) => t.includes(w);
  }
  if (a.endsWith('*')) {
    const w = a.slice(0, -1);
    return (t) => t.startsWith(w);
  }
  if (a.startsWith('*')) {
    const w = a.slice(1);
    return (t) => t.endsWith(w);
  }
  return (t) => fuzzyEquals(t, a);
}

// "a|b_c": alternatives; "_" joins words that must follow each other ("bien_sur", "customer_care").
// Single-word alternatives are answered once per token and memoised: the same few hundred chat
// words recur all day, and this keeps a classification well under a millisecond.
function compileToken(p: string): TokenMatcher {
  const alts = p.split('|').map((a) => a.split('_').filter(Boolean).map(compileWord));
  const singles = alts.filter((w) => w.length === 1).map((w) => w[0]);
  const multis = alts.filter((w) => w.length > 1);
  const memo = new Map<string, boolean>();
  const single = (t: string) => {
    let r = memo.get(t);
    if (r === undefined) {
      r = singles.some((f) => f(t));
      if (memo.size > 4000) memo.clear();
      memo.set(t, r);
    }
    return r;
  };
  return (tokens, i) => {
    let best = 0;
    for (const words of multis) {
      if (words.length > best && words.every((f, k) => i + k < tokens.length && f(tokens[i + k]))) best = words.length;
    }
    if (best === 0 && i < tokens.length && single(tokens[i])) best = 1;
    return best;
  };
}

function cue(source: string, weight: number): Cue {
  const whole = source.startsWith('^');
  const parts = source.replace(/^\^/, '').trim().split(/\s+/).map(compileToken);
  return { parts, weight, whole, source };
}

const FILLERS = new Set(
  `please pls plz plse pliz kindly tafadhali tafadhalini svp stp s il vous plait plais now bana bro msee
   boss sir madam maam mum mama jo buda ndugu fam dear the my me moi mon ma mes i je nataka naomba want
   just juste tu juu hapo ok okay oh ah eh hey`.split(/\s+/),
);

function matchPhrase(tokens: string[], parts: TokenMatcher[], from = 0, depth = 0, maxGap = 3): boolean {
  if (depth === parts.length) return true;
  const limit = depth === 0 ? tokens.length : Math.min(tokens.length, from + maxGap + 1);
  for (let i = from; i < limit; i++) {
    const used = parts[depth](tokens, i);
    if (used > 0 && matchPhrase(tokens, parts, i + used, depth + 1, maxGap)) return true;
  }
  return false;
}

function matchExact(ts: string[], parts: TokenMatcher[], i = 0, depth = 0): boolean {
  if (depth === parts.length) return i === ts.length;
  const used = parts[depth](ts, i);
  return used > 0 && matchExact(ts, parts, i + used, depth + 1);
}

function matchWhole(tokens: string[], content: string[], parts: TokenMatcher[]): boolean {
  // a whole-message cue has at most as many slots as the message has words
  if (parts.length > tokens.length) return false;
  return matchExact(tokens, parts) || (content.length !== tokens.length && matchExact(content, parts));
}

// ---------------------------------------------------------------- lexicon

const C = (weight: number, ...sources: string[]) => sources.map((s) => cue(s, weight));

const CUES: Partial<Record<Intent, Cue[]>> = {
  greeting: [
    ...C(
      0.95,
      '^hi|hello|hey|hallo|helo|hellow|hiya|howdy|yo|heya|bonjour|bjr|salut|slt|bonsoir|coucou|habari|sasa|niaje|mambo|jambo|hujambo|shikamoo|vipi|hola|salaam|salam|mwaramutse|bjour|hi_there|hello_there',
      '^good morning|afternoon|evening|day',
      '^bonne journee|soiree',
      '^habari yako|zako|gani|yenu|za_asubuhi|za_mchana|za_jioni|za_leo',
      '^mambo|sasa|niaje vipi|poa|msee|buda|boss|wasee|wadau',
      '^hi|hello|hey team|all|everyone|likelemba|guys',
      '^salut|bonjour tout_le_monde|a_tous|likelemba',
      '^how are you|u',
      '^ca va|cv',
      '^comment ca va',
      '^comment allez vous',
      '^uko aje|poa',
      '^hi|hello|bonjour|habari|salut|hey|niaje|mambo *',
    ),
    ...C(0.5, 'hi|hello|hey|bonjour|salut|habari|niaje|mambo|jambo|sasa|bonsoir'),
  ],
  menu: [
    ...C(
      0.97,
      '^menu|menyu|meny|manu|options|home|accueil|mwanzo|nyumbani|main_menu|menu_principal|menyu_kuu',
      '^show|open|view|see|send|give menu|menyu|options',
      '^back to menu',
      '^retour au menu',
      '^rudi menyu|mwanzo|kwenye_menyu',
      '^go back',
      '^retour',
    ),
    ...C(
      0.85,
      'show|open|see|give|display|send|nionyeshe|nipe|montre*|affiche* menu|menyu|options',
      'what can you|u do',
      'que peux|pouvez tu|vous faire',
      'unaweza kufanya nini',
      'what are my options',
      'quelles sont les options',
      'main_menu|menu_principal|menyu_kuu',
    ),
    ...C(0.7, 'menu|menyu'),
  ],
  help: [
    ...C(
      0.95,
      '^help|aide|aidez|aider|saidia|nisaidie|usaidizi|sos|assist|info|faq|faqs|hlp|au_secours',
      'msaada|usaidizi wako|yako|wenu|tafadhali',
      'naomba|nahitaji|ninahitaji|nipe|tupe msaada',
      '^help me|pls',
      '^aide moi',
      '^aidez moi',
      '^need help',
      '^i need help',
      '^j ai besoin d aide',
      '^how does it|this|likelemba work',
      '^comment ca marche',
      '^inafanyaje kazi',
    ),
    ...C(
      0.8,
      'need help|assistance',
      'can you help',
      'help me',
      'aide|aidez moi',
      'besoin d aide',
      'nisaidie|tusaidie|unisaidie|nisaidieni|nahitaji_msaada',
      'how does this|it|likelemba work',
      'comment ca|cela marche|fonctionne',
      'how do i use',
      'inafanyaje|inafanya_kazi',
      'jinsi ya kutumia',
      'how to use',
      'faq',
      'what is likelemba',
      'c est quoi likelemba',
      'likelemba ni nini',
    ),
    ...C(0.6, 'help|aide|saidia'),
  ],
  support_human: [
    ...C(0.98, 'msaada wa mtu|binadamu|mhudumu|wakala', 'msaada kutoka kwa mtu|binadamu'),
    ...C(
      0.97,
      '^un|une humain|personne|agent',
      '^human|agent|humain|person|operator|operateur|mtu|binadamu|support|msaada|conseiller|assistance|customer_care|customer_service|service_client|huduma_kwa_wateja|live_agent|real_person|vraie_personne|une_personne|a_person|a_human|mhudumu',
    ),
    ...C(
      0.9,
      'talk|speak|chat|connect to|with human|person|agent|someone|somebody|operator|representative|staff|support|humain',
      'real|actual|live human|person|agent',
      'parler|discuter a|avec quelqu_un|une_personne|humain|agent|conseiller|operateur',
      'un|une vrai|vraie humain|personne|agent',
      'service client|clientele',
      'joindre le support',
      'ongea|kuongea|zungumza|kuzungumza|niongee|niunganishe na mtu|binadamu|mhudumu|wakala',
      'mtu halisi',
      'huduma kwa wateja',
      'customer care|service|support',
      'call me',
      'appelez moi',
      'nipigie simu',
      'contact support|you|someone',
      'contacter le support',
      'is there a_person|a_human|someone|somebody|anyone|anybody|a_real_person',
      'anyone|anybody|somebody there',
      'y_a quelqu_un|quelqu_un la',
      'kuna mtu hapo|yeyote',
      'from|with|by|to a|an human|person|agent|operator',
      'human being|beings',
      'want|need|like|veux|voudrais|besoin|nataka|nahitaji un|une|a|an conseiller|conseillere|operateur|humain|human|person|agent',
      'un|une conseiller|conseillere|operateur|agent|humain',
      'not a bot|robot',
      'pas un robot|bot',
      'si roboti|bot',
      'msaada',
    ),
  ],
  status: [
    ...C(
      0.97,
      '^status|statut|etat|hali|stat|statu|stats|situation|balance|solde|salio|akaunti|account|compte',
      '^my status|account|balance',
      '^mon statut|compte|solde',
      '^hali yangu',
      '^salio langu|yangu',
    ),
    ...C(
      0.85,
      'my status|account|balance|standing',
      'mon statut|compte|solde',
      'ma situation',
      'hali ya akaunti',
      'hali yangu',
      'salio langu|yangu',
      'how much do i owe|have',
      'combien je dois',
      'ninadaiwa|nadaiwa',
      'am i up to date',
      'suis je a jour',
      'check my account|balance|status',
      'show my status',
      'voir mon solde|statut',
      'angalia salio|hali',
    ),
  ],
  stop_reminders: [
    ...C(
      0.97,
      '^stop|unsubscribe|mute|arret|arrete|arreter|stopper|sitisha|nyamaza|zima|acha',
      '^stop reminders|notifications|messages|alerts|it',
      '^stop all',
      '^stop rappels',
    ),
    ...C(
      0.9,
      'stop|pause|mute|disable|turn_off|silence|no_more reminders|reminder|notifications|messages|alerts|texts',
      'don_t|do_not|dont send|text|message me',
      'stop sending|texting|messaging',
      'unsubscribe',
      'arrete*|stop*|desactive*|coupe*|suspend* rappels|notifications|messages|alertes',
      'ne m envoyez plus',
      'plus de rappels|messages|notifications',
      'desabonner|desinscrire',
      'acha|sitisha|zima|simamisha kunitumia|vikumbusho|ukumbusho|ujumbe|arifa|jumbe',
      'usinitumie|msinitumie ujumbe|vikumbusho',
      'sitaki ujumbe|vikumbusho|jumbe',
      'acha kunitumia|kunisumbua',
    ),
  ],
  resume_reminders: [
    ...C(
      0.95,
      '^resume|unmute|reprendre|rejesha|endelea|unpause|washa|washa_tena|reactiver|reactive',
      '^start reminders|notifications',
      '^resume reminders|notifications',
      '^reprendre les rappels',
    ),
    ...C(
      0.9,
      'resume|restart|turn_on|enable|unmute|reactivate|start_again|send_again reminders|notifications|messages|alerts',
      'start sending|texting reminders|me',
      'remind me again',
      'turn|switch|put|set reminders|notifications|alerts|rappels back_on|on|again',
      'remets|remettez|rallume* rappels|notifications|alertes',
      'reprendre|reactiver|reactivez|remettre|activer rappels|notifications|alertes',
      'renvoyez moi les rappels',
      'rejesha|washa|endelea|anza_tena vikumbusho|ukumbusho|arifa|kunitumia|kunikumbusha',
      'nikumbushe tena',
    ),
  ],
  change_language: [
    ...C(
      0.97,
      '^language|lang|langue|lugha|langage|idioma',
      '^english|anglais|kiingereza|french|francais|kifaransa|swahili|kiswahili|souahili',
      '^in english|french|swahili',
      '^en anglais|francais|swahili',
      '^kwa kiingereza|kifaransa|kiswahili',
    ),
    ...C(
      0.9,
      'change|switch|set|badilisha|changer|choisir|modifier language|langue|lugha|langage',
      'speak|talk|reply|write|respond|answer in|to english|french|swahili|kiswahili|anglais|francais',
      'parle*|ecri*|repond* en anglais|francais|swahili',
      'ongea|andika|jibu|niandikie|zungumza kwa kiingereza|kifaransa|kiswahili',
      'in english|french|swahili please',
      'en anglais|francais svp|stp|s_il',
      'kwa kiingereza|kiswahili|kifaransa tafadhali',
      'another language',
      'autre langue',
      'lugha nyingine',
      'don_t|dont understand swahili|french|english',
      'comprends pas anglais|swahili|francais',
      'sielewi kiingereza|kifaransa|kiswahili',
    ),
  ],
  yes: [
    ...C(
      0.97,
      '^yes|yeah|yep|yup|ya|yah|yea|yess|ys|y|ok|okay|okey|oky|k|kk|sure|confirm|confirmed|correct|right|true|affirmative|oui|ouais|ouai|wi|dac|daccord|d_accord|ndio|ndiyo|ndyo|eeh|ee|sawa|sawasawa|haswa|kabisa|exactly|exact|absolument|bien_sur|parfait|perfect|alright|cool|poa|safi|fiti|freshi|of_course|go_ahead|vas_y|allez_y|c_est_bon|ni_sawa|sawa_sawa|je_confirme|i_confirm|nathibitisha|confirmer|thibitisha|ndio_hivyo|that_s_right|thats_right|yes_please',
      '^yes|oui|ndio|ndiyo|sawa|ok|okay *',
      '^yes|oui|ndio|ndiyo|sawa|ok|okay please|merci|svp|tafadhali|asante|thanks|confirm|je_confirme|nathibitisha|go_ahead|vas_y|endelea',
    ),
  ],
  no: [
    ...C(
      0.97,
      '^no|nope|nah|nop|n|non|nan|hapana|=la|siyo|sio|never|jamais|negative|wrong|incorrect|faux|apana|not_now|not_yet|pas_maintenant|pas_encore|sio_sasa|bado|not_really|pas_vraiment|i_don_t_want|je_ne_veux_pas|sitaki|no_way',
      '^no|non|hapana thanks|thank_you|merci|asante|*',
      '^no|non|hapana thanks|merci|asante *',
    ),
  ],
  cancel: [
    ...C(
      0.97,
      '^cancel|annuler|annule|ghairi|sitisha|acha|=abort|quit|exit|sortir|quitter|basi|achana|forget_it|nevermind|never_mind|laisse_tomber|tupilia_mbali|futa|stop_it|achana_nayo',
      '^cancel that|this|it|everything|all',
      '^annule|annuler tout|ca|cela',
      '^ghairi hiyo|hii|yote',
      '^acha tu|hiyo|hii',
    ),
    ...C(
      0.85,
      'cancel|=abort|annul*|ghairi|changed_my_mind|change_d_avis|nimebadilisha_mawazo|start_over|recommencer|anza_upya',
      'don_t|dont want continue',
      'veux plus continuer',
      'sitaki kuendelea',
    ),
  ],
  create_group: [
    ...C(
      0.92,
      'create|make|open|set_up|setup|register|start|launch|build|new group|chama|tontine|circle|likelemba|rosca|savings_group|kikundi|groupe',
      'new group|chama|tontine|circle|likelemba|kikundi',
      'creer|cree|creez|creation|kreer|kree|kreez|krer|ouvrir|lancer|monter|faire|demarrer|nouveau|nouvelle groupe|grp|tontine|likelemba|cercle|chama',
      'nouveau groupe',
      'nouvelle tontine',
      'unda|kuunda|tengeneza|kutengeneza|=fungua|=kufungua|anzisha|kuanzisha|sajili kikundi|chama',
      'kikundi|chama kipya',
      '^nataka kikundi|chama',
      '^nataka kikundi|chama kipya',
    ),
    ...C(0.7, 'create|creer|unda|anzisha *'),
  ],
  join_group: [
    ...C(0.95, '^join|rejoindre|jiunge|kujiunga|jiunga|adherer'),
    ...C(
      0.9,
      'join|joining|rejoindre|rejoins|adherer|integrer|jiunge|kujiunga|nijiunge|jiunga|kuingia group|chama|kikundi|tontine|groupe|circle',
      'want to join',
      'veux rejoindre|adherer|integrer',
      'nataka kujiunga',
      'invite|invitation code',
      'code d invitation',
      'nimealikwa',
      'jiung*|najiung*|nijiung*|tujiung*|kujiung*|ajiung*|wajiung*|mjiung*',
      'add|ajoute|ajoutez|ajouter|rajoute|mets|put me|moi group|grp|groupe|chama|kikundi|tontine|circle',
      'niongeze|niweke|nitie|niunge|niunganishe group|grp|chama|kikundi|tontine',
      'i was invited|got an invite',
      'j ai ete invite',
    ),
  ],
  agree: [
    ...C(
      0.97,
      '^agree|agreed|accept|accepted|i_agree|i_accept|nakubali|kubali|nimekubali|tunakubali|accepte|j_accepte|acceptee|ninakubali',
      '^i agree|accept to|with the rules|terms',
      '^j accepte les regles|conditions',
      '^nakubali sheria|masharti',
    ),
    ...C(
      0.85,
      'i agree|accept rules|terms|conditions',
      'j accepte|accepter regles|conditions',
      'nakubali|ninakubali sheria|masharti|kujiunga',
      'agree to rules|terms',
      'accept the rules|terms',
    ),
  ],
  rules: [
    ...C(0.97, '^rules|rule|regles|regle|reglement|sheria|masharti|terms|conditions|kanuni|taratibu', '^the|les|group rules|regles', '^sheria za kikundi'),
    ...C(
      0.85,
      'show|what|see|send|read|view|explain rules|terms',
      'group|groupe rules|regles',
      'quelles sont les regles',
      'montre*|voir|lire|envoie* regles|reglement|conditions',
      'sheria za|zipi|gani',
      'sheria ni zipi|gani',
      'nionyeshe|nitumie|eleza sheria|masharti|kanuni',
      'how does the group work',
      'rules|regles|reglement|sheria|masharti|kanuni group|groupe|tontine|kikundi|chama',
    ),
  ],
  start_group: [
    ...C(
      0.95,
      '^start|begin|go|launch|kick_off|demarrer|demarre|=commencer|=commence|=commencez|=commencons|lancer|lance|anza|tuanze|anzeni',
      '^start now|group|cycle|chama',
      '^let_s|lets start|begin|go',
      '^on commence|demarre',
      '^tuanze|anza sasa',
    ),
    ...C(
      0.85,
      'start|begin|launch|kick_off the|our|my group|cycle|chama|round|rotation|savings',
      'everyone has joined',
      'tout le monde a rejoint',
      'wote wamejiunga',
      'demarrer|=commencer|=commence|lancer le|notre|la groupe|cycle|tontine|tour',
      'anza|anzisha|tuanze mzunguko|kikundi|chama|michango',
    ),
  ],
  pay: [
    ...C(
      0.95,
      '^pay|paye|payer|lipa|lipia|kulipa|contribute|cotiser|=changa|pay_now|payer_maintenant|lipa_sasa|mpesa|m_pesa|pay_contribution',
      '^pay *',
      '^lipa *',
      '^payer *',
    ),
    ...C(
      0.9,
      'want|need|like|wanna|let_me pay|contribute|deposit',
      'pay|payer|paie|paies|payons|payez|regler|verser|cotiser contribution|share|dues|installment|cotisation|money|savings|part',
      'comment|quand|ou paie|payer|cotiser|verser',
      'make|send payment|contribution|deposit',
      'veux|voudrais|vais|dois|peux|aimerais payer|pay|cotiser|verser|regler|deposer',
      'faire paiement|versement|depot',
      'nataka|naomba|ninataka|nitaka|ngoja|wacha kulipa|nilipe|kuchanga|kutuma|kuweka',
      'lipa|kulipa|nilipe|lipia|tuma|kutuma mchango|michango|pesa|doo|mkwanja|ganji|chapaa|bob|deni',
      'weka pesa|akiba',
      '=changa|kuchanga|nichange',
      'send|transfer|deposit money|funds|cash',
      'how do|can i pay',
      'comment payer',
      'nitalipaje|nalipaje|jinsi_ya_kulipa',
      'nilipe vipi',
      'pay with|via|by mpesa|card|mobile_money|airtel|orange|mtn|tigo',
      'payer par|avec|via mpesa|carte|mobile_money|orange_money|airtel',
    ),
    ...C(0.65, 'pay|payer|lipa|kulipa|cotisation|contribution|mchango|payment|paiement|malipo'),
  ],
  payment_status: [
    ...C(
      0.9,
      'payment|contribution|money|transfer|it go_through|gone_through|arrive|arrived|received|reach|reached|confirmed|successful|pending|complete|through',
      'payment status',
      'status of payment|contribution|transfer',
      'check payment|contribution|transfer',
      'statut|etat paiement|cotisation|versement|transfert',
      'paiement|cotisation|versement|transfert passe|arrive|recu|confirme|valide',
      'avez vous recu',
      'vous avez recu',
      'malipo|mchango|pesa imefika|yamefika|umefika|imeingia|yameingia|imepokelewa|yamepokelewa|imethibitishwa',
      'hali ya malipo|mchango',
      'mmepokea|mmepata malipo|mchango|pesa',
      'imefika',
      'did you get|receive payment|money|contribution',
      'is it confirmed',
      'ilienda|imeenda|imepita',
      'paye|verse|envoye|transfere bien_recu|recu|arrive|passe',
      'c_est|est_ce bien recu|arrive|passe',
      'paid|sent|transferred did|have you get|got|receive|received|see it',
      'nimelipa|nimetuma|nimeshalipa|nimeshatuma|nilituma|nililipa mmepokea|mmepata|imefika|imeingia|mmeona',
    ),
    ...C(0.85, '=mmepokea|=mmeipata|=mmeona', 'c_est bien recu'),
    ...C(
      0.75,
      '^i paid|have_paid|ve_paid|just_paid|already_paid|sent_the_money|sent_it',
      '^j ai paye|deja_paye|verse',
      '^nimelipa|nimeshalipa|nimetuma|nishalipa|nimeshatuma|nimelipia',
      '^i have sent the money|payment',
    ),
  ],
  receipts: [
    ...C(0.95, '^receipt|receipts|recu|recus|risiti|stakabadhi|proof|history|historique|historia', '^my receipts|receipt', '^mes recus', '^risiti zangu|yangu'),
    ...C(
      0.88,
      'mes|le|un|mon|votre|envoie*|voir|donne* recu|recus|quittance',
      'receipt|receipts|quittance|risiti|stakabadhi|proof_of_payment|preuve_de_paiement|payment_history|historique_des_paiements|historia_ya_malipo|my_transactions|mes_transactions|miamala_yangu',
    ),
  ],
  next_payout: [
    ...C(0.95, '^next payout', '^payout|versement', '^my turn', '^mon tour', '^zamu yangu', '^payout date'),
    ...C(
      0.9,
      'when|date|which_day get|receive|collect|payout|turn|pot|lump',
      'next|upcoming payout|recipient|turn|beneficiary',
      'my turn|payout',
      'who gets|receives paid|money|pot next|this_time|this_round|this_cycle',
      'quand|date recevoir|recois|recoit|recevrai|recevra|toucher|touche|toucherai|touchera|tour|versement|beneficier|beneficierai',
      'prochain|prochaine versement|beneficiaire|tour',
      'mon tour',
      'qui recoit|touche',
      'zamu yangu|langu',
      'nitapokea|nitapata|nitachukua|nitalipwa lini|pesa',
      'lini nitapokea|nitapata|nitalipwa|zamu',
      'nani anapokea|atapokea|anachukua|anafuata',
      'malipo yajayo|yanayofuata',
      'zamu lini',
      'lini zamu',
    ),
  ],
  my_groups: [
    ...C(
      0.95,
      '^my groups|group|chamas|chama|tontines|circles',
      '^groups|groupes|vikundi|chamas',
      '^mes groupes|tontines',
      '^vikundi vyangu',
      '^chama zangu',
      '^kikundi changu',
      '^list groups',
    ),
    ...C(
      0.88,
      'my_groups|my_chamas|my_tontines|my_circles|my_group',
      'which|what groups|chamas am i in',
      'list|show|see =groups|=chamas|=tontines',
      'mes groupes|tontines',
      'quels groupes',
      'voir|liste* groupes',
      'vikundi vyangu|vyote',
      'chama zangu',
      'vikundi gani',
    ),
  ],
  settings: [
    ...C(
      0.95,
      '^settings|setting|parametres|parametre|=reglages|=reglage|preferences|mipangilio|profile|profil|wasifu|config',
      '^my settings|profile',
      '^mes parametres|reglages',
    ),
    ...C(
      0.85,
      'settings|preferences|parametres|=reglages|mipangilio|my_profile|mon_profil|wasifu_wangu',
      'change|update|set|reset pin|name|profile|notifications',
      'changer|modifier pin|nom|profil',
      'badilisha pin|jina|wasifu',
    ),
  ],
  dispute: [
    ...C(
      0.9,
      'dispute|complaint|complain|litige|plainte|contestation|reclamation|malalamiko|lalamika|kulalamika|mgogoro',
      'open|file|raise|make dispute|complaint',
      'ouvrir|faire|deposer litige|plainte|reclamation',
      'nataka kulalamika',
      'something wrong|went_wrong',
      'il y a un probleme',
      'kuna tatizo|shida',
      'wrong amount',
      'mauvais montant',
      'kiasi si sahihi',
    ),
  ],
  refund_request: [
    ...C(0.95, '^refund|rembourse|remboursement|rembourser|marejesho|nirudishie|refund_please|refund_me'),
    ...C(
      0.9,
      'refund|reimburse|reimbursement|money_back|give_back',
      'get|want|return my money',
      'rembours*',
      'recuperer|recupere|rendre|rendez argent|cotisation|fonds',
      'veux mon argent',
      'nirudishie|mnirudishie|rudisha|rudishiwe|nirudishiwe|kurudishiwa|kurejeshewa|nirejeshee|rejesha|kurudisha pesa|fedha|mchango|hela|doo|zangu',
      'marejesho|kurejeshewa|rudishiwa|nirudishiwe',
      'nataka pesa zangu',
      'kupata|pata|nipate|tupate|kurudishiwa|rudishiwa pesa|hela|fedha|mchango|michango yangu|zangu|wangu',
      'recuperer|recupere|ravoir mon|mes argent|cotisation|cotisations|sous',
      'charged_twice|double_charged|paid_twice',
      'paye_deux_fois|double_paiement',
      'nimelipa|nimekatwa mara_mbili',
    ),
  ],
  admin_menu: [
    ...C(
      0.95,
      '^admin|admin_menu|menu_admin|administration|administrateur|dashboard|console|admin_panel|menyu_ya_msimamizi|menyu_ya_admin|menu_administrateur|organizer_menu',
    ),
    ...C(0.8, 'admin menu|panel|tools|options|dashboard', 'menu admin|administrateur', 'menyu msimamizi|admin', 'organizer|organiser menu|tools'),
    ...C(
      0.95,
      'disputes|dispute|litiges|litige|malalamiko|migogoro queue|backlog|file|foleni',
      'file|liste|queue des|de litiges|reclamations',
      'foleni|orodha ya malalamiko|migogoro',
      'all|every|tous|toutes disputes|litiges',
      'malalamiko|migogoro yote',
      'freeze|unfreeze|suspend|geler|gele|gelez|degeler|degele|suspendre|suspends|bloquer|bloque|zuia|=funga|=kufunga|simamisha group|groupe|chama|kikundi|tontine|circle',
      'freeze|geler|gele|zuia account|compte|akaunti',
    ),
  ],
  manage_members: [
    ...C(
      0.92,
      'manage|see|view|show|list|check members|membership|participants',
      'member_list|members_list|list_of_members',
      'who in group|chama',
      'gerer|voir|liste* membres|participants',
      'liste des membres',
      'qui dans groupe',
      'simamia|dhibiti|ona|orodha wanachama',
      'wanachama wangu|wetu|wote',
      'nani yuko|wako kikundi|chama',
      'add member|members',
      'ajouter membre|membres',
      'ongeza mwanachama|wanachama|mtu',
      '^members|membres|wanachama',
    ),
  ],
  remove_member: [
    ...C(
      0.95,
      'remove|delete|kick|kick_out|ban|expel|throw_out *',
      'retirer|retire|supprimer|supprime|exclure|exclus|enlever|enleve|virer|vire *',
      'ondoa|mwondoe|kumwondoa|mtoe|mfukuze|kumfukuza *',
      'take out|off group|chama',
    ),
  ],
  edit_rules: [
    ...C(
      0.92,
      'change|edit|modify|update|set|adjust|amend rules|rule|late_fee|penalty|grace_period|quorum|contribution_amount|amount|frequency',
      'modifier|changer|ajuster regles|regle|reglement|penalite|amende|delai_de_grace|quorum|montant|frequence',
      'badilisha|rekebisha sheria|masharti|faini|adhabu|kiasi|akidi|muda_wa_ziada',
    ),
  ],
  change_payout_order: [
    ...C(
      0.95,
      'change|swap|switch|reorder|rearrange|modify|edit|shuffle payout_order|turn_order|order|turns|sequence|rotation',
      'payout order|sequence|rotation',
      'swap turns|places|positions',
      'changer|modifier|echanger|inverser ordre|tours',
      'ordre de passage',
      'ordre des versements|tours',
      'echanger tour|tours',
      'badilisha|panga_upya|rekebisha mpangilio|mfuatano|zamu',
      'mpangilio wa malipo|zamu',
      'kubadilishana|badilishana zamu',
    ),
  ],
  cycle_status: [
    ...C(
      0.92,
      'cycle|round|rotation status|progress|update|summary',
      'who has|hasn|hasnt|have|already paid|contributed',
      'who paid|owes|late',
      'who didn_t|not pay|paid',
      'how many paid',
      'status of cycle|round',
      'statut|etat|point cycle|tour',
      'qui a paye|cotise',
      'qui n a pas paye',
      'combien ont paye',
      'hali ya mzunguko|raundi',
      'mzunguko huu',
      'nani amelipa|hajalipa|wamelipa|hawajalipa',
      'wangapi wamelipa',
      'cycle_status|round_status',
    ),
  ],
  reports: [
    ...C(
      0.92,
      '^report|reports|rapport|rapports|ripoti|statement|statements|releve|export',
      'report|reports|rapport|ripoti|statement|releve|export|bilan|muhtasari|taarifa_ya_fedha|csv|excel|pdf',
      'monthly|financial|group report|statement',
      'rapport mensuel|financier',
      'ripoti ya mwezi|kikundi|fedha',
    ),
  ],
  invite: [
    ...C(
      0.93,
      '^invite|invitation|inviter|alika|karibisha|link|lien|kiungo|invite_link',
      'invite|add|bring friends|members|people|someone|others',
      'invite link|code',
      'share link|code|invite',
      'send|get|give invite|invitation link|code',
      'inviter|ajouter amis|membres|gens|personnes',
      'lien|code invitation|groupe',
      'partager lien',
      'alika|waalike|kualika|karibisha|wakaribishe marafiki|watu|wanachama|wengine',
      'kiungo|link kikundi|mwaliko',
      'tuma kiungo|link',
      '^invite|alika|inviter *',
    ),
  ],
  change_payout_destination: [
    ...C(
      0.95,
      'change|update|switch|modify|set|edit payout|receiving|withdrawal|mpesa|mobile_money|bank number|account|destination|phone|wallet|method|details',
      'send|pay payout|money another|different|new number|account|phone|wallet',
      'receive|paid another|different|new number|account|wallet',
      'payout number|account|destination|details|method',
      'where receive|get payout|money',
      'changer|modifier numero|compte|portefeuille|moyen reception|versement',
      'recevoir autre|nouveau numero|compte',
      'numero de reception|versement',
      'envoyer versement autre|numero',
      'badilisha namba|akaunti|nambari kupokea|kupokelea|malipo|mpesa',
      'nitumie|tuma pesa|malipo namba_nyingine|akaunti_nyingine',
      'pokea namba_nyingine|akaunti_nyingine',
      'namba ya kupokea|kupokelea',
    ),
  ],
  thanks: [
    ...C(
      0.97,
      '^thanks|thank|thx|thnx|ty|tnx|thanx|merci|asante|asanteni|shukrani|nashukuru|shukran|cheers|appreciated|mersi|mrc|thank_you|thank_u|merci_beaucoup|asante_sana|asanteni_sana|thanks_a_lot|thank_you_so_much|merci_bien|merci_infiniment|merci_bcp|thanks_so_much|thank_you_very_much',
      '^ok|sawa|nice|great|super|poa|cool|good thanks|thank_you|merci|asante',
      '^thanks|merci|asante|thank_you *',
      '^thanks|merci|asante|thank_you * *',
    ),
    ...C(0.55, 'thanks|thank_you|merci|asante'),
  ],
  off_topic: [
    ...C(
      0.8,
      '=weather|=meteo|hali_ya_hewa|=mvua|=rain|=football|=soccer|=mpira|=arsenal|=chelsea|=manchester|=madrid|=barcelona|=simba|=yanga|gor_mahia|=joke|=jokes|=blague|=blagues|=utani|=mzaha|=vichekesho|=recipe|=recette|=mapishi|=movie|=film|=filamu|=song|=music|=musique|=wimbo|=nyimbo|=president|=rais|=election|=elections|=uchaguzi|=politics|=politique|=siasa|=girlfriend|=boyfriend|=amour|=mapenzi|=dating|=homework|=devoir|capital_of|=capitale|=bitcoin|=crypto|=forex|=betting|=sportpesa|=poem|=poeme|=shairi|=horoscope|=translate|=traduire|=tafsiri|what_time_is_it|quelle_heure|saa_ngapi|=league|premier_league|=ligue|=ligi|ligi_kuu|world_cup|coupe_du_monde|kombe_la_dunia|=kichekesho|=vichekesho|=temperature|=hali_ya_hewa',
    ),
    ...C(
      0.75,
      'tell|raconte|niambie joke|blague|story|histoire|hadithi|mzaha',
      'who|qui|nani president|rais|messi|ronaldo',
      'meaning of life',
      'who will|gonna win',
      'qui va|vont gagner',
      '=atashinda|=watashinda|=itashinda',
      'quel temps fait|fera|aujourd_hui|demain',
      'weather|temps|mvua tomorrow|today|demain|kesho|leo',
      'write|ecris|niandikie poem|poeme|essay|shairi|letter|lettre|barua',
    ),
  ],
  abuse: [
    ...C(
      0.9,
      '=stupid|=idiot|=idiots|=dumb|=moron|=useless|=fool|=fuck|=fucking|=fck|=fuk|=shit|=bullshit|=bitch|=bastard|=asshole|=crap|damn_you|=sucks|=trash|=garbage|=imbecile|=imbeciles|=con|=conne|=connard|=connasse|=debile|=merde|=putain|=salaud|=salope|=nul|=nulle|=stupide|ta_gueule|ferme_la|=fdp|=encule|=mjinga|=wajinga|=pumbavu|=mpumbavu|=mshenzi|=washenzi|=kuma|=malaya|=fala|=mbwa|=nguruwe|=msenge|=kumamako|=kumanyoko|=takataka|=upuuzi|=mavi|=shenzi|=nyoko|=kijinga|=ujinga|=bwege|=zezeta|=stupid|=idiote|=cretin|=abruti',
      'va te faire|foutre',
      'sale robot|bot|machine|con|type',
      'fuck|screw you|off|this',
    ),
  ],
};

const CUE_LIST = Object.entries(CUES) as Array<[Intent, Cue[]]>;

// ---------------------------------------------------------------- slot helpers

const OPTION_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  sept: 7,
  huit: 8,
  neuf: 9,
  moja: 1,
  mbili: 2,
  tatu: 3,
  nne: 4,
  tano: 5,
  sita: 6,
  saba: 7,
  nane: 8,
  tisa: 9,
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  premier: 1,
  premiere: 1,
  deuxieme: 2,
  troisieme: 3,
  quatrieme: 4,
  cinquieme: 5,
  sixieme: 6,
  kwanza: 1,
  pili: 2,
};
const OPTION_LEAD = new Set([
  'option',
  'opt',
  'number',
  'no',
  'num',
  'nbr',
  'choice',
  'choix',
  'numero',
  'chaguo',
  'namba',
  'nambari',
  'la',
  'le',
  'ya',
  'nr',
  'n',
  'reply',
  'press',
  'select',
  'choose',
  'pick',
  'choisir',
  'je',
  'choisis',
  'nachagua',
  'chagua',
  'i',
  'choose',
  'take',
  'the',
  'ni',
]);

function optionNumber(tokens: string[]): number | undefined {
  const content = tokens.filter((t) => !OPTION_LEAD.has(t) && !FILLERS.has(t));
  if (content.length !== 1) return undefined;
  const t = content[0];
  if (/^[1-9]$/.test(t)) return Number(t);
  if (/^(?:1[0-2])$/.test(t) && tokens.length > 1) return Number(t); // "option 10"
  if (/^[1-9][0-9]$/.test(t) && tokens.length === 1) return Number(t); // "12" alone: a menu pick, maybe out of range
  return OPTION_WORDS[t];
}

const LANG_WORDS: Array<[RegExp, Lang]> = [
  [/\b(?:english|anglais|kiingereza|kingereza|engl[a-z]*|inglish|eng)\b/, 'en'],
  [/\b(?:french|francais|francaise|kifaransa|kifaransa|franc(?:e|ais)|fr)\b/, 'fr'],
  [/\b(?:swahili|kiswahili|souahili|kiswahil|swa|sw)\b/, 'sw'],
];

const CODE_RE = /\b(?:join|jiunge|kujiunga|jiunga|rejoindre|code|nambari|namba|msimbo)\b[\s:#-]*([A-Za-z0-9]{4,12})\b/giu;
// "add me to group UMJ482", "ajoute moi dans le grp UMJ482": a code right after a group word, written as a code
const GROUP_CODE_RE = /\b(?:group|grp|groupe|chama|kikundi|tontine|circle)\b[\s:#-]*([A-Z0-9]{4,10})\b/u;
const BARE_CODE_RE = /^\s*([A-Z0-9]{5,10})\s*$/;
const LINK_CODE_RE = /(?:\/j(?:oin)?\/|[?&](?:code|g|text)=(?:join(?:%20|\+|\s))?)([A-Za-z0-9]{4,12})/i;

function inviteCode(text: string): string | undefined {
  const link = LINK_CODE_RE.exec(text);
  if (link) return link[1].toUpperCase();
  // "join group with code umj482": the first word after a code keyword that looks like a code
  for (const m of text.matchAll(CODE_RE)) {
    if (/^[0-9]{9,}$/.test(m[1])) continue; // a phone number, not a code
    if (/[0-9]/.test(m[1]) || (m[1] === m[1].toUpperCase() && /[A-Z]/.test(m[1]))) return m[1].toUpperCase();
  }
  const grouped = GROUP_CODE_RE.exec(text);
  if (grouped && /[0-9]/.test(grouped[1]) && /[A-Z]/.test(grouped[1])) return grouped[1];
  const bare = BARE_CODE_RE.exec(text);
  if (bare && /[0-9]/.test(bare[1]) && /[A-Z]/.test(bare[1])) return bare[1];
  return undefined;
}

const PHONE_RE = /(?:\+|00)?[0-9][0-9 -]{7,15}[0-9]/;
const REMOVE_NAME_RE =
  /\b(?:remove|delete|kick(?: out)?|ban|expel|throw out|take out|retire[rz]?|supprime[rz]?|exclu(?:re|s|ez)?|enl[eè]ve[rz]?|vire[rz]?|ondoa|mwondoe|kumwondoa|mtoe|toa|mfukuze|kumfukuza|futa)\s+(?:member\s+|le membre\s+|la membre\s+|mwanachama\s+)?((?:[A-ZÀ-Ý][\p{L}'-]+)(?:\s+[A-ZÀ-Ý][\p{L}'-]+){0,2})/u;

function disputeType(tokens: string[], folded: string): DisputeType {
  const has = (re: RegExp) => re.test(folded);
  if (
    has(
      /\b(?:organi[sz]er|admin|treasurer|chairman|chairperson|leader|organisat(?:eur|rice)|tresorier|president|responsable|msimamizi|mweka hazina|kiongozi|mwenyekiti)\b.*\b(?:steal|stole|stealing|theft|thief|fraud|scam|scammer|ran away|run away|disappear|vanish|missing|took|kept|eat|ate|chew|vole|vol|voleur|escro|arnaque|disparu|fui|garde|pris|detourne|mwizi|anaiba|ameiba|kuiba|wizi|tapeli|utapeli|ametoroka|amekimbia|amepotea|amekula|anakula|amechukua|ulaghai)/,
    ) ||
    has(
      /\b(?:steal|stole|stealing|fraud|scam|vole|arnaque|escroquerie|detourne|mwizi|anaiba|ameiba|wizi|tapeli|utapeli|ulaghai)\b.*\b(?:organi[sz]er|admin|treasurer|chairman|leader|organisat(?:eur|rice)|tresorier|responsable|msimamizi|mweka hazina|kiongozi|mwenyekiti)\b/,
    ) ||
    has(/\b(?:organizer fraud|fraude de l'organisat|organisateur escroc)\b/)
  )
    return 'organizer_fraud';
  if (
    has(/\b(?:wrong|incorrect|different|another|other) (?:person|recipient|member|number|account|people)\b/) ||
    has(/\b(?:mauvais(?:e)? (?:personne|destinataire|numero|membre|compte)|autre personne|mauvaise personne)\b/) ||
    (has(/\b(?:mtu (?:mwingine|asiye sahihi|tofauti|mbaya)|namba (?:nyingine|isiyo sahihi|mbaya)|mpokeaji (?:asiye sahihi|mwingine|mbaya))\b/) &&
      has(
        /\b(?:ilienda|imeenda|yalienda|yameenda|zimeenda|zilienda|imetumwa|ilitumwa|yametumwa|yalitumwa|amepokea|alipokea|amelipwa|alilipwa|imeingia|ziliingia|zimeingia)\b/,
      )) ||
    has(/\b(?:sent|went|paid|gone|given) to (?:the )?wrong\b/) ||
    has(/\bwrong recipient\b/)
  )
    return 'wrong_recipient';
  const paid = has(
    /\b(?:i paid|i have paid|i've paid|ive paid|paid|sent|deducted|debited|charged|j'ai paye|paye|verse|envoye|debite|preleve|nimelipa|nimeshalipa|nishalipa|nimetuma|nimekatwa|imekatwa|zimekatwa|pesa imetoka|nililipa|nilituma)\b/,
  );
  const notRecorded = has(
    /\b(?:not (?:recorded|reflected|showing|shown|received|registered|credited|updated|confirmed|counted|there|appearing|visible)|isn'?t (?:showing|recorded|reflected|there)|doesn'?t (?:show|appear|reflect)|not in the system|still (?:shows|says) unpaid|marked (?:as )?unpaid|says i (?:haven'?t|have not) paid|pas (?:enregistre|pris en compte|recu|reflete|visible|comptabilise|apparu|confirme)|n'apparait pas|toujours (?:impaye|en attente)|marque (?:comme )?impaye|haijaonekana|haionekani|haijaingia|haijafika|haijarekodiwa|hayajaonekana|hayajafika|hayaonekani|hamjapokea|haijasomeka|bado (?:haijaonekana|inaonyesha|sijalipa)|haijathibitishwa|haijapokelewa|sijaona)\b/,
  );
  // "my payment" / "mon paiement" / "malipo yangu" names a payment the member made
  const myPayment = has(/\b(?:my (?:payment|contribution|money)|mon paiement|ma cotisation|mon versement|malipo yangu|mchango wangu|pesa yangu)\b/);
  const notShowing =
    notRecorded || has(/\b(?:ne s'affiche pas|s'affiche pas|n'est pas affiche|inaonyesha sijalipa|inasema sijalipa|says unpaid|dit (?:non|pas) paye)\b/);
  const stillPending = has(/\b(?:still (?:says |shows |is )?pending|toujours en attente|(?:bado )?(?:inasema|inaonyesha) inasubiri|bado inasubiri)\b/);
  if (((paid || myPayment) && (notShowing || stillPending)) || (notShowing && tokens.length > 3)) return 'paid_not_recorded';
  if (has(/\b(?:paid but|j'ai paye mais|nimelipa lakini|nimelipa ila|nimelipa na)\b/)) return 'paid_not_recorded';
  return 'other';
}

// ---------------------------------------------------------------- structural rules
// What a cue list cannot say: an action word plus an amount, a phone number, a language name, a
// person's data. Each rule is general (any amount, any number, any name), never a stored sentence.

const LANG_NAMES: Array<[RegExp, Lang]> = [
  [/\b(?:english|anglais|kiingereza|kingereza|inglish|kizungu)\b/g, 'en'],
  [/\b(?:french|francais|kifaransa|kifaransa|fransais)\b/g, 'fr'],
  [/\b(?:swahili|kiswahili|souahili|kiswahil)\b/g, 'sw'],
];
const LANG_KEYWORD = /\b(?:language|lang|langue|langage|lugha|idioma)\b/;
const LANG_VERB =
  /\b(?:speak|talk|write|reply|answer|switch|change|use|want|prefer|veux|voudrais|prefere|napenda|parle[rz]?|parles|ecri[st]|ecrire|repond[sz]?|repondre|passe[rz]?|utilise[rz]?|ongea|zungumza|andika|jibu|badilisha|badili|tumia|iwe)\b/;
/** The language a message asks for: the one after "to/en/kwa/iwe" when several are named, else the last. */
function requestedLanguage(folded: string): Lang | undefined {
  const found: Array<{ at: number; lang: Lang; after: boolean }> = [];
  for (const [re, lang] of LANG_NAMES) {
    for (const m of folded.matchAll(re)) {
      const before = folded.slice(Math.max(0, (m.index ?? 0) - 8), m.index ?? 0);
      found.push({ at: m.index ?? 0, lang, after: /\b(?:to|into|in|en|vers|kwa|iwe|na)\s+(?:l')?$/.test(before) || /l'$/.test(before) });
    }
  }
  if (!found.length) return undefined;
  found.sort((a, b) => a.at - b.at);
  return (found.find((f) => f.after) ?? found[found.length - 1]).lang;
}

// Verbs that start a contribution (not "paid": a past payment is a status question or a dispute).
const PAY_VERB =
  /\b(?:pay|paying|payer|paie|paies|payons|payez|regler|regle|verser|verse|cotiser|cotise|deposit|send|lipa|kulipa|nilipe|tulipe|lipia|kulipia|tuma|kutuma|nitume|changa|kuchanga|nichange)\b/;
const PAST_PAID = /\b(?:ai|as|a|avons|avez|ont) (?:deja |bien )?(?:paye|verse|envoye)\b/;
// Verbs asking for money back.
const REFUND_VERB =
  /\b(?:refund|reimburse|return|give (?:me )?back|send (?:me )?back|pay (?:me )?back|rembourse[rz]?|remboursez|rendez|rendre|rends|rudisha|nirudishie|mnirudishie|nirejeshee|nirudishiwe|rejesha)\b/;
// A payout destination: a phone number plus a word about receiving money and a verb of changing.
const LONG_NUMBER = /(?:\+|00)?[0-9](?:[ -]?[0-9]){8,14}/;
const DESTINATION_NOUN =
  /\b(?:payouts?|receiving|withdrawals?|destination|versements?|paiements?|gains|retraits?|reception|malipo|kupokea|kupokelea|pokea|payout number|numero de (?:paiement|versement|retrait|reception)|(?:pesa|hela|fedha) (?:zangu|yangu)|my money|mon argent|mes gains)\b/;
const DESTINATION_VERB =
  /\b(?:change|update|switch|set|use|send|go|goes|new|move|put|receive|utilise[rz]?|prends|prenez|changer|change[rz]?|modifier|modifie[rz]?|mets|mettre|mettez|nouveau|nouvelle|recevoir|envoyer|envoie[rz]?|verser|badilisha|badili|weka|ziende|iende|yaende|tumia|pokea|nipokee|nitumie)\b/;

type Bump = (intent: Intent, s: number) => void;

// Asking how a dispute is going (a dispute word + a status/progress word) vs opening one (complaint words).
const DISPUTE_NOUN =
  /\b(?:disputes?|complaints?|claims?|litiges?|plaintes?|reclamations?|contestations?|mzozo|mizozo|mgogoro|migogoro|lalamiko|malalamiko|dsp_[0-9a-z]+)\b/;
const DISPUTE_PROGRESS =
  /\b(?:status|state|progress|update|updates|news|where is|where's|wheres|how is|how's|hows|going|stand|standing|resolved|solved|settled|closed|outcome|decision|result|follow up|track|check on|happened|happening|any word|statut|etat|ou en est|ou en sont|avancement|suivi|nouvelles|du nouveau|resolue?s?|reglee?s?|traitee?s?|resultat|se passe|en est|avance|avancee|hali|wapi|umefikia|limefika|limefikia|imefikia|yamefikia|yamefika|umefika|inaendeleaje|linaendeleaje|unaendeleaje|yanaendeleaje|maendeleo|habari za|limetatuliwa|umetatuliwa|imetatuliwa|yametatuliwa|uamuzi|matokeo)\b/;
/** Words that open (another) dispute: then the message is a complaint, not a status question. */
const DISPUTE_OPEN =
  /\b(?:open|file|raise|make a|start|new|another|submit|lodge|ouvrir|ouvre|deposer|depose|faire une?|nouvelle?|autre|fungua|kufungua|nifungue|jipya|lingine|mwingine|want to complain|nataka kulalamika|kulalamika|lalamika)\b/;
/** "my disputes" / "mes litiges" / "malalamiko yangu": the list of one's own disputes. */
const MY_DISPUTES = /\b(?:my (?:disputes|complaints|claims)|mes (?:litiges|reclamations|plaintes)|(?:malalamiko|migogoro|mizozo) (?:yangu|yote yangu))\b/;

/** "yes": the message asks where the member's dispute stands. */
export function disputeStatusSignal(folded: string): boolean {
  if (!DISPUTE_NOUN.test(folded)) return false;
  if (DISPUTE_OPEN.test(folded)) return false;
  return DISPUTE_PROGRESS.test(folded) || MY_DISPUTES.test(folded);
}

const CANCEL_GROUP_STRICT = [
  /\b(?:cancel|call off|scrap|delete|dissolve|disband|terminate|wind up|shut down)\s+(?:the |our |my |this |that )?(?:whole |entire )?(?:savings )?(?:group|chama|circle|tontine|kikundi|likelemba)\b/,
  /\b(?:annuler|annule|annulez|annulons|supprimer|supprime|supprimez|dissoudre|dissous|dissolvez)\s+(?:le |la |l'|l |notre |mon |ma |ce |cette )?(?:groupe|tontine|cercle|chama|likelemba)\b/,
  /\bannulation (?:du|de la|de notre|de mon|de ma) (?:groupe|tontine|cercle)\b/,
  /\b(?:futa|kufuta|nifute|tufute|ifute|ghairi|kughairi|tughairi|nighairi|ighairi|vunja|kuvunja|tuvunje|ivunje)\s+(?:hiki |hicho |chetu |changu |chako )?(?:kikundi|chama|likelemba)\b/,
  /\b(?:kikundi|chama)(?: (?:hiki|hicho|chetu|changu))? (?:kifutwe|kighairiwe|kivunjwe)\b/,
];
/** Verbs that only ever mean cancelling (not removing someone: "supprime Juma du groupe" is a removal). */
const CANCEL_VERB = /\b(?:cancel\w*|call off|annul\w*|ghairi|kughairi)\b/;
const GROUP_NOUN = /\b(?:group|groups|groupe|groupes|kikundi|vikundi|chama|tontine|circle|cercle|likelemba)\b/;
/** What else a cancel can be about: then "cancel … group" is not about the group itself. */
const OTHER_OBJECT =
  /\b(?:payments?|paiements?|malipo|contributions?|cotisations?|mchango|michango|reminders?|rappels?|kikumbusho|vikumbusho|invit\w*|mwaliko|bids?|encheres?|zabuni|disputes?|litiges?|refunds?|rembours\w*|members?|membres?|mwanachama|wanachama|membership|adhesion|creation|kuunda|orders?|ordre|zamu|turn|tour)\b/;

/** "yes": the message asks to cancel the group; "ambiguous": a cancel word and a group word, but not clearly that. */
export function cancelGroupSignal(folded: string): 'yes' | 'ambiguous' | null {
  const strict = CANCEL_GROUP_STRICT.some((re) => re.test(folded));
  const loose = CANCEL_VERB.test(folded) && GROUP_NOUN.test(folded);
  if (!strict && !loose) return null;
  if (strict && !OTHER_OBJECT.test(folded)) return 'yes';
  return 'ambiguous';
}

function structuralRules(
  text: string,
  folded: string,
  tokens: string[],
  content: string[],
  scores: Map<Intent, number>,
  slots: IntentSlots,
  bump: Bump,
  dType: DisputeType,
): void {
  const get = (i: Intent) => scores.get(i) ?? 0;
  const cap = (i: Intent, max: number) => {
    if (get(i) > max) scores.set(i, max);
  };

  // masked swearing: "f*** you", "sh*t"
  if (/(?:^|[^a-z])(?:f|sh|b|c)[*#@$!]{2,}/i.test(text)) bump('abuse', 0.9);

  // a language named with a language word, a verb, or on its own: "lang swahili", "speak kiswahili", "je veux l'anglais"
  const lang = requestedLanguage(folded);
  if (lang) {
    const money = parseMoney(text);
    if (!money && (LANG_KEYWORD.test(folded) || LANG_VERB.test(folded) || content.length <= 2)) {
      bump('change_language', 0.95);
      slots.lang = lang;
    }
  }

  // a contribution with its amount: "pay 5000 for Umoja", "payer cinq mille", "tuma shilingi elfu tano"
  const amount = parseMoney(text);
  if (amount && PAY_VERB.test(folded) && !PAST_PAID.test(folded)) bump('pay', 0.92);
  // money back with its amount or "my money": "return my 5000", "rendez mes 5000"
  if (REFUND_VERB.test(folded) && (amount || /\b(?:my money|mon argent|mes sous|pesa zangu|pesa yangu|hela zangu|hela yangu|fedha zangu)\b/.test(folded)))
    bump('refund_request', 0.9);
  // "when do I get my money" is the next payout, not money back
  if (get('refund_request') > 0 && /\b(?:lini|when|quand)\b/.test(folded) && !REFUND_VERB.test(folded)) {
    cap('refund_request', 0.7);
    bump('next_payout', 0.85);
  }

  // a new payout number: "send my payouts to +2547…", "mets mon numéro de retrait au 0812…", "pesa zangu ziende kwa +255…"
  if (LONG_NUMBER.test(text) && DESTINATION_NOUN.test(folded) && DESTINATION_VERB.test(folded) && dType === 'other' && get('dispute') < 0.9) {
    bump('change_payout_destination', 0.96);
    for (const weak of ['refund_request', 'pay', 'payment_status', 'next_payout', 'remove_member', 'join_group', 'status'] as const) cap(weak, 0.6);
  }

  // someone else's data: refused, whatever else the sentence asks
  if (dType === 'other' && asksForOthersData(text)) {
    bump('privacy', 0.97);
    for (const [i] of scores) if (i !== 'privacy' && i !== 'abuse') cap(i, 0.6);
  }
  void tokens;
}

/** A start request that describes the group (a name, an amount, a frequency) is a creation. */
function describesNewGroup(text: string): boolean {
  const g = extractGroupSlots(text, { now: new Date(0), timeZone: 'UTC' });
  return Boolean(g.name || g.amount || g.frequency);
}

// ---------------------------------------------------------------- classify

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Classify one message. Deterministic; no I/O. */
export function classify(text: string, options: ClassifyOptions = {}): Classification {
  const a = analyze(text);
  const tokens = [...a.tokens.map((t) => t.norm), ...a.emojiWords];
  const folded = a.folded.replace(/\s+/g, ' ').trim();
  const detected = detectLanguage(text);
  const lang: Lang = options.lang ?? detected.lang;
  const expecting = new Set(options.expecting ?? []);
  const injection = detectInjection(text);
  const slots: IntentSlots = {};

  const scores = new Map<Intent, number>();
  const bump = (intent: Intent, s: number) => scores.set(intent, Math.max(scores.get(intent) ?? 0, s));
  const cap = (intent: Intent, max: number) => {
    if ((scores.get(intent) ?? 0) > max) scores.set(intent, max);
  };

  if (tokens.length === 0) {
    return { intent: 'unknown', confidence: 0, slots, lang, candidates: [], injection: injection.flagged ? injection : undefined };
  }

  const contentTokens = tokens.filter((t) => !FILLERS.has(t));
  for (const [intent, cues] of CUE_LIST) {
    let best = 0;
    let hits = 0;
    for (const c of cues) {
      const ok = c.whole ? matchWhole(tokens, contentTokens, c.parts) : matchPhrase(tokens, c.parts);
      if (ok) {
        hits++;
        if (c.weight > best) best = c.weight;
      }
    }
    if (best > 0) bump(intent, Math.min(0.99, best + 0.02 * (hits - 1)));
  }

  // ---- structural rules that cues cannot express
  const content = tokens.filter((t) => !FILLERS.has(t));
  const n = optionNumber(tokens);
  if (n !== undefined) {
    bump('choose_option', tokens.length === 1 && /^[1-9]$/.test(tokens[0]) ? 0.97 : 0.9);
    slots.n = n;
  }
  if (content.length === 1 && content[0] === '0') bump('menu', 0.97);

  const code = inviteCode(text);
  if (code) {
    bump('join_group', /\b(?:join|jiunge|jiunga|kujiunga|rejoindre)\b/.test(folded) || LINK_CODE_RE.test(text) ? 0.97 : 0.72);
    slots.code = code;
  }

  // dispute: paid-but-not-recorded, wrong recipient, organiser fraud, stated even without "dispute"
  const dType = disputeType(tokens, folded);
  if (dType !== 'other') bump('dispute', 0.93);
  if ((scores.get('dispute') ?? 0) > 0) slots.type = dType;

  structuralRules(text, folded, tokens, content, scores, slots, bump, dType);

  // "what is the status of my dispute?", "où en est ma réclamation ?", "mzozo wangu umefikia wapi?": read only
  if (disputeStatusSignal(folded) && (scores.get('privacy') ?? 0) < 0.9) {
    bump('dispute_status', 0.95);
    for (const weak of ['dispute', 'status', 'payment_status', 'cycle_status', 'help', 'next_payout', 'admin_menu', 'refund_request'] as const) cap(weak, 0.6);
  }

  // "start a new group" is creation; "start the group" is launching an existing one
  if ((scores.get('create_group') ?? 0) >= 0.9 && (scores.get('start_group') ?? 0) > 0) {
    if (/\b(?:new|a|une?|nouveau|nouvelle|kipya|another|autre)\b/.test(folded) || describesNewGroup(text)) scores.set('start_group', 0.5);
    else scores.set('create_group', Math.min(scores.get('create_group') ?? 0, 0.8));
  }
  // "stop" inside a flow that expects a cancel means cancel
  if (expecting.has('cancel') && (scores.get('stop_reminders') ?? 0) > 0 && content.length <= 2) bump('cancel', 0.97);

  // "I paid" + a receipt word is a receipt request, not a status question
  if ((scores.get('receipts') ?? 0) >= 0.85) scores.set('payment_status', Math.min(scores.get('payment_status') ?? 0, 0.7));
  // a question about a payment outranks the bare "pay" keyword
  if ((scores.get('payment_status') ?? 0) >= 0.75 && (scores.get('pay') ?? 0) < 0.9) scores.set('pay', Math.min(scores.get('pay') ?? 0, 0.6));
  // disputes and refunds outrank pay / payment status when both appear
  for (const strong of ['dispute', 'refund_request'] as const) {
    if ((scores.get(strong) ?? 0) >= 0.85) {
      for (const weak of ['pay', 'payment_status', 'status', 'help', 'yes', 'no', 'support_human'] as const)
        if ((scores.get(weak) ?? 0) > 0) scores.set(weak, Math.min(scores.get(weak) ?? 0, (scores.get(strong) ?? 0) - 0.1));
    }
  }
  // a refund because of a double charge is a refund, not a dispute
  if ((scores.get('refund_request') ?? 0) >= 0.85 && (scores.get('dispute') ?? 0) >= 0.85 && slots.type === 'other') scores.set('dispute', 0.7);
  // remove_member needs an object; "remove" alone is ambiguous
  if ((scores.get('remove_member') ?? 0) > 0) {
    const phone = PHONE_RE.exec(text)?.[0];
    const name = REMOVE_NAME_RE.exec(text)?.[1];
    if (phone) slots.phone = phone.replace(/[\s-]/g, '');
    if (name) slots.name = name;
    if (/\b(?:reminder|notification|rappel|kikumbusho|vikumbusho|ujumbe|my number|mon numero|namba yangu|rule|regle|sheria)/.test(folded))
      scores.set('remove_member', 0.4);
  }
  // change language: which one
  if ((scores.get('change_language') ?? 0) > 0) {
    const hit = LANG_WORDS.find(([re]) => re.test(folded));
    if (hit && !slots.lang) slots.lang = hit[1];
  }
  // a named language alone ("Kiswahili") is a language choice; "2" in the language menu is an option
  // payout destination beats payout order / settings when a number or account is mentioned
  if ((scores.get('change_payout_destination') ?? 0) >= 0.9) {
    for (const weak of ['change_payout_order', 'settings', 'next_payout'] as const)
      if ((scores.get(weak) ?? 0) > 0) scores.set(weak, Math.min(scores.get(weak) ?? 0, 0.8));
  }
  // payout order talk mentions "payout": that is not a next-payout question
  if ((scores.get('change_payout_order') ?? 0) >= 0.9 && (scores.get('next_payout') ?? 0) > 0) scores.set('next_payout', 0.7);
  // edit_rules vs rules: reading rules vs changing them
  if ((scores.get('edit_rules') ?? 0) >= 0.9 && (scores.get('rules') ?? 0) > 0) scores.set('rules', 0.7);
  // cycle status mentions "paid": not a payment
  if ((scores.get('cycle_status') ?? 0) >= 0.9) {
    for (const weak of ['pay', 'payment_status', 'status'] as const) if ((scores.get(weak) ?? 0) > 0) scores.set(weak, Math.min(scores.get(weak) ?? 0, 0.8));
  }
  // invite codes / links beat the generic "invite" and "link" words
  if ((scores.get('join_group') ?? 0) >= 0.9 && (scores.get('invite') ?? 0) > 0) scores.set('invite', Math.min(scores.get('invite') ?? 0, 0.8));
  // "stop" + reminders words vs cancel
  if (
    (scores.get('stop_reminders') ?? 0) >= 0.9 &&
    (scores.get('cancel') ?? 0) > 0 &&
    /\b(?:remind|rappel|kikumbusho|vikumbusho|notif|message|ujumbe|arifa|alert)/.test(folded)
  )
    scores.set('cancel', 0.5);
  // resume words inside a reminder sentence beat stop
  if ((scores.get('resume_reminders') ?? 0) >= 0.9 && (scores.get('stop_reminders') ?? 0) > 0 && !/\b(?:stop|arret|sitisha|zima)/.test(folded))
    scores.set('stop_reminders', 0.5);

  // greetings and thanks yield to any real request in the same message
  const real = [...scores.entries()].filter(([i, s]) => s >= 0.7 && !['greeting', 'thanks', 'yes', 'no', 'abuse', 'off_topic'].includes(i));
  if (real.length) {
    for (const soft of ['greeting', 'thanks'] as const)
      if ((scores.get(soft) ?? 0) < 0.95 || content.length > 3) scores.set(soft, Math.min(scores.get(soft) ?? 0, 0.55));
    for (const soft of ['yes', 'no'] as const) if ((scores.get(soft) ?? 0) > 0 && content.length > 2) scores.set(soft, Math.min(scores.get(soft) ?? 0, 0.6));
    if ((scores.get('off_topic') ?? 0) > 0) scores.set('off_topic', 0.5);
  }
  // abuse alongside a real request: keep the request, flag the tone
  if ((scores.get('abuse') ?? 0) > 0) {
    slots.abusive = true;
    if (real.length) scores.set('abuse', 0.5);
  }
  // help vs support_human: asking for a person beats generic help
  // ("msaada wako" — "your help" — is a request for help; "msaada wa mtu" asks for a person)
  if ((scores.get('support_human') ?? 0) >= 0.9 && (scores.get('help') ?? 0) > 0) {
    if ((scores.get('help') ?? 0) > (scores.get('support_human') ?? 0)) scores.set('support_human', Math.min(scores.get('support_human') ?? 0, 0.8));
    else scores.set('help', Math.min(scores.get('help') ?? 0, 0.8));
  }
  // "menu" vs "admin menu"
  if ((scores.get('admin_menu') ?? 0) >= 0.8 && (scores.get('menu') ?? 0) > 0) scores.set('menu', 0.6);
  // "no" + "thanks" is a polite no
  // "ok thanks" closes a conversation; "yes thanks" still answers yes
  if ((scores.get('thanks') ?? 0) >= 0.95 && (scores.get('yes') ?? 0) > 0 && !/^(?:yes|oui|ndio|ndiyo|yeah|yep)$/.test(tokens[0]) && !expecting.has('yes'))
    scores.set('yes', Math.min(scores.get('yes') ?? 0, 0.9));
  // cancelling the group itself: a cancel verb with the group as its object ("cancel the group", "annuler le
  // groupe", "futa kikundi", "ghairi kikundi"); other objects ("cancel my group payment") or a group word
  // further away are ambiguous, so nothing is guessed and the member is asked
  const cancelGroup = cancelGroupSignal(folded);
  if (cancelGroup === 'yes') {
    bump('cancel_group', 0.96);
    for (const weak of ['cancel', 'remove_member', 'admin_menu', 'create_group', 'stop_reminders', 'start_group'] as const) cap(weak, 0.6);
  } else if (cancelGroup === 'ambiguous' && !expecting.has('cancel')) {
    for (const [i] of scores) if (i !== 'abuse' && i !== 'privacy') cap(i, 0.5);
  }
  // a message that tries to override the rules or claim a role never starts a money action
  if (injection.flagged && injection.kinds.some((k) => k !== 'prompt_extraction')) {
    for (const sensitive of SENSITIVE_INTENTS) if ((scores.get(sensitive) ?? 0) > 0) scores.set(sensitive, Math.min(scores.get(sensitive) ?? 0, 0.5));
    for (const admin of ['admin_menu', 'edit_rules', 'manage_members', 'start_group'] as const)
      if ((scores.get(admin) ?? 0) > 0) scores.set(admin, Math.min(scores.get(admin) ?? 0, 0.5));
  }
  // expected intents win ties and get a lift
  for (const e of expecting) {
    const s = scores.get(e as Intent);
    if (s !== undefined && s > 0) scores.set(e as Intent, Math.min(0.99, s + 0.08));
  }
  // agree/yes overlap: when the flow expects AGREE, "yes"/"ok" agree; otherwise yes
  if (expecting.has('agree') && (scores.get('yes') ?? 0) >= 0.9) bump('agree', 0.99);

  // ---- decide
  const ranked = [...scores.entries()].filter(([, s]) => s > 0).sort((x, y) => y[1] - x[1] || INTENTS.indexOf(x[0]) - INTENTS.indexOf(y[0]));
  const candidates = ranked.slice(0, 4).map(([intent, score]) => ({ intent, score: round(score) }));
  let [intent, score] = ranked[0] ?? (['unknown', 0] as [Intent, number]);
  // two different intents nearly tied: uncertainty shows in the confidence
  if (ranked[1] && ranked[0][1] - ranked[1][1] < 0.02 && ranked[0][0] !== ranked[1][0]) score -= 0.1;
  const threshold = SENSITIVE_INTENTS.includes(intent) ? SENSITIVE_THRESHOLD : CONFIDENCE_THRESHOLD;
  if (score < threshold) {
    intent = 'unknown';
  }

  // ---- slots for the chosen intent
  if (intent === 'pay' || intent === 'refund_request') {
    const m = parseMoney(text, { preferCurrency: options.defaultCurrency });
    if (m) slots.amount = { amount: m.amount, currency: m.currency, currencyHints: m.currencyHints };
  }
  if (intent === 'create_group') {
    const now = options.now ?? new Date(0);
    const g = extractGroupSlots(text, { now, timeZone: options.timeZone ?? 'UTC', lang, defaultCurrency: options.defaultCurrency });
    if (!options.now) delete g.startDate;
    if (Object.keys(g).length) slots.group = g;
  }
  if (intent !== 'choose_option') delete slots.n;
  if (intent !== 'join_group') delete slots.code;
  if (intent !== 'dispute') delete slots.type;
  if (intent !== 'remove_member') {
    delete slots.name;
    delete slots.phone;
  }
  if (intent !== 'change_language') delete slots.lang;

  return {
    intent,
    confidence: round(Math.max(0, score)),
    slots,
    lang,
    candidates,
    injection: injection.flagged ? injection : undefined,
  };
}

/** Money in an utterance, for callers that need it outside `classify` (re-exported for convenience). */
export function amountIn(text: string, preferCurrency?: Currency): IntentSlots['amount'] {
  const m = parseMoney(text, { preferCurrency });
  return m ? { amount: m.amount, currency: m.currency, currencyHints: m.currencyHints } : undefined;
}
