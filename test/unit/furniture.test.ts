import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findFurniture,
  isBoilerplateLine,
  isCreditLine,
  isFurnitureLine,
  isSeparatorLine,
  overlapsFurniture,
} from '../../functions/core/furniture.js';
import type { Span } from '../../functions/core/types.js';
import { describeWithKit, readKit } from '../support/eval-kit.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url), 'utf8');

/** Every occurrence of `needle` in `source`, as spans. */
function occurrences(source: string, needle: string): Span[] {
  const out: Span[] = [];
  for (let at = source.indexOf(needle); at >= 0; at = source.indexOf(needle, at + 1)) {
    out.push({ start: at, end: at + needle.length });
  }
  return out;
}

function covered(spans: Span[], span: Span): boolean {
  return spans.some((f) => f.start <= span.start && span.end <= f.end);
}

function furnitureTexts(source: string): string[] {
  return findFurniture(source).map((s) => source.slice(s.start, s.end).trim());
}

describe('line classifiers', () => {
  it.each([
    { line: '• . . .', separator: true },
    { line: '  • . . .', separator: true },
    { line: '***', separator: true },
    { line: '* * *', separator: true },
    { line: '---', separator: true },
    { line: '———', separator: true },
    { line: '-', separator: false },
    { line: 'Kenya will remain in charge.', separator: false },
  ])('isSeparatorLine($line) = $separator', ({ line, separator }) => {
    expect(isSeparatorLine(line)).toBe(separator);
  });

  it.each([
    { line: 'Photo', credit: true },
    { line: 'PCS', credit: false }, // an unknown acronym alone: only a credit next to a caption
    { line: 'Getty Images', credit: true },
    { line: 'AFP', credit: true },
    { line: 'Reuters/Jane Doe', credit: true },
    { line: 'Jane Doe/Reuters', credit: true },
    { line: 'Photograph: Marta Cruz/Reuters', credit: true },
    { line: 'Credit: Handout', credit: true },
    { line: 'From Bloomberg:', credit: false },
    { line: 'Photo by John Smith', credit: true },
    { line: 'AFP via Getty Images', credit: true },
    { line: '© Coastal Courier 2026', credit: true },
    { line: 'Reuters reported that talks had stalled on Tuesday.', credit: false },
    { line: 'The AP count showed the governor ahead by a wide margin.', credit: false },
    {
      line: 'Photos of the damage spread quickly on social media, and officials were asked why.',
      credit: false,
    },
  ])('isCreditLine($line) = $credit', ({ line, credit }) => {
    expect(isCreditLine(line)).toBe(credit);
  });

  it.each([
    { line: 'Share this article', out: true },
    { line: 'Share on Facebook', out: true },
    { line: 'Subscribe to our newsletter', out: true },
    { line: 'Sign up for our Morning Briefing newsletter', out: true },
    { line: 'Click here to read the full report', out: true },
    { line: 'Advertisement', out: true },
    { line: 'ADVERTISEMENT', out: true },
    { line: 'Read more: How the fire season got longer', out: true },
    { line: 'Related: Ministers urge talks', out: true },
    { line: 'We use cookies to give you the best experience.', out: true },
    { line: 'Story continues below advertisement', out: true },
    { line: '1.', out: true },
    { line: 'of.', out: true },
    { line: 'Image 3 of 12', out: true },
    { line: '1. The council approved the plan.', out: false },
    { line: 'The company said it would share the cost with the council.', out: false },
    { line: 'Readers of the report said it was thorough.', out: false },
    { line: 'Subscribers will pay 3% more from January, the company said.', out: false },
  ])('isBoilerplateLine($line) = $out', ({ line, out }) => {
    expect(isBoilerplateLine(line)).toBe(out);
  });

  it('isFurnitureLine combines the single-line rules', () => {
    expect(isFurnitureLine('Getty Images')).toBe(true);
    expect(isFurnitureLine('***')).toBe(true);
    expect(isFurnitureLine('Advertisement')).toBe(true);
    expect(isFurnitureLine('The council met on Tuesday.')).toBe(false);
  });
});

const SEED = 'fixtures/articles/kenya-haiti-mss.txt';
const SEED_REFERENCE = 'fixtures/articles/kenya-haiti-mss.expected.json';

