// Language identification for en / fr / sw on chat-length text: weighted keyword profiles (stopwords,
// greetings, domain words, Sheng) plus a character-trigram model built at load time from a small
// embedded corpus, so unseen words still lean the right way. Short or neutral input gets low confidence.
import { analyze, fuzzyEquals } from './normalize.ts';

export type Lang = 'en' | 'fr' | 'sw';
export const LANGS: readonly Lang[] = ['en', 'fr', 'sw'];

export type LanguageGuess = { lang: Lang; confidence: number; scores: Record<Lang, number> };

// Words that by themselves say which language this is (weight 3), then common words (weight 1).
const STRONG: Record<Lang, string> = {
  en: `hi hello hey thanks thank please the want would what when where which who how why is are was
    were have has paid pay payment my your our this that with from group groups people members weekly
    monthly every each next tomorrow today yes yeah yep nope help receipt receipts settings join create
    start rules agree cancel refund dispute human someone wrong organizer stealing money back week month
    days people person language english status balance report reports invite remove change order payout
    turn shillings dollars friday monday sunday saturday thursday tuesday wednesday good morning evening
    not received recorded it's i'm don't can't didn't haven't isn't`,
  fr: `bonjour bonsoir salut coucou merci oui non ouais je tu il nous vous ils le la les un une des du de
    mon ma mes ton ta tes son sa ses est suis sont avoir ai veux voudrais peux pour par avec dans sur
    pas plus mais ou et qui que quoi quand comment combien pourquoi aide aider groupe groupes personnes
    membres semaine mois chaque tous toutes hebdomadaire mensuel demain aujourd'hui prochain prochaine
    vendredi lundi mardi mercredi jeudi samedi dimanche payer paye paiement cotisation cotiser rejoindre
    creer regles accepte annuler remboursement rembourser litige parler quelqu'un francais langue
    statut recu recus parametres reglages mauvaise personne vole arnaque escroc versement tour janvier
    fevrier mars avril juin juillet aout septembre octobre novembre decembre francs fc c'est j'ai n'est
    d'accord s'il plait svp cest jai stp`,
  sw: `habari sasa niaje mambo vipi poa jambo hujambo shikamoo asante asanteni karibu ndio ndiyo hapana
    sawa nataka naomba nataka nimelipa kulipa lipa nilipe malipo pesa mchango michango kikundi vikundi
    changu vyangu yangu wangu langu zangu wetu yetu watu wanachama kila wiki mwezi siku kesho leo jana
    keshokutwa ijayo ujao tarehe ijumaa jumamosi jumapili jumatatu jumanne jumatano alhamisi msaada
    menyu sheria nakubali ghairi jiunge kujiunga unda tuanze anza kiswahili lugha kwa na ya wa za la
    cha vya ni si hii hiyo lakini bado haijaonekana sijapokea nimetuma mtu mwingine msimamizi mwizi
    ameiba zamu lini nini gani vipi tafadhali risiti stakabadhi salio shilingi elfu laki mia moja
    mbili tatu nne tano sita saba nane tisa kumi milioni bob mbao nisaidie badilisha ondoa mipangilio
    nipe niko tuko ukumbusho vikumbusho ripoti mzunguko rudisha nirudishie fedha`,
};

const WEAK: Record<Lang, string> = {
  en: `a an and or of to in on at for it i me we you they be do does did can will just now so if then
    ok okay sure no all any menu status some get got go send show see know need`,
  fr: `a au aux en ce cette ces ne y on me te se moi toi lui leur plus tres bien faire fait aller va
    envoyer montrer voir savoir besoin`,
  sw: `na kwa ya wa za la cha vya ni si au kama tu pia sana hivi hapa huko ndani nje kuna hakuna`,
};

const SAMPLES: Record<Lang, string> = {
  en: `hello how are you i want to pay my contribution for this week please show me the menu when is
    my next payout i paid but it is not recorded create a group for ten people weekly starting next
    friday what are the rules of the group i agree to join thank you so much talk to a human agent
    stop sending me reminders change my language to english who has paid this cycle send me my
    receipts the organizer is stealing our money i would like a refund please invite my friends
    remove this member from the group change the payout order how much do i owe what is my balance`,
  fr: `bonjour je voudrais payer ma cotisation de cette semaine montre moi le menu s'il vous plait
    quand est mon prochain versement j'ai payé mais ce n'est pas enregistré créer un groupe de dix
    personnes chaque semaine à partir de vendredi prochain quelles sont les règles du groupe
    j'accepte de rejoindre merci beaucoup parler à quelqu'un arrêtez de m'envoyer des rappels
    changer la langue en français qui a payé ce cycle envoyez moi mes reçus l'organisateur vole
    notre argent je voudrais un remboursement inviter mes amis retirer ce membre du groupe changer
    l'ordre des versements combien je dois quel est mon solde`,
  sw: `habari yako nataka kulipa mchango wangu wa wiki hii tafadhali nionyeshe menyu ni lini nitapokea
    malipo yangu nimelipa lakini haijaonekana unda kikundi cha watu kumi kila wiki tuanze ijumaa
    ijayo sheria za kikundi ni zipi nakubali kujiunga asante sana nataka kuongea na mtu acha
    kunitumia vikumbusho badilisha lugha kuwa kiswahili nani amelipa mzunguko huu nitumie risiti
    zangu msimamizi anaiba pesa zetu naomba nirudishiwe pesa zangu waalike marafiki zangu mtoe
    mwanachama huyu kwenye kikundi badilisha mpangilio wa malipo ninadaiwa kiasi gani salio langu ni
    ngapi niaje mambo vipi sasa poa`,
};

