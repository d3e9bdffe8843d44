// Normalisation: folding keeps offsets, repeated letters collapse, typos match by length.
import { describe, expect, it } from 'vitest';
import { analyze, editDistance, fold, fuzzyEquals, simplify } from '../../../agents/local/nlu/normalize.ts';

describe('normalize', () => {
  it('folds accents and case without changing the length', () => {
    for (const t of ['Crée un groupe à Kinshasa', 'Ça va? 👍🏽 Très bien', 'Ijumaa ijayo ✅', '1️⃣ English']) {
      expect(fold(t).length).toBe(t.length);
    }
    expect(fold('Crée RÉGLES où')).toBe('cree regles ou');
  });
  it('collapses repeated letters in tokens', () => {
    expect(simplify('heeelp pleeease')).toBe('help please');
    expect(simplify('asaaante sana')).toBe('asante sana');
  });
  it('maps answer emoji to words and keycaps to digits', () => {
    expect(analyze('👍').emojiWords).toEqual(['yes']);
    expect(analyze('🙏🏾').emojiWords).toEqual(['thanks']);
    expect(analyze('2️⃣').tokens.map((t) => t.text)).toEqual(['2']);
  });
  it('measures Damerau-Levenshtein distance', () => {
    expect(editDistance('hepl', 'help')).toBe(1);
    expect(editDistance('kulipa', 'kulipia')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });
  it('tolerates typos by keyword length', () => {
    expect(fuzzyEquals('recieve', 'receive')).toBe(true);
    expect(fuzzyEquals('contibution', 'contribution')).toBe(true);
    expect(fuzzyEquals('hepl', 'help')).toBe(true);
    expect(fuzzyEquals('pat', 'pay')).toBe(false);
    expect(fuzzyEquals('start', 'stat')).toBe(false);
  });
});