describeWithKit([SEED, SEED_REFERENCE], 'findFurniture on the seed article', () => {
  const source = readKit(SEED);
  const expected = JSON.parse(readKit(SEED_REFERENCE)) as {
    title: string;
    noise: string[];
    quotes: Array<{ text: string }>;
  };
  const spans = findFurniture(source);

  it('returns whole lines with offsets into the source, sorted', () => {
    for (const s of spans) {
      expect(s.start === 0 || source[s.start - 1] === '\n').toBe(true);
      expect(s.end === source.length || source[s.end] === '\n' || source[s.end] === '\r').toBe(true);
    }
    expect([...spans].sort((a, b) => a.start - b.start)).toEqual(spans);
  });

  it.each(expected.noise.map((line) => ({ line })))(
    'covers every occurrence of noise line "$line"',
    ({ line }) => {
      const found = occurrences(source, line);
      expect(found.length).toBeGreaterThan(0);
      for (const o of found) expect(covered(spans, o)).toBe(true);
    },
  );

  it('covers the near-duplicate copy of a caption too', () => {
    const copy =
      'A photo collage of US President Joe Bide (left), Kenyan President William Ruto ( centre ) and China President Xi Jinping';
    for (const o of occurrences(source, copy)) expect(covered(spans, o)).toBe(true);
  });

  it('covers the title line', () => {
    expect(covered(spans, { start: 0, end: expected.title.length })).toBe(true);
  });

  it.each(expected.quotes.map((q) => ({ text: q.text })))(
    'leaves the quote "$text" untouched',
    ({ text }) => {
      const found = occurrences(source, text);
      expect(found.length).toBeGreaterThan(0);
      for (const o of found) expect(overlapsFurniture(spans, o)).toBe(false);
    },
  );

  it('leaves every body paragraph untouched', () => {
    const noise = new Set(expected.noise.map((l) => l.trim()));
    const furniture = new Set(furnitureTexts(source));
    const body = source
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.split(/\s+/).length >= 15 && !noise.has(l) && !l.startsWith('A photo collage'));
    expect(body.length).toBeGreaterThanOrEqual(14);
    for (const line of body) expect(furniture.has(line)).toBe(false);
  });
});

