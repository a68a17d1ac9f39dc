import { isStrongFiniteCue, namesSomeone, tokenAt } from '../phrases.js';
import { type Sieve, startsParagraph } from '../sieve.js';
import { isSentenceEnd } from '../tokens.js';
import { headAttribution } from './head.js';

/**
 * A paragraph that is only a quotation, after a paragraph whose last sentence reports the speech of
 * someone named, in a paraphrase with no quotation of its own: news copy then quotes the same
 * person. The speaker is read before the sentence's first speech verb, as the head sieve reads it
 * before a quotation: "Lee said …", "Nathan Bergen, a University of Manitoba student, says …",
 * "At the end of her interview, Lalonde said …".
 */
export const paraphraseBeforeSieve: Sieve = {
  id: 'paraphrase-before',
  description:
    'A quotation paragraph after a paragraph whose last sentence reports what someone named said (`Name, a …, said …`, a paraphrase).',
  run(context, { span: q, index: i }) {
    const { source, tokens, spans } = context;
    if (!startsParagraph(source, q) || q.paraStart < 2) return null;
    let e = q.paraStart - 1;
    while (e > 0 && /\s/u.test(source[e]!)) e--;
    let ps = e;
    while (ps > 0 && source[ps - 1] !== '\n') ps--;
    const prev = spans[i - 1];
    if (prev && prev.close >= ps) return null;
    const from = tokenAt(tokens, ps);
    const to = tokenAt(tokens, e + 1);
    if (to <= from) return null;
    // the last sentence's start: after the last sentence end before the paragraph's last token
    let k = to - 1;
    while (k > from && !isSentenceEnd(tokens[k - 1]!)) k--;
    const sentenceStart = tokens[k]!.start;
    // the sentence's first speech verb in a finite form, not a weak one ("added", "wrote")
    while (k < to && !isStrongFiniteCue(tokens[k])) k++;
    if (k >= to) return null;
    const found = headAttribution(context, tokens[k]!.end, q.single, sentenceStart);
    return found && namesSomeone(found.phrase) ? found : null;
  },
};
