import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { words } from '../../functions/core/compose.js';
import { buildStory, withoutRepeatedQuotes, wordsOfQuote } from '../../functions/core/story.js';
import type { Quote } from '../../functions/core/types.js';

function quote(text: string, start: number, speaker: string | null = 'Ann Lee'): Quote {
  return { text, start, end: start + text.length, speaker, role: null };
}

describe('the quotes chosen for the email, without repeats', () => {
  it('drop a quote whose words a longer chosen quote holds, and the second of two alike', () => {
    const fragment = quote('moving the ferry to Port Ellery,', 10);
    const whole = quote(
      'The council was a great partner, but they are moving the ferry to Port Ellery.',
      200,
    );
    const other = quote('We will run it from the north quay.', 400, 'Tom Reyes');
    const twice = quote('We will run it from the north quay!', 600, 'Tom Reyes');
    expect(withoutRepeatedQuotes([fragment, whole, other, twice])).toEqual([whole, other]);
    // words that only overlap, or a word inside another word, are no repeat
    const near = [quote('the ferry will stay', 10), quote('the ferry will stay here all year', 90)];
    expect(withoutRepeatedQuotes(near)).toEqual([near[1]]);
    const inside = [quote('quay', 10), quote('the quayside was full', 50)];
    expect(withoutRepeatedQuotes(inside)).toEqual(inside);
  });

  it('keep the email from showing a quotation twice when the article prints it twice', () => {
    const source =
      'Queues for bread stretched around three blocks in the northern district of Port Ellery on Saturday, as the city ran short of flour for a second week.\n\n' +
      'City officials said two shipments of grain had been held up at the border since Monday, and that a third was expected by the end of the month.\n\n' +
      'Resident Omar Haddad posted a photograph of the queue on Twitter. "The bakeries are empty and the queues are longer every morning," he wrote.\n\n' +
      'The mayor, Lena Holm, said the council had asked the national government for an emergency delivery. "We cannot wait for the border to open," she said.\n\n' +
      'By the afternoon the post had been shared thousands of times. "The bakeries are empty and the queues are longer every morning," Haddad wrote again later.';
    const story = buildStory(
      { title: null, source, url: null, byline: null, published: null },
      { maxPoints: 2 },
    );
    const bakeries = (qs: readonly Quote[]) => qs.filter((q) => q.text.startsWith('The bakeries are empty'));
    expect(bakeries(story.allQuotes)).toHaveLength(2);
    expect(bakeries(story.quotes)).toHaveLength(1);
    expect(story.quotes.map((q) => q.speaker)).toEqual(['Omar Haddad', 'Lena Holm']);
  });

  it('fill the place of a repeat dropped with the next quote worth showing', () => {
    const source =
      'Port Ellery will lose its ferry to the harbour town across the bay, the operator said on Monday, ending a service that has run for ninety years.\n\n' +
      'In a notice posted at the quay, the operator said: "We are moving the ferry to Cold Harbour because the quay is falling apart."\n\n' +
      'The operator\'s director, Ann Lee, said the decision had been hard. "The council was a great partner for ninety years, and we are moving the ferry to Cold Harbour because the quay is falling apart," she said.\n\n' +
      'Tom Reyes, who runs the cafe on the quay, said trade would suffer. "Half of my customers come off that boat in the morning, and I do not know who will come now," he said.\n\n' +
      'Reyes said the bakery next door had already cut its hours. "The bakery will close before the summer, and the butcher after it," he said.';
    const story = buildStory(
      { title: null, source, url: null, byline: null, published: null },
      { maxPoints: 1, maxQuotes: 3 },
    );
    // the notice's words are inside Ann Lee's quotation: one of the two is shown, and a third quote takes the place
    expect(story.allQuotes.map((q) => q.speaker)).toEqual([
      'the operator',
      'Ann Lee',
      'Tom Reyes',
      'Tom Reyes',
    ]);
    expect(story.quotes.map((q) => q.speaker)).toEqual(['Ann Lee', 'Tom Reyes', 'Tom Reyes']);
    expect(story.quotes.map((q) => q.text)).toContain(
      'The bakery will close before the summer, and the butcher after it,',
    );
  });

  it("read a quote's words as compose.ts words() does, in every script", () => {
    const same = (text: string): void => {
      expect(wordsOfQuote(text)).toBe(` ${words(text).join(' ')} `);
    };
    for (const text of [
      '“We will go,” she said — and went…',
      'Ça coûte 10 000 €, İstanbul’da ŞİMDİ',
      'Москва: «Мы готовы» — 2024',
      '東京で「はい」と言った',
      '',
      '—…“”',
      'ǅemal Łukasz Σοφία ΟΔΟΣ',
    ])
      same(text);
    // pieces from several scripts, punctuation and spaces, as quotes mix them
    const piece = fc.constantFrom(
      'a',
      'Z',
      '9',
      'é',
      'Ş',
      'İ',
      'ß',
      'Я',
      'ж',
      'Σ',
      '東',
      '٣',
      ' ',
      '\n',
      '’',
      '“',
      '—',
      '-',
      '.',
      '\u00a0',
      '\u0301',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (parts) => same(parts.join(''))));
  });
});
