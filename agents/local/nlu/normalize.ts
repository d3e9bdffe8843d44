// Text normalisation for the offline NLU: length-preserving accent folding (so spans found in the
// folded text point into the original), tokens with repeated letters collapsed, emoji mapped to
// words, and Damerau-Levenshtein fuzzy keyword matching whose tolerance grows with word length.

export type Token = {
  /** folded (lowercase, no accents) text of the token as written */
  text: string;
  /** `text` with runs of 3+ identical letters collapsed to one ("heeelp" → "help") */
  norm: string;
  start: number;
  end: number;
  /** the token is all digits (possibly with separators inside, e.g. "20,000") */
  numeric: boolean;
};

export type Analyzed = {
  original: string;
  /** same length as `original`: lowercase, accents stripped, emoji and punctuation kept in place */
  folded: string;
  tokens: Token[];
  /** words contributed by emoji (👍 → "yes"), matched like ordinary tokens */
  emojiWords: string[];
};

// Emoji that carry an answer. Others are dropped (they never change what a member asked for).
const EMOJI_WORDS: Array<[RegExp, string]> = [
  [/👍|👌|✅|✔️|✔|☑️/u, 'yes'],
  [/👎|❌|✖️|🚫/u, 'no'],
  [/🙏|🤝/u, 'thanks'],
  [/👋/u, 'hi'],
  [/💰|💵|💸|💳/u, 'money'],
];

const KEYCAP_DIGIT = /([0-9])\uFE0F?\u20E3/gu;

/** Replace keycap emoji ("1️⃣") with their digit, padding to keep the length. */
function keycapsToDigits(text: string): string {
  return text.replace(KEYCAP_DIGIT, (m, d: string) => d + ' '.repeat(m.length - 1));
}

/**
 * Lowercase and strip diacritics one UTF-16 unit at a time, so `folded[i]` corresponds to
 * `original[i]`. Characters whose folding would change the length stay as they are (lowercased
 * when that is length-preserving). Curly apostrophes become straight ones; emoji become spaces.
 */
export function fold(text: string): string {
  const src = keycapsToDigits(text);
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
    // surrogate pair (emoji and other astral symbols): blank both halves
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < src.length) {
      out += '  ';
      i++;
      continue;
    }
    const ch = src[i];
    if (ch === '\u2019' || ch === '\u2018' || ch === '`' || ch === '\u00b4') {
      out += "'";
      continue;
    }
    if (ch === '\u00a0' || ch === '\u202f' || ch === '\u2009') {
      out += ' ';
      continue;
    }
    if (code >= 0x2600 && code <= 0x27bf) {
      out += ' '; // dingbats and misc symbols (✅ ✔ ❌ ☑)
      continue;
    }
    if (code === 0xfe0f || code === 0x200d) {
      out += ' ';
      continue;
    }
    const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const lower = stripped.toLowerCase();
    if (lower.length === 1) out += lower;
    else if (ch === 'œ' || ch === 'Œ') out += 'o';
    else if (ch === 'æ' || ch === 'Æ') out += 'a';
    else out += ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  }
  return out;
}

/** "heeelp" → "help", "asaaante" → "asante", "nooo" → "no": runs of 3+ identical letters to one. */
export function collapseRepeats(word: string): string {
  return word.replace(/([a-z])\1{2,}/g, '$1');
}

const TOKEN_RE = /[a-z0-9]+(?:[.,'’-][a-z0-9]+)*/g;

export function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  for (const m of folded.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const start = m.index ?? 0;
    // Split elisions ("l'admin", "j'ai", "qu'il") and hyphenated words into their parts,
    // but keep digit groups ("20,000", "2.5") together.
    if (/^[0-9]+(?:[.,][0-9]+)*$/.test(raw)) {
      tokens.push({ text: raw, norm: raw, start, end: start + raw.length, numeric: true });
      continue;
    }
    let offset = 0;
    for (const part of raw.split(/(?<=[a-z0-9])[.,'’-](?=[a-z0-9])/)) {
      const s = raw.indexOf(part, offset);
      offset = s + part.length;
      if (!part) continue;
      tokens.push({
        text: part,
        norm: collapseRepeats(part),
        start: start + s,
        end: start + s + part.length,
        numeric: /^[0-9]+$/.test(part),
      });
    }
  }
  return tokens;
}

export function emojiWords(text: string): string[] {
  const words: string[] = [];
  for (const [re, word] of EMOJI_WORDS) if (re.test(text)) words.push(word);
  return words;
}

export function analyze(text: string): Analyzed {
  const folded = fold(text);
  return { original: text, folded, tokens: tokenize(folded), emojiWords: emojiWords(text) };
}

/** Folded, collapsed, single-spaced form of a text: handy for keyword tests and lookups. */
export function simplify(text: string): string {
  return tokenize(fold(text))
    .map((t) => t.norm)
    .join(' ');
}

/** Restricted Damerau-Levenshtein (optimal string alignment) distance, stopping early past `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/** Typos tolerated for a keyword of this length: none up to 4 letters (bar a swap), 1 up to 7, 2 beyond. */
export function typoBudget(keywordLength: number): number {
  if (keywordLength <= 4) return 0;
  if (keywordLength <= 7) return 1;
  return 2;
}

/** "hepl" for "help": two neighbouring letters swapped, nothing else. */
function isSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
}

/** Does a token (already folded and collapsed) match a keyword, tolerating typos by length? */
export function fuzzyEquals(token: string, keyword: string): boolean {
  if (token === keyword) return true;
  // collapsing "ll" in "hello" is not done, so compare against the collapsed keyword too
  if (/[0-9]/.test(token) || /[0-9]/.test(keyword)) return false;
  const budget = typoBudget(keyword.length);
  if (budget === 0) return keyword.length === 4 && isSwap(token, keyword);
  // the first letter is rarely mistyped; requiring it cuts false matches sharply
  if (token[0] !== keyword[0]) return false;
  return editDistance(token, keyword, budget) <= budget;
}
