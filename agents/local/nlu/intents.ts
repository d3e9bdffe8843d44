// Intent classification for en/fr/sw chat messages: weighted cue phrases matched on normalised
// tokens (typo-tolerant, Swahili stems by prefix), then deterministic tie-breaking and slot
// extraction. Below the threshold the answer is `unknown` with candidates, so the caller asks;
// money-moving intents need a higher score still. Confidence is never a safety signal.
import { extractGroupSlots } from './group-slots.ts';
import type { GroupSlots } from './group-slots.ts';
import { detectInjection } from './injection.ts';
import type { InjectionResult } from './injection.ts';
import { detectLanguage } from './language.ts';
import type { Lang } from './language.ts';
import { parseMoney } from './money.ts';
import type { Currency, MoneyMatch } from './money.ts';
import { analyze, fuzzyEquals } from './normalize.ts';
import { findNumbers } from './numbers.ts';

export const INTENTS = [
  'greeting', 'menu', 'help', 'status', 'stop_reminders', 'resume_reminders', 'change_language',
  'choose_option', 'yes', 'no', 'cancel', 'create_group', 'join_group', 'agree', 'rules', 'start_group',
  'pay', 'payment_status', 'receipts', 'next_payout', 'my_groups', 'settings', 'support_human', 'dispute',
  'refund_request', 'admin_menu', 'manage_members', 'remove_member', 'edit_rules', 'change_payout_order',
  'cycle_status', 'reports', 'invite', 'change_payout_destination', 'thanks', 'off_topic', 'abuse', 'unknown',
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
  'pay', 'refund_request', 'change_payout_destination', 'remove_member', 'change_payout_order', 'dispute',
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
function compileToken(p: string): TokenMatcher {
  const alts = p.split('|').map((a) => a.split('_').filter(Boolean).map(compileWord));
  return (tokens, i) => {
    let best = 0;
    for (const words of alts) {
      if (words.every((f, k) => i + k < tokens.length && f(tokens[i + k]))) best = Math.max(best, words.length);
    }
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

function matchWhole(tokens: string[], parts: TokenMatcher[]): boolean {
  return matchExact(tokens, parts) || matchExact(tokens.filter((t) => !FILLERS.has(t)), parts);
}

// ---------------------------------------------------------------- lexicon

const C = (weight: number, ...sources: string[]) => sources.map((s) => cue(s, weight));

const CUES: Partial<Record<Intent, Cue[]>> = {
  greeting: [
    ...C(0.95, '^hi|hello|hey|hallo|helo|hellow|hiya|howdy|yo|heya|bonjour|bjr|salut|slt|bonsoir|coucou|habari|sasa|niaje|mambo|jambo|hujambo|shikamoo|vipi|hola|salaam|salam|mwaramutse|bjour',
      '^good morning|afternoon|evening|day', '^bonne journee|soiree', '^habari|hali yako|zako|za asubuhi|za mchana|za jioni|gani|yenu',
      '^mambo|sasa|niaje vipi|poa|msee|buda|boss', '^hi|hello|hey there|team|all|everyone|likelemba', '^salut|bonjour tout le monde|a tous',
      '^how are you', '^ca va|cv', '^comment ca va|allez vous', '^uko aje|poa', '^niaje|sasa wasee|wadau', '^hi|hello|bonjour|habari|salut|hey *'),
    ...C(0.5, 'hi|hello|hey|bonjour|salut|habari|niaje|mambo|jambo|sasa|bonsoir'),
  ],
  menu: [
    ...C(0.97, '^menu|menyu|meny|manu|=0|options|home|accueil|start|mwanzo|nyumbani', '^main menu', '^menu principal', '^menyu kuu', '^show|open|view menu', '^back to menu', '^retour|rudi menu|mwanzo'),
    ...C(0.85, 'show|open|see|give|display|send|nionyeshe|nipe|montre*|affiche* menu|menyu|options', 'what can you|u do', 'que peux|pouvez tu|vous faire', 'unaweza kufanya nini', 'what are my options', 'quelles sont les options', 'main menu', 'menu principal', 'menyu kuu'),
    ...C(0.7, 'menu|menyu'),
  ],
  help: [
    ...C(0.95, '^help|aide|aidez|aider|saidia|nisaidie|usaidizi|sos|assist|assistance|info|faq|faqs|hlp', '^help me', '^aide moi|aidez moi', '^need help', '^j ai besoin d aide', '^how does it|this work', '^comment ca marche', '^inafanyaje kazi'),
    ...C(0.8, 'i need help|assistance', 'can you help', 'help me', 'aide moi|aidez moi', 'besoin d aide', 'nisaidie|tusaidie|unisaidie|nisaidieni', 'how does this|it|likelemba work', 'comment ca|cela marche|fonctionne', 'how do i use', 'inafanyaje|inafanya kazi', 'jinsi ya kutumia', 'how to use', 'faq', 'what is likelemba', 'c est quoi likelemba', 'likelemba ni nini'),
    ...C(0.6, 'help|aide|saidia'),
  ],
  support_human: [
    ...C(0.97, '^human|agent|humain|person|operator|operateur|mtu|binadamu|support|msaada|customer care|customer service|service client|huduma kwa wateja|live agent|real person|vrai personne|conseiller'),
    ...C(0.9, 'talk|speak|chat with|to a|an|some human|person|agent|someone|somebody|operator|representative|staff|support', 'real|actual|live human|person|agent',
      'parler|discuter a|avec quelqu un|personne|humain|agent|conseiller|operateur', 'un vrai|une vraie humain|personne|agent', 'service client|clientele', 'joindre le support',
      'ongea|kuongea|zungumza|kuzungumza|niongee|niunganishe na mtu|binadamu|mhudumu|wakala|msimamizi wa huduma', 'mtu halisi', 'huduma kwa wateja', 'customer care|service|support',
      'call me', 'appelez moi', 'nipigie simu', 'contact support|you', 'contacter le support', 'nataka msaada wa mtu', 'not a bot|robot', 'pas un robot|bot', 'si roboti|bot', 'msaada'),
  ],
  status: [
    ...C(0.97, '^status|statut|etat|hali|stat|statu|stats|situation|balance|solde|salio|akaunti|account|compte', '^my status|account|balance', '^mon statut|compte|solde', '^hali yangu', '^salio langu|yangu'),
    ...C(0.85, 'my status|account|balance|standing', 'mon statut|compte|solde', 'ma situation', 'hali ya akaunti|yangu', 'salio langu|yangu', 'how much do i owe|have', 'combien je dois', 'ninadaiwa', 'nadaiwa', 'am i up to date', 'suis je a jour', 'niko sawa', 'check my account|balance', 'show my status', 'voir mon solde|statut', 'angalia salio|hali'),
  ],
  stop_reminders: [
    ...C(0.97, '^stop|unsubscribe|mute|arret|arrete|arreter|stopper|sitisha|nyamaza|zima', '^stop reminders|notifications|messages|alerts', '^stop it'),
    ...C(0.9, 'stop|pause|mute|disable|turn off|silence|no more reminders|notifications|messages|alerts|texts', 'don t|do not|dont send|text|message me', 'stop sending|texting|messaging', 'unsubscribe',
      'arrete*|stop*|desactive*|coupe*|suspend* les|mes rappels|notifications|messages|alertes', 'ne m envoyez plus', 'plus de rappels|messages|notifications', 'desabonner|desinscrire',
      'acha|sitisha|zima|simamisha kunitumia|vikumbusho|ukumbusho|ujumbe|arifa|jumbe', 'usinitumie|msinitumie ujumbe|vikumbusho', 'sitaki ujumbe|vikumbusho|jumbe', 'acha kunitumia|kunisumbua'),
  ],
  resume_reminders: [
    ...C(0.95, '^resume|unmute|reprendre|rejesha|endelea', '^start reminders|notifications', '^resume reminders|notifications', '^reprendre les rappels'),
    ...C(0.9, 'resume|restart|turn on|enable|unmute|reactivate|start again|send again reminders|notifications|messages|alerts', 'start sending|texting reminders|me',
      'reprendre|reactiver|reactivez|remettre|activer les|mes rappels|notifications|alertes', 'renvoyez moi les rappels', 'rejesha|washa|endelea|anza tena vikumbusho|ukumbusho|arifa|kunitumia|kunikumbusha', 'nikumbushe tena'),
  ],
  change_language: [
    ...C(0.97, '^language|lang|langue|lugha|langage|idioma', '^english|anglais|kiingereza|engl*', '^french|francais|kifaransa|franc*', '^swahili|kiswahili|souahili|swahili', '^in english|french|swahili', '^en anglais|francais|swahili', '^kwa kiingereza|kifaransa|kiswahili'),
    ...C(0.9, 'change|switch|set|badilisha|changer|choisir|modifier language|langue|lugha|langage', 'speak|talk|reply|write|respond|answer in|to me in english|french|swahili|kiswahili|anglais|francais', 'parle*|ecri*|repond* en|moi en anglais|francais|swahili', 'ongea|andika|jibu|niandikie|zungumza kwa kiingereza|kifaransa|kiswahili', 'in english|french|swahili please', 'en anglais|francais svp|stp|s il', 'kwa kiingereza|kiswahili|kifaransa tafadhali', 'another language', 'autre langue', 'lugha nyingine', 'i don t|dont understand swahili|french|english', 'je ne comprends pas l anglais|le swahili', 'sielewi kiingereza|kifaransa'),
  ],
  yes: [
    ...C(0.97, '^yes|yeah|yep|yup|ya|yah|yea|yess|ys|y|ok|okay|okey|oky|k|kk|sure|confirm|confirmed|correct|right|true|affirmative|oui|ouais|ouai|wi|dac|daccord|ok|ndio|ndiyo|ndyo|eeh|eh|ee|sawa|sawasawa|haswa|kabisa|yes|exactly|exact|absolument|bien sur|parfait|perfect|great|good|fine|alright|cool|poa|safi|fiti|freshi|yes', '^d accord', '^yes please', '^oui s il vous plait', '^oui merci|svp', '^ndio tafadhali', '^sawa sawa', '^go ahead', '^vas y|allez y', '^endelea', '^that s|thats right|correct', '^c est bon|correct|ca', '^ni sawa', '^of course', '^bien sur', '^i confirm', '^je confirme', '^nathibitisha', '^confirmer', '^thibitisha', '^yes *', '^oui *', '^ndio|ndiyo *', '^sawa *'),
  ],
  no: [
    ...C(0.97, '^no|nope|nah|nop|n|non|nan|hapana|hapa|la|siyo|sio|hakuna|never|jamais|negative|wrong|incorrect|faux|si|apana|ata|hata', '^no thanks|thank you', '^non merci', '^hapana asante', '^not now|yet', '^pas maintenant|encore', '^sio sasa', '^not really', '^pas vraiment', '^i don t|dont want', '^je ne veux pas', '^sitaki', '^no *', '^non *', '^hapana *'),
  ],
  cancel: [
    ...C(0.97, '^cancel|annuler|annule|ghairi|sitisha|acha|stop it|abort|quit|exit|end|sortir|quitter|basi|achana|forget it|nevermind|never mind|laisse tomber|tupilia mbali|futa', '^cancel that|this|it|everything', '^annule|annuler tout|ca|cela', '^ghairi hiyo|hii|yote', '^acha tu|hiyo|hii', '^achana nayo'),
    ...C(0.85, 'cancel|abort|annul*|ghairi|sitisha|achana na|acha hiyo|i changed my mind|j ai change d avis|nimebadilisha mawazo|start over|recommencer|anza upya|don t want to continue|je ne veux plus continuer|sitaki kuendelea'),
  ],
  create_group: [
    ...C(0.92, 'create|make|open|set up|setup|register|form|start|launch|build|new a|new|my|our group|chama|tontine|circle|likelemba|rosca|savings group|kikundi', 'new group|chama|tontine|circle|likelemba|kikundi',
      'creer|cree|creez|creation|ouvrir|lancer|monter|faire|demarrer|nouveau|nouvelle un|une|mon|notre groupe|tontine|likelemba|cercle|chama', 'nouveau groupe|nouvelle tontine',
      'unda|kuunda|tengeneza|kutengeneza|fungua|kufungua|anzisha|kuanzisha|anzisha|sajili kikundi|chama|kikundi kipya', 'kikundi|chama kipya', 'nataka kikundi|chama'),
    ...C(0.7, 'create|creer|unda|anzisha *'),
  ],
  join_group: [
    ...C(0.95, '^join|rejoindre|jiunge|kujiunga|jiunga|adhere'),
    ...C(0.9, 'join|joining|rejoindre|rejoins|adherer|integrer|jiunge|kujiunga|nijiunge|jiunga|ingia|kuingia a|the|your|this|my|our group|chama|kikundi|tontine|groupe|circle', 'i want to join|want join', 'je veux rejoindre|adherer', 'nataka kujiunga', 'invite|invitation code', 'code d invitation', 'nimealikwa', 'i was invited|got an invite', 'j ai ete invite', 'join *', 'jiunge *', 'rejoindre *'),
  ],
  agree: [
    ...C(0.97, '^agree|agreed|accept|accepted|i agree|i accept|nakubali|kubali|nimekubali|tunakubali|accepte|j accepte|acceptee|d accord avec', '^i agree to the rules|terms', '^j accepte les regles|conditions', '^nakubali sheria|masharti'),
    ...C(0.85, 'i agree|accept to|with the rules|terms|conditions', 'j accepte|accepter les regles|conditions', 'nakubali|ninakubali sheria|masharti', 'agree to the rules|terms', 'accept the rules|terms', 'nakubali kujiunga'),
  ],
  rules: [
    ...C(0.97, '^rules|rule|regles|regle|reglement|sheria|masharti|terms|conditions|kanuni|taratibu', '^the rules', '^les regles', '^sheria za kikundi'),
    ...C(0.85, 'show|what|see|send|read|view|explain the|group rules|terms', 'what are the rules', 'quelles sont les regles', 'montre* moi|voir|lire|envoie* les regles|le reglement|conditions', 'sheria za|ni zipi|gani', 'nionyeshe|nitumie|eleza sheria|masharti|kanuni', 'how does the group work', 'late fee rules'),
  ],
  start_group: [
    ...C(0.95, '^start|begin|go|launch|kick off|demarrer|demarre|commencer|commence|lancer|lance|anza|tuanze|anzeni|anzisha', '^start now|the group|the cycle|the chama', '^let s|lets start|begin|go', '^on commence|demarre', '^tuanze sasa|tuanze', '^anza sasa'),
    ...C(0.85, 'start|begin|launch|kick off the|our|my group|cycle|chama|round|rotation|savings', 'everyone has joined', 'tout le monde a rejoint', 'wote wamejiunga', 'demarrer|commencer|lancer le|notre|la groupe|cycle|tontine|tour', 'anza|anzisha|tuanze mzunguko|kikundi|chama|michango'),
  ],
  pay: [
    ...C(0.95, '^pay|paye|payer|lipa|lipia|kulipa|contribute|cotiser|changa|pay now|payer maintenant|lipa sasa', '^pay *', '^lipa *', '^payer *', '^mpesa|m pesa'),
    ...C(0.9, 'i want|need|would like|wanna|d like|let me to pay|contribute|send|deposit', 'pay my|the|our|this contribution|share|dues|installment|cotisation|money|savings', 'make|send a|my payment|contribution|deposit',
      'je veux|voudrais|vais|dois|peux|aimerais payer|pay|cotiser|verser|regler|envoyer|deposer', 'payer|regler|verser ma|la|mon cotisation|contribution|part|versement', 'faire un|le|mon paiement|versement|depot',
      'nataka|naomba|ninataka|nitaka|nipe|wacha|acha|ngoja nilipe|kulipa|kuchanga|kutuma|kuweka', 'lipa|kulipa|nilipe|lipia|tuma|kutuma mchango|michango|pesa|doo|mkwanja|ganji|chapaa|bob|deni', 'weka pesa|akiba', 'changa|kuchanga|nichange',
      'send|transfer|deposit money|funds|cash', 'how do i|can i pay', 'comment payer', 'nitalipaje|nilipe vipi|nalipaje|jinsi ya kulipa', 'pay with|via|by mpesa|card|mobile money|airtel|orange|mtn|tigo', 'payer par|avec|via mpesa|carte|mobile money|orange money|airtel'),
    ...C(0.65, 'pay|payer|lipa|kulipa|cotisation|contribution|mchango|payment|paiement|malipo'),
  ],
  payment_status: [
    ...C(0.9, 'did|has|was|is my|the payment|contribution|money|transfer go through|gone through|arrive|arrived|received|reach|reached|been received|confirmed|successful|pending|complete', 'payment status', 'status of my payment|contribution|transfer',
      'check my|the payment|contribution|transfer', 'statut|etat du|de mon|de ma paiement|cotisation|versement|transfert', 'mon|ma paiement|cotisation|versement|transfert est|a passe|arrive|recu|bien recu|confirme|valide',
      'avez vous recu mon|ma paiement|cotisation|argent', 'vous avez recu', 'malipo|mchango|pesa yangu|wangu imefika|yamefika|umefika|imeingia|yameingia|imepokelewa|yamepokelewa|imethibitishwa', 'hali ya malipo|mchango', 'mmepokea malipo|mchango|pesa', 'mmepata pesa|malipo|mchango', 'imefika', 'was my payment', 'did you get|receive my payment|money|contribution', 'is it confirmed'),
    ...C(0.75, '^i paid|have paid|ve paid|just paid|already paid|sent the money', '^j ai paye|deja paye|verse', '^nimelipa|nimeshalipa|nimetuma|nishalipa|nimeshatuma|nimelipia', '^i have sent the money|payment'),
  ],
  receipts: [
    ...C(0.95, '^receipt|receipts|recu|recus|risiti|stakabadhi|proof|history|historique|historia', '^my receipts', '^mes recus', '^risiti zangu|yangu'),
    ...C(0.88, 'receipt|receipts|recu|recus|quittance|risiti|stakabadhi|proof of payment|preuve de paiement|payment history|historique des paiements|historia ya malipo|statement of my payments|my transactions|mes transactions|miamala yangu', 'send|give|show me my|a receipt', 'envoie* moi|voir mes|le recu|recus|quittance', 'nitumie|nipe risiti|stakabadhi'),
  ],
  next_payout: [
    ...C(0.95, '^next payout|payout|versement|malipo yangu', '^my turn', '^mon tour', '^zamu yangu', '^when is my turn', '^payout date'),
    ...C(0.9, 'when|what date|which day do|will|is i|my get|receive|collect|payout|turn|money|pot|lump', 'next|upcoming payout|recipient|turn|beneficiary', 'my turn|payout', 'who gets|receives paid|the money|the pot next|this time|this round|this cycle',
      'quand|date vais|est je|mon recevoir|toucher|tour|versement|beneficier', 'prochain|prochaine versement|beneficiaire|tour|paiement a recevoir', 'mon tour', 'qui recoit|touche le prochain|cette fois|ce tour|ce mois',
      'zamu yangu|langu', 'nitapokea|nitapata|nitachukua|nitalipwa lini|pesa', 'lini nitapokea|nitapata|nitalipwa|zamu', 'nani anapokea|atapokea|anachukua|anafuata', 'malipo yajayo|yanayofuata', 'ni lini zamu'),
  ],
  my_groups: [
    ...C(0.95, '^my groups|group|chamas|chama|tontines|circles', '^groups|groupes|vikundi|chamas', '^mes groupes|tontines', '^vikundi vyangu|chama zangu|kikundi changu', '^list groups'),
    ...C(0.88, 'my groups|chamas|tontines|circles', 'which|what groups|chamas am i in', 'list|show|see my|all groups', 'mes groupes|tontines', 'quels groupes', 'voir|liste* mes groupes', 'vikundi vyangu|vyote', 'chama zangu', 'niko kwenye vikundi|chama gani', 'vikundi gani'),
  ],
  settings: [
    ...C(0.95, '^settings|setting|parametres|parametre|reglages|preferences|mipangilio|profile|profil|wasifu|config', '^my settings|profile', '^mes parametres|reglages'),
    ...C(0.85, 'settings|preferences|parametres|reglages|mipangilio|my profile|mon profil|wasifu wangu', 'change|update|set my|the pin|name|profile|notifications', 'changer|modifier mon pin|nom|profil', 'badilisha pin|jina|wasifu', 'change my pin', 'reset pin'),
  ],
  dispute: [
    ...C(0.9, 'dispute|complaint|complain|litige|plainte|contestation|reclamation|malalamiko|lalamika|kulalamika|mgogoro|shida na|tatizo na malipo', 'open|file|raise|make a dispute|complaint', 'ouvrir|faire|deposer un|une litige|plainte|reclamation', 'nataka kulalamika|kufungua malalamiko', 'something is wrong|went wrong', 'il y a un probleme', 'kuna tatizo|shida', 'wrong amount', 'mauvais montant', 'kiasi kibaya|si sahihi'),
  ],
  refund_request: [
    ...C(0.95, '^refund|rembourse|remboursement|rembourser|marejesho|rejesha pesa|nirudishie'),
    ...C(0.9, 'refund|reimburse|reimbursement|money back|get back my money|return my money|give back', 'rembours*', 'recuperer|recupere|rendre|rendez mon|mon argent|ma cotisation|mes fonds', 'rendez moi mon argent', 'je veux mon argent',
      'nirudishie|mnirudishie|rudisha|rudishiwe|nirudishiwe|kurudishiwa|kurejeshewa|nirejeshee|rejesha|kurudisha pesa|fedha|mchango|hela|doo|zangu', 'marejesho|kurejeshewa|rudishiwa', 'nataka pesa zangu', 'i want my money', 'charged twice|double charged|paid twice', 'paye deux fois|double paiement', 'nimelipa mara mbili|nimekatwa mara mbili'),
  ],
  admin_menu: [
    ...C(0.95, '^admin|admin menu|menu admin|administration|administrateur|msimamizi|dashboard|console', '^admin panel', '^menyu ya msimamizi|admin', '^menu administrateur'),
    ...C(0.8, 'admin menu|panel|tools|options|dashboard', 'menu admin|administrateur', 'menyu ya msimamizi|admin', 'organizer|organiser menu|tools'),
  ],
  manage_members: [
    ...C(0.92, 'manage|see|view|show|list|check the|my|our members|membership|participants|people', 'member list', 'list of members', 'who is|who s|who are in|the members of my|our|the group|chama', 'gerer|voir|liste* les|des membres|participants', 'liste des membres', 'qui est|sont dans le|mon groupe', 'simamia|dhibiti|ona|orodha ya wanachama', 'wanachama wa|wangu|wetu|wote', 'nani yuko|wako kwenye kikundi|chama', 'add a|member|members', 'ajouter un|des membres', 'ongeza mwanachama|wanachama|mtu', 'manage members', 'members'),
  ],
  remove_member: [
    ...C(0.95, 'remove|delete|kick|kick out|ban|expel|throw out member|him|her|them|from|*', 'retirer|retire|supprimer|supprime|exclure|exclus|enlever|enleve|virer|vire *', 'ondoa|mwondoe|kumwondoa|mtoe|toa|mfukuze|kumfukuza|futa *', 'take out|off of the group|chama', 'remove a member', 'retirer un membre', 'ondoa mwanachama'),
  ],
  edit_rules: [
    ...C(0.92, 'change|edit|modify|update|set|adjust|amend the|group rules|rule|late fee|penalty|grace period|quorum|contribution amount|amount|frequency', 'modifier|changer|ajuster les|la|le regles|regle|reglement|penalite|amende|delai de grace|quorum|montant|frequence', 'badilisha|rekebisha sheria|masharti|faini|adhabu|kiasi|akidi|muda wa ziada', 'edit rules', 'modifier les regles', 'badilisha sheria'),
  ],
  change_payout_order: [
    ...C(0.95, 'change|swap|switch|reorder|rearrange|modify|edit|shuffle the|payout|turn order|order|turns|sequence|rotation', 'payout order|sequence|rotation', 'swap turns|places|positions', 'changer|modifier|echanger|inverser l|ordre|ordre de passage|ordre des versements|tours', 'ordre de passage|des versements|des tours', 'echanger nos|mon tour|tours', 'badilisha|panga upya|rekebisha mpangilio|mfuatano|zamu|orodha ya malipo', 'mpangilio wa malipo|zamu', 'kubadilishana zamu', 'badilishana zamu'),
  ],
  cycle_status: [
    ...C(0.92, 'cycle|round|rotation status|progress|update|summary', 'who has|hasn|has not|hasnt|have not|already|not yet paid|contributed', 'who paid|didn t pay|owes|is late|is behind', 'how many have|people paid', 'state|status of the cycle|round', 'statut|etat|point du|de ce cycle|tour', 'qui a|n a pas|n ont pas|ont paye|cotise', 'combien ont paye',
      'hali ya mzunguko|raundi', 'mzunguko huu', 'nani amelipa|hajalipa|wamelipa|hawajalipa|bado', 'wangapi wamelipa', 'cycle status', 'round status'),
  ],
  reports: [
    ...C(0.92, '^report|reports|rapport|rapports|ripoti|statement|statements|releve|export', 'report|reports|rapport|ripoti|statement|releve|export|summary|bilan|muhtasari|taarifa ya fedha|csv|excel|pdf', 'monthly|financial|group report|statement', 'rapport mensuel|financier', 'ripoti ya mwezi|kikundi|fedha'),
  ],
  invite: [
    ...C(0.93, '^invite|invitation|inviter|alika|karibisha|link|lien|kiungo', 'invite|add|bring my|a|new|some|people|friends|members|someone|others', 'invite link|code', 'share the|our|my|group link|code|invite', 'send|get|give me the|an invite|invitation link|code', 'inviter|ajouter des|mes|un amis|membres|gens|personnes', 'lien|code d invitation|du groupe', 'partager le lien', 'alika|waalike|kualika|karibisha|wakaribishe marafiki|watu|wanachama|wengine', 'kiungo|link ya kikundi|mwaliko', 'tuma kiungo|link', 'invite *', 'alika *', 'inviter *'),
  ],
  change_payout_destination: [
    ...C(0.95, 'change|update|switch|modify|set|edit my|the payout|receiving|withdrawal|mpesa|mobile money|bank number|account|destination|phone|wallet|method|details', 'send|pay my payout|money|turn to another|a different|new number|account|phone|wallet', 'receive|get paid on|to|via another|different|new number|account|wallet', 'payout number|account|destination|details|method', 'where i receive|get my payout|money',
      'changer|modifier|mettre a jour le|mon|ma numero|compte|portefeuille|moyen de reception|versement|paiement', 'recevoir sur|via un autre numero|compte', 'numero de reception|versement', 'envoyer mon versement a|sur',
      'badilisha namba|akaunti|nambari ya kupokea|kupokelea|malipo|mpesa', 'nitumie pesa|malipo kwa|kwenye namba nyingine|akaunti nyingine', 'pokea kwa|kwenye namba nyingine|akaunti nyingine', 'namba ya kupokea|kupokelea'),
  ],
  thanks: [
    ...C(0.97, '^thanks|thank|thx|thnx|ty|tnx|thanx|merci|asante|asanteni|shukrani|nashukuru|shukran|cheers|appreciated|mersi|mrc|=thanks', '^thank you|u|so much|very much', '^merci beaucoup|bien|infiniment|bcp', '^asante sana|asanteni sana', '^thanks a lot', '^ok thanks|thank you|merci|asante', '^sawa asante', '^nice thanks', '^great thanks', '^super merci', '^poa asante', '^thanks *', '^merci *', '^asante *'),
    ...C(0.55, 'thanks|thank you|merci|asante'),
  ],
  off_topic: [
    ...C(0.8, 'weather|meteo|hali ya hewa|mvua|rain|football|soccer|match|mpira|arsenal|chelsea|manchester|madrid|barcelona|simba|yanga|gor mahia|joke|jokes|blague|blagues|utani|mzaha|vichekesho|recipe|recette|mapishi|cook|movie|film|filamu|song|music|musique|wimbo|nyimbo|president|rais|election|elections|uchaguzi|politics|politique|siasa|girlfriend|boyfriend|love|amour|mapenzi|dating|homework|devoir|kazi ya nyumbani|capital of|capitale|bitcoin|crypto|forex|bet|betting|sportpesa|odds|poem|poeme|shairi|story|histoire|hadithi|religion|god|dieu|mungu|horoscope|lottery winning numbers|translate|traduire|tafsiri|news|habari za leo|actualites|what time is it|quelle heure|saa ngapi'),
    ...C(0.75, 'tell me|raconte|niambie a|une|moja joke|blague|story|histoire|hadithi|mzaha', 'who is|who was|qui est|ni nani the|le|la president|rais|messi|ronaldo', 'what is the meaning of life', 'write me|ecris moi|niandikie a|un|une poem|poeme|essay|shairi|letter|lettre|barua'),
  ],
  abuse: [
    ...C(0.9, 'stupid|idiot|idiots|dumb|moron|useless|fool|fuck|fucking|fck|fuk|shit|bullshit|bitch|bastard|asshole|ass|crap|damn you|suck|sucks|trash|garbage|imbecile|imbeciles|con|conne|connard|connasse|debile|merde|putain|salaud|salope|nul|nulle|stupide|ta gueule|ferme la|fdp|encule|mjinga|wajinga|pumbavu|mpumbavu|mshenzi|washenzi|kuma|malaya|fala|mbwa|nguruwe|fala|msenge|kumamako|kumanyoko|takataka|upuuzi|mavi|shenzi|kafiri|nyoko'),
  ],
};

// ---------------------------------------------------------------- slot helpers

const OPTION_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9,
  moja: 1, mbili: 2, tatu: 3, nne: 4, tano: 5, sita: 6, saba: 7, nane: 8, tisa: 9,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, premier: 1, premiere: 1, deuxieme: 2,
  troisieme: 3, quatrieme: 4, cinquieme: 5, sixieme: 6, kwanza: 1, pili: 2,
};
const OPTION_LEAD = new Set(['option', 'opt', 'number', 'no', 'num', 'nbr', 'choice', 'choix', 'numero', 'chaguo', 'namba', 'nambari', 'la', 'le', 'ya', 'nr', 'n', 'reply', 'press', 'select', 'choose', 'pick', 'choisir', 'je', 'choisis', 'nachagua', 'chagua', 'i', 'choose', 'take', 'the', 'ni']);

function optionNumber(tokens: string[]): number | undefined {
  const content = tokens.filter((t) => !OPTION_LEAD.has(t) && !FILLERS.has(t));
  if (content.length !== 1) return undefined;
  const t = content[0];
  if (/^[1-9]$/.test(t)) return Number(t);
  if (/^(?:1[0-2])$/.test(t) && tokens.length > 1) return Number(t); // "option 10"
  return OPTION_WORDS[t];
}

const LANG_WORDS: Array<[RegExp, Lang]> = [
  [/\b(?:english|anglais|kiingereza|kingereza|engl[a-z]*|inglish|eng)\b/, 'en'],
  [/\b(?:french|francais|francaise|kifaransa|kifaransa|franc(?:e|ais)|fr)\b/, 'fr'],
  [/\b(?:swahili|kiswahili|souahili|kiswahil|swa|sw)\b/, 'sw'],
];

const CODE_RE = /\b(?:join|jiunge|kujiunga|jiunga|rejoindre|code|nambari|namba|msimbo)\b[\s:#-]*([A-Za-z0-9]{4,12})\b/iu;
const BARE_CODE_RE = /^\s*([A-Z0-9]{5,10})\s*$/;
const LINK_CODE_RE = /(?:\/j(?:oin)?\/|[?&](?:code|g|text)=(?:join(?:%20|\+|\s))?)([A-Za-z0-9]{4,12})/i;

function inviteCode(text: string): string | undefined {
  const link = LINK_CODE_RE.exec(text);
  if (link) return link[1].toUpperCase();
  const m = CODE_RE.exec(text);
  if (m && /[0-9]/.test(m[1]) || (m && m[1] === m[1].toUpperCase() && /[A-Z]/.test(m[1]))) return m![1].toUpperCase();
  const bare = BARE_CODE_RE.exec(text);
  if (bare && /[0-9]/.test(bare[1]) && /[A-Z]/.test(bare[1])) return bare[1];
  return undefined;
}

const PHONE_RE = /(?:\+|00)?[0-9][0-9 \-]{7,15}[0-9]/;
const REMOVE_NAME_RE =
  /\b(?:remove|delete|kick(?: out)?|ban|expel|throw out|take out|retire[rz]?|supprime[rz]?|exclu(?:re|s|ez)?|enl[eè]ve[rz]?|vire[rz]?|ondoa|mwondoe|kumwondoa|mtoe|toa|mfukuze|kumfukuza|futa)\s+(?:member\s+|le membre\s+|la membre\s+|mwanachama\s+)?((?:[A-ZÀ-Ý][\p{L}'-]+)(?:\s+[A-ZÀ-Ý][\p{L}'-]+){0,2})/u;

function disputeType(tokens: string[], folded: string): DisputeType {
  const has = (re: RegExp) => re.test(folded);
  if (
    has(/\b(?:organi[sz]er|admin|treasurer|chairman|chairperson|leader|organisat(?:eur|rice)|tresorier|president|responsable|msimamizi|mweka hazina|kiongozi|mwenyekiti)\b.*\b(?:steal|stole|stealing|theft|thief|fraud|scam|scammer|ran away|run away|disappear|vanish|missing|took|kept|eat|ate|chew|vole|vol|voleur|escro|arnaque|disparu|fui|garde|pris|detourne|mwizi|anaiba|ameiba|kuiba|wizi|tapeli|utapeli|ametoroka|amekimbia|amepotea|amekula|anakula|amechukua|ulaghai)/) ||
    has(/\b(?:steal|stole|stealing|fraud|scam|vole|arnaque|escroquerie|detourne|mwizi|anaiba|ameiba|wizi|tapeli|utapeli|ulaghai)\b.*\b(?:organi[sz]er|admin|treasurer|chairman|leader|organisat(?:eur|rice)|tresorier|responsable|msimamizi|mweka hazina|kiongozi|mwenyekiti)\b/) ||
    has(/\b(?:organizer fraud|fraude de l'organisat|organisateur escroc)\b/)
  )
    return 'organizer_fraud';
  if (
    has(/\b(?:wrong|incorrect|different|another|other) (?:person|recipient|member|number|account|people)\b/) ||
    has(/\b(?:mauvais(?:e)? (?:personne|destinataire|numero|membre|compte)|autre personne|mauvaise personne)\b/) ||
    has(/\b(?:mtu (?:mwingine|asiye sahihi|tofauti|mbaya)|namba (?:nyingine|isiyo sahihi|mbaya)|mpokeaji (?:asiye sahihi|mwingine|mbaya))\b/) ||
    has(/\b(?:sent|went|paid|gone|given) to (?:the )?wrong\b/) ||
    has(/\bwrong recipient\b/)
  )
    return 'wrong_recipient';
  const paid = has(/\b(?:i paid|i have paid|i've paid|ive paid|paid|sent|deducted|debited|charged|j'ai paye|paye|verse|envoye|debite|preleve|nimelipa|nimeshalipa|nishalipa|nimetuma|nimekatwa|imekatwa|zimekatwa|pesa imetoka|nililipa|nilituma)\b/);
  const notRecorded = has(
    /\b(?:not (?:recorded|reflected|showing|shown|received|registered|credited|updated|confirmed|counted|there|appearing|visible)|isn'?t (?:showing|recorded|reflected|there)|doesn'?t (?:show|appear|reflect)|not in the system|still (?:shows|says) unpaid|marked (?:as )?unpaid|says i (?:haven'?t|have not) paid|pas (?:enregistre|pris en compte|recu|reflete|visible|comptabilise|apparu|confirme)|n'apparait pas|toujours (?:impaye|en attente)|marque (?:comme )?impaye|haijaonekana|haionekani|haijaingia|haijafika|haijarekodiwa|hayajaonekana|hayajafika|hayaonekani|hamjapokea|haijasomeka|bado (?:haijaonekana|inaonyesha|sijalipa)|haijathibitishwa|haijapokelewa|sijaona)\b/,
  );
  if ((paid && notRecorded) || (notRecorded && tokens.length > 3)) return 'paid_not_recorded';
  if (has(/\b(?:paid but|j'ai paye mais|nimelipa lakini|nimelipa ila|nimelipa na)\b/)) return 'paid_not_recorded';
  return 'other';
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

  if (tokens.length === 0) {
    return { intent: 'unknown', confidence: 0, slots, lang, candidates: [], injection: injection.flagged ? injection : undefined };
  }

  for (const [intent, cues] of Object.entries(CUES) as Array<[Intent, Cue[]]>) {
    let best = 0;
    let hits = 0;
    for (const c of cues) {
      const ok = c.whole ? matchWhole(tokens, c.parts) : matchPhrase(tokens, c.parts);
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

  // "start a new group" is creation; "start the group" is launching an existing one
  if ((scores.get('create_group') ?? 0) >= 0.9 && (scores.get('start_group') ?? 0) > 0) {
    if (/\b(?:new|a|une?|nouveau|nouvelle|kipya|another|autre)\b/.test(folded)) scores.set('start_group', 0.5);
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
    if (/\b(?:reminder|notification|rappel|kikumbusho|vikumbusho|ujumbe|my number|mon numero|namba yangu|rule|regle|sheria)/.test(folded)) scores.set('remove_member', 0.4);
  }
  // change language: which one
  if ((scores.get('change_language') ?? 0) > 0) {
    const hit = LANG_WORDS.find(([re]) => re.test(folded));
    if (hit) slots.lang = hit[1];
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
  if ((scores.get('stop_reminders') ?? 0) >= 0.9 && (scores.get('cancel') ?? 0) > 0 && /\b(?:remind|rappel|kikumbusho|vikumbusho|notif|message|ujumbe|arifa|alert)/.test(folded))
    scores.set('cancel', 0.5);
  // resume words inside a reminder sentence beat stop
  if ((scores.get('resume_reminders') ?? 0) >= 0.9 && (scores.get('stop_reminders') ?? 0) > 0 && !/\b(?:stop|arret|sitisha|zima)/.test(folded)) scores.set('stop_reminders', 0.5);

  // greetings and thanks yield to any real request in the same message
  const real = [...scores.entries()].filter(([i, s]) => s >= 0.7 && !['greeting', 'thanks', 'yes', 'no', 'abuse', 'off_topic'].includes(i));
  if (real.length) {
    for (const soft of ['greeting', 'thanks'] as const) if ((scores.get(soft) ?? 0) < 0.95 || content.length > 3) scores.set(soft, Math.min(scores.get(soft) ?? 0, 0.55));
    for (const soft of ['yes', 'no'] as const) if ((scores.get(soft) ?? 0) > 0 && content.length > 2) scores.set(soft, Math.min(scores.get(soft) ?? 0, 0.6));
    if ((scores.get('off_topic') ?? 0) > 0) scores.set('off_topic', 0.5);
  }
  // abuse alongside a real request: keep the request, flag the tone
  if ((scores.get('abuse') ?? 0) > 0) {
    slots.abusive = true;
    if (real.length) scores.set('abuse', 0.5);
  }
  // help vs support_human: asking for a person beats generic help
  if ((scores.get('support_human') ?? 0) >= 0.9 && (scores.get('help') ?? 0) > 0) scores.set('help', Math.min(scores.get('help') ?? 0, 0.8));
  // "menu" vs "admin menu"
  if ((scores.get('admin_menu') ?? 0) >= 0.8 && (scores.get('menu') ?? 0) > 0) scores.set('menu', 0.6);
  // "no" + "thanks" is a polite no
  // expected intents win ties and get a lift
  for (const e of expecting) {
    const s = scores.get(e as Intent);
    if (s !== undefined && s > 0) scores.set(e as Intent, Math.min(0.99, s + 0.08));
  }
  // agree/yes overlap: when the flow expects AGREE, "yes"/"ok" agree; otherwise yes
  if (expecting.has('agree') && (scores.get('yes') ?? 0) >= 0.9) bump('agree', 0.9);

  // ---- decide
  const ranked = [...scores.entries()].filter(([, s]) => s > 0).sort((x, y) => y[1] - x[1] || INTENTS.indexOf(x[0]) - INTENTS.indexOf(y[0]));
  const candidates = ranked.slice(0, 4).map(([intent, score]) => ({ intent, score: round(score) }));
  let [intent, score] = ranked[0] ?? (['unknown', 0] as [Intent, number]);
  // two different intents nearly tied: uncertainty shows in the confidence
  if (ranked[1] && ranked[0][1] - ranked[1][1] < 0.03 && ranked[0][0] !== ranked[1][0]) score -= 0.1;
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

export { findNumbers };
