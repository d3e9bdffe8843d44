// Prompt-injection and role-claim detection (OWASP LLM01) in en/fr/sw, for red-team handling:
// "ignore your rules", "I am the admin", "oublie tes instructions", "puuza maagizo", "refund everyone".
// A flag means: answer politely, call no privileged tool on the strength of this text. Permissions
// are still enforced in tool code; this is an extra signal, not the defence.
import { fold } from './normalize.ts';

export type InjectionKind = 'override' | 'role_claim' | 'prompt_extraction' | 'mass_action' | 'markup' | 'impersonation';
export type InjectionResult = { flagged: boolean; score: number; kinds: InjectionKind[]; matches: string[] };

const RULES: Array<[InjectionKind, RegExp]> = [
  // instruction override
  [
    'override',
    /\b(?:ignore|disregard|forget|override|bypass|skip|drop)\b.{0,30}\b(?:previous|prior|above|earlier|all|your|the|any|these|those|system|safety)?\s*(?:instructions?|rules?|prompts?|guidelines?|polic(?:y|ies)|restrictions?|constraints?|guardrails?|programming|directives?|limits?)\b/,
  ],
  [
    'override',
    /\b(?:ignore|oublie[rz]?|ignorez?|ne tiens? (?:pas|plus) compte|passe outre)\b.{0,30}\b(?:instructions?|regles?|consignes?|directives?|restrictions?|limites?|politique)\b/,
  ],
  ['override', /\b(?:puuza|usijali|sahau|achana na|vunja|kiuka|ruka)\b.{0,30}\b(?:maagizo|maelekezo|sheria|kanuni|masharti|amri|taratibu|mipaka)\b/],
  [
    'override',
    /\b(?:you are now|from now on you|act as|pretend (?:to be|you are)|roleplay as|developer mode|dan mode|jailbreak|do anything now|no restrictions|unrestricted mode|god mode|sudo)\b/,
  ],
  ['override', /\b(?:tu es maintenant|a partir de maintenant tu|fais comme si|joue le role|mode developpeur|sans restrictions?)\b/],
  ['override', /\b(?:sasa wewe ni|kuanzia sasa wewe|jifanye|igiza kama|bila vikwazo)\b/],
  ['override', /\bnew (?:instructions?|rules?|system prompt)\b|\bnouvelles? (?:instructions?|consignes?)\b|\b(?:maagizo|maelekezo|amri) (?:mapya|mipya)\b/],
  [
    'override',
    /\b(?:hali|mode) ya (?:developer|msanidi|dev)\b|\bhuna (?:sheria|masharti|mipaka|vikwazo)\b|\bhakuna sheria tena\b|\byou have no (?:rules|limits|restrictions)\b|\btu n'as (?:plus )?(?:de|aucune) (?:regles?|limites?)\b/,
  ],
  // naming an internal tool to make the model call it: "run tool admin_approve_refund", "appelle admin_freeze_group"
  [
    'override',
    /\b(?:admin|approve|set|initiate|request|release|transfer|mark|resolve|freeze|unfreeze)_[a-z_]{3,}\b|\b(?:run|execute|call|invoke|trigger|use) (?:the )?(?:tool|function)\b|\b(?:execute[rz]?|lance[rz]?|appelle[rz]?|utilise[rz]?) (?:l'|la |le )?(?:outil|fonction)\b|\b(?:tumia|endesha|ita) (?:tool|zana|function)\b/,
  ],
  // claiming a role to unlock actions
  [
    'role_claim',
    /\b(?:i am|i'm|im|this is)\s+(?:the |an |your )?(?:admin|administrator|owner|organi[sz]er|developer|dev|ceo|founder|moderator|platform admin|super ?admin|treasurer|chairman|support agent|staff|manager|boss|system)\b/,
  ],
  [
    'role_claim',
    /\b(?:je suis|c'est)\s+(?:l'|le |la |un |une |votre )?(?:admin|administrat(?:eur|rice)|proprietaire|organisat(?:eur|rice)|developpeur|pdg|fondat(?:eur|rice)|moderat(?:eur|rice)|tresorier|responsable|patron|gerant|agent du support)\b/,
  ],
  [
    'role_claim',
    /\b(?:mimi ni|mimi ndiye|ni mimi)\s+(?:the |)?(?:admin|msimamizi|mmiliki|mwenyekiti|mweka hazina|kiongozi|mkurugenzi|developer|msanidi|bosi|mwanzilishi)\b/,
  ],
  [
    'role_claim',
    /\b(?:admin|administrator) (?:here|speaking|mode|override|access|privileges?|rights)\b|\b(?:grant|give) me (?:admin|full|root) (?:access|rights|privileges)\b|\bdonne[sz]?[- ]moi (?:les )?droits?\b|\bnipe (?:ruhusa|mamlaka) (?:ya|za) (?:admin|msimamizi)\b/,
  ],
  [
    'impersonation',
    /\b(?:on behalf of|authori[sz]ed by|approved by|instructed by) (?:the )?(?:admin|organi[sz]er|platform|likelemba|support)\b|\b(?:likelemba|support) team (?:says|here)\b|\bde la part de (?:l'admin|l'organisateur|likelemba)\b|\bkwa niaba ya (?:msimamizi|admin|likelemba)\b/,
  ],
  // prompt extraction
  [
    'prompt_extraction',
    /\b(?:system prompt|system message|initial prompt|hidden prompt|your (?:instructions|prompt|rules|configuration|guidelines)|print (?:your|the) (?:instructions|prompt)|repeat (?:the|your) (?:text|words|instructions) above|reveal (?:your|the) (?:prompt|instructions)|show (?:me )?your (?:prompt|instructions|system))\b/,
  ],
  [
    'prompt_extraction',
    /\b(?:prompt systeme|tes instructions|vos instructions|montre[sz]?[- ]moi (?:tes|vos) (?:instructions|consignes|regles internes)|affiche[sz]? (?:ton|votre) prompt)\b/,
  ],
  ['prompt_extraction', /\b(?:maagizo yako|maelekezo yako|onyesha maagizo|nionyeshe maelekezo|prompt yako|maelekezo ya mfumo|maagizo ya mfumo)\b/],
  // "repeat everything above this line", "répète tout ce qui est au-dessus", "rudia kila kitu kilicho juu"
  [
    'prompt_extraction',
    /\b(?:repeat|print|copy|output|dump|show)\b.{0,25}\b(?:above|before this|preceding)\b|\b(?:repete[rz]?|affiche[rz]?|copie[rz]?|recopie[rz]?|montre[rz]?)\b.{0,30}\b(?:au[- ]dessus|plus haut|precede)\b|\b(?:rudia|andika|nakili|onyesha|nionyeshe)\b.{0,30}\b(?:kilicho juu|yaliyo juu|hapo juu|juu ya ujumbe)\b/,
  ],
  // mass or privileged money actions nobody may ask for in chat
  [
    'mass_action',
    /\b(?:refund|pay|paid|release|send|transfer|approve|credit|payout)\b.{0,25}\b(?:everyone|everybody|all (?:members|users|the money|funds|groups|payments|of them)|every member|all)\b/,
  ],
  [
    'mass_action',
    /\bmark (?:everyone|everybody|all(?: members)?|me|them|him|her|my contribution|it) (?:as )?(?:paid|settled|complete)\b|\b(?:transfer|send|move) (?:all|the whole|the entire) (?:money|funds|balance|escrow|pot)\b/,
  ],
  [
    'mass_action',
    /\b(?:rembourse[rz]?|paye[rz]?|verse[rz]?|transfere[rz]?|envoie[rz]?)\b.{0,25}\b(?:tout le monde|tous les membres|tous|toutes les cotisations|tout l'argent)\b|\bmarque[rz]? (?:tout le monde|tous|moi) comme paye/,
  ],
  [
    'mass_action',
    /\b(?:rudisha|lipa|tuma|hamisha|toa)\b.{0,25}\b(?:kila mtu|wote|pesa zote|fedha zote)\b|\b(?:weka|andika) (?:kila mtu|wote|mimi) (?:kama )?(?:amelipa|wamelipa|nimelipa)\b/,
  ],
  ['mass_action', /\b(?:approve|release|send) (?:the )?payout to \+?[0-9]/],
  ['mass_action', /\b(?:idhinisha|rudisha|hamisha|achilia|toa)\b.{0,25}\b(?:yote|zote|wote)\b/],
  // markup pretending to be system or tool text
  [
    'markup',
    /(?:^|\n|\s)(?:system|assistant|developer|tool|mfumo|systeme|système|msaidizi)\s*:|<\|?(?:im_start|im_end|system|endoftext)\|?>|\[(?:inst|system|\/inst)\]|###\s*(?:system|instruction)|\{\s*"(?:role|tool|function)"\s*:|<\/?(?:system|instructions?)>|\bimportant\s*:.{0,40}\b(?:ignore|send|transfer|approve)\b/,
  ],
];

/** Flag prompt-injection and role-claim attempts. Score ∈ [0, 1]; flagged when any rule matches. */
export function detectInjection(text: string): InjectionResult {
  const folded = fold(text).replace(/\s+/g, ' ');
  const lowerRaw = text.toLowerCase();
  const kinds = new Set<InjectionKind>();
  const matches: string[] = [];
  for (const [kind, re] of RULES) {
    const m = re.exec(kind === 'markup' ? lowerRaw : folded);
    if (m) {
      kinds.add(kind);
      matches.push(m[0].trim());
    }
  }
  const weights: Record<InjectionKind, number> = {
    override: 0.9,
    role_claim: 0.7,
    prompt_extraction: 0.8,
    mass_action: 0.75,
    markup: 0.85,
    impersonation: 0.7,
  };
  let miss = 1;
  for (const k of kinds) miss *= 1 - weights[k];
  const score = Math.round((1 - miss) * 100) / 100;
  return { flagged: kinds.size > 0, score, kinds: [...kinds], matches };
}