describe('findFurniture on our own articles', () => {
  it.each([
    {
      file: 'page-furniture.txt',
      furniture: [
        'Wildfire forces evacuation of hill villages as winds strengthen',
        'By Daniel Reyes',
        'Updated November 21, 2026 6:40 am PST',
        'Firefighters walk past a burned-out car on the edge of San Miguel de Arriba on Thursday',
        'Getty Images',
        'Share this article',
        'Advertisement',
        'An air tanker drops retardant over the ridge above the villages.',
        'Photograph: Marta Cruz/Reuters',
        '* * *',
        'Read more: How the fire season got longer',
        'We use cookies to give you the best experience. By continuing you agree to our cookie policy.',
        'Sign up for our Morning Briefing newsletter',
      ],
    },
    {
      file: 'no-quotes.txt',
      furniture: [
        'Regional rail timetable to change from December as line upgrade finishes',
        'By Priya Nandakumar',
        'November 22, 2026',
      ],
    },
    {
      file: 'single-quotes.txt',
      furniture: [
        "Lighthouse keepers' cottages to become museum after village vote",
        'By Tom Aldridge, Arts reporter',
        'Published 18 November 2026',
      ],
    },
    {
      file: 'multi-paragraph-quote.txt',
      furniture: [
        'Flood defences held, but river town counts the cost of wettest November on record',
        'By Sarah Okonjo',
        'Nov. 27, 2026',
      ],
    },
    {
      file: 'french-article.txt',
      furniture: [
        'Grève des contrôleurs aériens : des centaines de vols annulés à Lyon et Marseille',
        'Par Camille Ferrand',
        'Publié le 25 novembre 2026',
      ],
    },
  ])('$file: exactly the furniture lines, no prose', ({ file, furniture }) => {
    const source = fixture(file);
    const found = furnitureTexts(source);
    expect(new Set(found)).toEqual(new Set(furniture));
  });

  it.each([
    {
      name: 'caption printed twice with a blank line between',
      input:
        'Body sentence one is here.\n\nCrowds gather at the gate\n\nCrowds gather at the gate\n\nBody sentence two.',
      furniture: ['Crowds gather at the gate', 'Crowds gather at the gate'],
    },
    {
      name: 'caption with a position marker and a bare outlet name',
      input:
        'The talks resumed on Monday after a week of silence between the two delegations.\n\n' +
        'Minister Ana Lopes (right) shakes hands with union leader Tom Birch\nHarbour Times\n\n' +
        'Both sides said they hoped for a deal by Friday, though neither would say what it would contain.',
      furniture: ['Minister Ana Lopes (right) shakes hands with union leader Tom Birch', 'Harbour Times'],
    },
    {
      name: 'paragraphs on single lines: no false captions',
      input:
        'The talks resumed on Monday after a week of silence between the two delegations.\n' +
        'Both sides said they hoped for a deal by Friday, though neither would say what it would contain.\n' +
        '"We are close," said the mediator, who asked not to be named because the talks are private.\n',
      furniture: [],
    },
    {
      name: 'a long paragraph printed twice: only the second copy',
      input:
        'Intro line that is prose and ends here.\n\n' +
        `${'The new survey of voters in every region revealed a wide range of views on transport, housing and the cost of living, with support for the plan strongest among younger residents who rent and weakest among retired homeowners in the outer suburbs of the city.'}\n\n` +
        `${'The new survey of voters in every region revealed a wide range of views on transport, housing and the cost of living, with support for the plan strongest among younger residents who rent and weakest among retired home owners in the outer suburbs of the city.'}\n\n` +
        'Closing sentence of the article is here.',
      furniture: [
        'The new survey of voters in every region revealed a wide range of views on transport, housing and the cost of living, with support for the plan strongest among younger residents who rent and weakest among retired home owners in the outer suburbs of the city.',
      ],
    },
    {
      name: 'a question and its answer in the same words are turns, not a caption printed twice',
      input:
        'Kraemer asked the detective what investigators found on the body.\n\n“His phone and his keys,” he said.\n\n' +
        '“No weapon of any kind?”\n\n“No weapon of any kind.”\n\nThe jury deliberated for five hours.',
      furniture: [],
    },
    {
      name: 'a quoted line printed twice alike is still a caption',
      input:
        'Body sentence one is here.\n\n“We will rebuild this town”\n\n“We will rebuild this town”\n\nBody sentence two.',
      furniture: ['“We will rebuild this town”', '“We will rebuild this town”'],
    },
    {
      name: 'a short quoted line is not a credit',
      input:
        'Residents were asked how they felt about the move.\n"Delighted"\nsaid one of them after the meeting.',
      furniture: [],
    },
    {
      name: 'bullet list items are prose',
      input:
        'The plan includes three measures that the council approved on Monday evening.\n\n' +
        '• a new bus lane on Mill Street from the station to the hospital\n' +
        '• free parking on Sundays in the three council car parks\n\n' +
        'The measures take effect in January, the council said in a statement on Tuesday.',
      furniture: [],
    },
  ])('$name', ({ input, furniture }) => {
    expect(furnitureTexts(input)).toEqual(furniture);
  });

  it('can leave the header alone (jsonl batch)', () => {
    const source = fixture('no-quotes.txt');
    const spans = findFurniture(source, { header: false });
    expect(spans).toEqual([]);
  });

  it('takes a known title instead of guessing one from the first line', () => {
    const source =
      'Union accepts a 6.5% rise after a nine-day walkout\n\nDock workers returned on Wednesday.';
    const first = { start: 0, end: source.indexOf('\n') };
    expect(findFurniture(source)).toEqual([first]);
    expect(findFurniture(source, { title: null })).toEqual([]);
    expect(findFurniture(source, { title: 'Dock strike ends' })).toEqual([]);
    expect(findFurniture(source, { title: 'Union accepts a 6.5% rise after a nine-day walkout' })).toEqual([
      first,
    ]);
  });

  it('marks lines equal to a known title or byline', () => {
    const source =
      'Some intro sentence goes right here.\n\nHarbour strike ends\n\nBy Jane Doe\n\nBody text follows.';
    const found = findFurniture(source, { title: 'Harbour strike ends', byline: 'Jane Doe' }).map((s) =>
      source.slice(s.start, s.end),
    );
    expect(found).toEqual(['Harbour strike ends', 'By Jane Doe']);
  });

  it('returns sorted, disjoint, whole-line spans for any text', () => {
    const line = fc.oneof(
      fc.constantFrom(
        '',
        '  ',
        'Photo',
        'PCS',
        '• . . .',
        'Getty Images',
        'Share this article',
        'By Jane Doe',
      ),
      fc.constantFrom('A caption of some people standing (left) near a car', 'The council met on Tuesday.'),
      fc.string({ maxLength: 60 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const source = lines.join(eol);
        const spans = findFurniture(source);
        let last = -1;
        for (const s of spans) {
          expect(s.start).toBeGreaterThan(last);
          expect(s.end).toBeGreaterThanOrEqual(s.start);
          expect(s.start === 0 || source[s.start - 1] === '\n' || source[s.start - 1] === '\r').toBe(true);
          expect(s.end === source.length || source[s.end] === '\n' || source[s.end] === '\r').toBe(true);
          last = s.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});
