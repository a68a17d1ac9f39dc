import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../functions/core/sentences.js';
import { itWithKit, readKit } from '../support/eval-kit.js';

const texts = (s: string) => splitSentences(s).map((x) => x.text);

describe('splitSentences', () => {
  it.each([
    {
      name: 'plain',
      input: 'One fish. Two fish! Red fish? Blue fish.',
      out: ['One fish.', 'Two fish!', 'Red fish?', 'Blue fish.'],
    },
    {
      name: 'titles',
      input: 'Dr. Jane Roe met Gov. Alan Poe. They talked.',
      out: ['Dr. Jane Roe met Gov. Alan Poe.', 'They talked.'],
    },
    {
      name: 'months',
      input: 'It happened on Nov. 20 in Nairobi. Few noticed.',
      out: ['It happened on Nov. 20 in Nairobi.', 'Few noticed.'],
    },
    {
      name: 'U.S. mid-sentence',
      input: 'The U.S. Senate voted. It passed.',
      out: ['The U.S. Senate voted.', 'It passed.'],
    },
    {
      name: 'U.S. at the end',
      input: 'He moved to the U.S. The move was hard.',
      out: ['He moved to the U.S.', 'The move was hard.'],
    },
    {
      name: 'initials',
      input: 'J. K. Rowling wrote it. Fans cheered.',
      out: ['J. K. Rowling wrote it.', 'Fans cheered.'],
    },
    {
      name: 'p.m. before a name',
      input: 'The vote is at 5 p.m. Friday in Ottawa. Results follow.',
      out: ['The vote is at 5 p.m. Friday in Ottawa.', 'Results follow.'],
    },
    {
      name: 'a quote that spans sentences stays whole',
      input: '"We will go. We will stay," he said. Then he left.',
      out: ['"We will go. We will stay," he said.', 'Then he left.'],
    },
    {
      name: 'mixed marks: opened with " and closed with ”',
      input: '"No peace here. None at all,” Geng stressed. Others agreed.',
      out: ['"No peace here. None at all,” Geng stressed.', 'Others agreed.'],
    },
    {
      name: 'period inside the closing mark',
      input: 'She said: “We are done.” The room fell silent.',
      out: ['She said: “We are done.”', 'The room fell silent.'],
    },
    {
      name: 'lower case after a full stop',
      input: 'It cost 3.5 million. e.g. not much.',
      out: ['It cost 3.5 million. e.g. not much.'],
    },
    {
      name: 'line breaks end sentences',
      input: 'Headline Here\n\nFirst line without stop\nSecond paragraph.',
      out: ['Headline Here', 'First line without stop', 'Second paragraph.'],
    },
    { name: 'ellipsis', input: 'Wait... What happened?', out: ['Wait...', 'What happened?'] },
    { name: 'empty', input: '   \n\n ', out: [] },
  ])('$name', ({ input, out }) => {
    expect(texts(input)).toEqual(out);
  });

  itWithKit(['fixtures/articles/kenya-haiti-mss.txt'], 'keeps offsets verbatim on the seed article', () => {
    const source = readKit('fixtures/articles/kenya-haiti-mss.txt');
    const sentences = splitSentences(source);
    expect(sentences.length).toBeGreaterThan(20);
    for (const s of sentences) expect(source.slice(s.start, s.end)).toBe(s.text);
    const geng = sentences.find((s) => s.text.includes('Peacekeepers should only'));
    expect(geng?.text.endsWith('Geng stressed.')).toBe(true);
    expect(geng?.text.startsWith('"Peacekeepers')).toBe(true);
  });
});

describe('splitSentences on a German date', () => {
  const texts = (source: string) => splitSentences(source).map((s) => s.text);

  it('keeps a day written as an ordinal inside its sentence', () => {
    expect(texts('Die Preise gelten ab dem 1. Januar 2027 für alle Kunden. Der Rat stimmte zu.')).toEqual([
      'Die Preise gelten ab dem 1. Januar 2027 für alle Kunden.',
      'Der Rat stimmte zu.',
    ]);
    expect(texts('Vom 31. Dezember bis zum 3. März bleibt die Fähre im Hafen.')).toHaveLength(1);
  });

  it('still ends a sentence on a number before a month name English shares', () => {
    expect(texts('The vote passed 7 to 1. April brought the first boats.')).toEqual([
      'The vote passed 7 to 1.',
      'April brought the first boats.',
    ]);
  });
});