function wordSet(s: string): Set<string> {
  return new Set(s.split(/\s+/).filter(Boolean));
}

const strongSets = Object.fromEntries(LANGS.map((l) => [l, wordSet(STRONG[l])])) as Record<Lang, Set<string>>;
const weakSets = Object.fromEntries(LANGS.map((l) => [l, wordSet(WEAK[l])])) as Record<Lang, Set<string>>;
// Words shared by several profiles say nothing: remove them from the strong sets' evidence.
const shared = new Set<string>();
for (const a of LANGS) for (const w of strongSets[a]) for (const b of LANGS) if (a !== b && strongSets[b].has(w)) shared.add(w);

// Typo look-up only compares words sharing the first letter (fuzzyEquals requires it anyway).
const typoCandidates = Object.fromEntries(
  LANGS.map((l) => {
    const byFirst = new Map<string, string[]>();
    for (const k of strongSets[l]) {
      if (shared.has(k) || k.length < 5) continue;
      byFirst.set(k[0], [...(byFirst.get(k[0]) ?? []), k]);
    }
    return [l, byFirst];
  }),
) as Record<Lang, Map<string, string[]>>;

type Trigrams = { counts: Map<string, number>; total: number };

function trigramsOf(word: string): string[] {
  const w = ` ${word} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= w.length; i++) grams.push(w.slice(i, i + 3));
  return grams;
}

function buildModel(lang: Lang): Trigrams {
  const counts = new Map<string, number>();
  let total = 0;
  const text = `${SAMPLES[lang]} ${STRONG[lang]} ${WEAK[lang]}`;
  for (const t of analyze(text).tokens) {
    if (t.numeric) continue;
    for (const g of trigramsOf(t.norm)) {
      counts.set(g, (counts.get(g) ?? 0) + 1);
      total++;
    }
  }
  return { counts, total };
}

const models = Object.fromEntries(LANGS.map((l) => [l, buildModel(l)])) as Record<Lang, Trigrams>;

function trigramLogProb(word: string, lang: Lang): number {
  const { counts, total } = models[lang];
  let lp = 0;
  for (const g of trigramsOf(word)) lp += Math.log(((counts.get(g) ?? 0) + 0.1) / (total + 300));
  return lp;
}

/** Guess the language of a chat message; confidence in [0, 1], low for short neutral input. */
export function detectLanguage(text: string): LanguageGuess {
  const tokens = analyze(text).tokens.filter((t) => !t.numeric && /[a-z]/.test(t.norm));
  const scores: Record<Lang, number> = { en: 0, fr: 0, sw: 0 };
  let evidence = 0;
  for (const t of tokens) {
    const w = t.norm;
    let hit = false;
    for (const l of LANGS) {
      if (strongSets[l].has(w) && !shared.has(w)) {
        scores[l] += 3;
        hit = true;
      } else if (strongSets[l].has(w) || weakSets[l].has(w)) {
        scores[l] += 1;
        hit = true;
      }
    }
    if (!hit && w.length >= 5) {
      // a typo of a strong word still counts, a little less
      for (const l of LANGS)
        for (const k of typoCandidates[l].get(w[0]) ?? [])
          if (Math.abs(k.length - w.length) <= 2 && fuzzyEquals(w, k)) {
            scores[l] += 2;
            hit = true;
            break;
          }
    }
    if (hit) evidence += 1;
    if (w.length >= 3) {
      // trigram evidence: which model explains the word best, by a bounded margin
      const lps = LANGS.map((l) => trigramLogProb(w, l));
      const best = Math.max(...lps);
      LANGS.forEach((l, i) => {
        scores[l] += Math.max(-1.5, (lps[i] - best) / 2) + 0.75;
      });
      evidence += 0.3;
    }
  }
  const ranked = [...LANGS].sort((a, b) => scores[b] - scores[a] || LANGS.indexOf(a) - LANGS.indexOf(b));
  const [first, second] = ranked;
  const margin = scores[first] - scores[second];
  if (tokens.length === 0 || margin <= 0) return { lang: 'en', confidence: 0.1, scores };
  // confidence grows with the margin and with the amount of evidence
  const confidence = Math.min(0.99, (1 - Math.exp(-margin / 2.5)) * Math.min(1, 0.45 + 0.3 * evidence));
  return { lang: first, confidence: Math.round(confidence * 100) / 100, scores };
}
