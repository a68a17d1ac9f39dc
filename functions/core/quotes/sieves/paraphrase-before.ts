import { AUX_WORDS, NON_NAME_CAPS, PRONOUNS, WEAK_CUES } from '../lexicon.js';
import { isCue, isFiniteCue, tokenAt } from '../phrases.js';
import { type Sieve, startsParagraph } from '../sieve.js';
import { isSentenceEnd, type Token } from '../tokens.js';

/**
 * A paragraph that is only a quotation, after a paragraph whose last sentence opens with
 * "Name said …" (a paraphrase, no quotation of its own): news copy then quotes the same person.
 */
export const paraphraseBeforeSieve: Sieve = {
  id: 'paraphrase-before',
  description:
    'A quotation paragraph after a paragraph whose last sentence opens `Name said …` (a paraphrase).',
  run({ source, tokens, spans }, { span: q, index: i }) {
    if (!startsParagraph(source, q) || q.paraStart < 2) return null;
    let e = q.paraStart - 1;
    while (e > 0 && /\s/u.test(source[e]!)) e--;
    let ps = e;
    while (ps > 0 && source[ps - 1] !== '\n') ps--;
    const prev = spans[i - 1];
    if (prev && prev.close >= ps) return null;
    const from = tokenAt(tokens, ps);
    const to = tokenAt(tokens, e + 1);
    let k = from;
    for (let m = to - 2; m >= from; m--) {
      if (isSentenceEnd(tokens[m]!)) {
        k = m + 1;
        break;
      }
    }
    const run = subjectAt(tokens, k, to);
    if (!run) return null;
    k += run.length;
    while (k < to && tokens[k]!.word && AUX_WORDS.has(tokens[k]!.lower) && !tokens[k]!.cap) k++;
    const cue = tokens[k];
    if (!cue || k >= to || !isCue(cue) || WEAK_CUES.has(cue.lower) || !isFiniteCue(cue.lower)) return null;
    return { phrase: run, role: null };
  },
};

/** A third-person pronoun or a run of up to five capitalised words opening the sentence. */
function subjectAt(tokens: readonly Token[], k: number, to: number): Token[] | null {
  const first = tokens[k];
  if (first?.word && !first.cap && PRONOUNS.has(first.lower) && PRONOUNS.get(first.lower) !== 'i')
    return [first];
  const run: Token[] = [];
  while (k < to && run.length < 5 && tokens[k]!.word && tokens[k]!.cap) run.push(tokens[k++]!);
  return run.length === 0 || NON_NAME_CAPS.has(run[0]!.lower) ? null : run;
}
