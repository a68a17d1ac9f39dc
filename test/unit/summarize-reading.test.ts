// Key points that stand on their own and do not repeat each other: the reading rules sentence by
// sentence, the redundancy check, and both at work inside summarize() and buildStory() on our own articles.
import { describe, expect, it } from 'vitest';
import { readKeyPoint } from '../../functions/core/key-point-reading.js';
import { comparable, nearRepeat, nearRepeatPairs } from '../../functions/core/redundancy.js';
import { splitSentences } from '../../functions/core/sentences.js';
import { buildStory, quotesBesides } from '../../functions/core/story.js';
import { summarize } from '../../functions/core/summarize.js';
import type { Quote } from '../../functions/core/types.js';

const BEFORE = ['Jane Doe, 45, has run the harbour shop for twenty years.'];

describe('readKeyPoint: what the email shows for one sentence', () => {
  it.each([
    ['But the council said the plan would go ahead.', 'The council said the plan would go ahead.'],
    ['And the ferry will keep running until June.', 'The ferry will keep running until June.'],
    ['However, the vote was postponed until next week.', 'The vote was postponed until next week.'],
    [
      'Meanwhile, fishermen moved their boats to the north pier.',
      'Fishermen moved their boats to the north pier.',
    ],
    ['Also on Friday the mayor opened the new bridge.', 'On Friday the mayor opened the new bridge.'],
    ['In addition, two schools will close early.', 'Two schools will close early.'],
    [
      'This comes after a proposal to sell the pier was rejected by the council.',
      '[A] proposal to sell the pier was rejected by the council.',
    ],
    ['She has been living on the island since 1990.', '[Jane Doe] has been living on the island since 1990.'],
    ['Her shop was flooded twice last winter.', '[Jane Doe’s] shop was flooded twice last winter.'],
    ['But she said the shop would reopen in May.', '[Jane Doe] said the shop would reopen in May.'],
    ['The council will vote on the plan next Thursday.', 'The council will vote on the plan next Thursday.'],
    ['It is not clear whether the ferry will return.', 'It is not clear whether the ferry will return.'],
    ['This week the council published its budget.', 'This week the council published its budget.'],
    ['So far nobody has been hurt in the storm.', 'So far nobody has been hurt in the storm.'],
    ['But [Okonjo] said the plan would fail.', '[Okonjo] said the plan would fail.'],
  ])('%j → %j', (text, shown) => {
    expect(readKeyPoint(text, BEFORE)?.shown).toBe(shown);
  });

  it.each([
    'It was the third time this year.',
    'This is the second time the two countries have opposed the plan.',
    'They were taken to hospital with minor injuries.',
    'These figures were higher than expected by the council.',
    'This comes after months of talks.',
    'But it was not enough to save the ferry.',
    'Or so says the harbour master, who has worked there for thirty years.',
    'They were set to learn their fate by the end of February.',
    '"He\'s the one who told me about the ferry," she said.',
  ])('%j cannot stand on its own', (text) => {
    expect(readKeyPoint(text, BEFORE)).toBeNull();
  });

  it('does not choose a leading "She" when nobody is named before it', () => {
    expect(
      readKeyPoint('She has been living on the island since 1990.', ['The storm hit the coast.']),
    ).toBeNull();
  });

  it('takes the name without the word before it ("Now Riddick Bowe" → "Riddick Bowe")', () => {
    expect(
      readKeyPoint('His offer was turned down.', ['Now Riddick Bowe says he will box again.'])?.shown,
    ).toBe('[Riddick Bowe’s] offer was turned down.');
  });
});

describe('nearRepeat: two texts that share their main fact', () => {
  it.each([
    ['Jo Lee, 27, is in the US on a student visa.', 'Jo Lee, 27, was arrested on Friday in Denver.', true],
    [
      'The council voted to close the harbour ferry in June.',
      'In June the harbour ferry will close after a council vote.',
      true,
    ],
    [
      'The council voted to close the harbour ferry in June.',
      'Islanders collected 12,000 signatures against the decision.',
      false,
    ],
    ['The storm cut power to 20,000 homes.', 'The storm closed three schools in the valley.', false],
  ])('%j / %j → %s', (a, b, want) => {
    expect(nearRepeat(comparable(a), comparable(b))).toBe(want);
  });

  it('lists the repeated pairs of a list of key points', () => {
    expect(
      nearRepeatPairs([
        'The council voted to close the harbour ferry in June.',
        'The shipyard employs 1,100 people on the island.',
        'In June the harbour ferry will close after a council vote.',
      ]),
    ).toEqual([[0, 2]]);
  });
});

// Our own article: a lead that the next sentences repeat or point back to.
const PIER = [
  'The town council of Port Alder voted on Tuesday to close the harbour ferry in June.',
  'The council voted to close the harbour ferry in June because the subsidy ended.',
  'This comes after months of talks.',
  'But the shipyard, which employs 1,100 people on the island, warned that staff might have to move.',
  'It was the second such warning this year.',
  'Islanders have collected 12,000 signatures against the closure since the weekend.',
  'A replacement bus route over the causeway would add 40 minutes to each journey.',
  'They will present the petition to the council at its next meeting on Thursday.',
].join(' ');

describe('summarize: self-contained, non-repeating key points', () => {
  const points = summarize({ source: PIER, title: null, sentences: splitSentences(PIER) });

  it('keeps text verbatim at its offsets and puts the edit in shown', () => {
    for (const p of points) expect(PIER.slice(p.start, p.end)).toBe(p.text);
    const shipyard = points.find((p) => p.text.startsWith('But the shipyard'));
    expect(shipyard?.shown).toBe(
      'The shipyard, which employs 1,100 people on the island, warned that staff might have to move.',
    );
  });

  it('chooses no pointing sentence and no repeat of the lead', () => {
    const shown = points.map((p) => p.shown ?? p.text);
    expect(shown.length).toBe(3);
    for (const s of shown) expect(s).not.toMatch(/^(?:This|It|They|But)\b/);
    expect(nearRepeatPairs(shown)).toEqual([]);
  });
});

describe('buildStory: a quote that says what a key point says gives way', () => {
  const quote = (text: string, start: number): Quote => ({
    text,
    start,
    end: start + text.length,
    speaker: 'Jane Doe',
    role: null,
  });

  it('drops quotes inside a key point or repeating one, and keeps the others', () => {
    const keyPoints = [{ text: 'The council voted to close the harbour ferry in June.', start: 0, end: 53 }];
    const inside = quote('close the harbour ferry', 22);
    const repeat = quote('The council has voted to close our harbour ferry in June', 100);
    const other = quote('We will fight this decision in every court we can find', 200);
    expect(quotesBesides([inside, repeat, other], keyPoints)).toEqual([other]);
  });

  it('shows no quote that repeats a key point of the story', () => {
    const source = [
      'Port Alder Ferry To Close',
      '',
      `${PIER} "The council voted to close the harbour ferry in June," said Jane Doe, the council leader. "We will fight this in every court we can find," said Tom Reed, who runs the shipyard union.`,
    ].join('\n');
    const story = buildStory({ title: null, source, url: null, byline: null, published: null });
    const points = story.keyPoints.map((k) => comparable(k.shown ?? k.text));
    for (const q of story.quotes)
      for (const p of points) expect(nearRepeat(comparable(q.text), p)).toBe(false);
  });
});
