import { describe, expect, it } from 'vitest';
import {
  type GoldQuote,
  goldNames,
  isVerifiable,
  namesMatch,
  normaliseName,
  predictedSpan,
  scoreArticle,
  speakerCorrect,
  summarise,
  wilson,
} from '../../scripts/quote-scorer.js';

// A small article of our own with hand-made gold quotes (offsets computed from the text).
const SOURCE =
  '“We will open the bridge in May,” said Mayor Ana Ruiz. Critics called it “a fantasy.” ' +
  'He said the budget was “tight but fine” for now. “Nobody asked us,” he said.';

function gold(
  text: string,
  speaker: string | null,
  kind: GoldQuote['kind'],
  resolved: string | null = null,
): GoldQuote {
  const start = SOURCE.indexOf(text);
  if (start < 0) throw new Error(`not in source: ${text}`);
  return { start, end: start + text.length, text, speaker, speakerResolved: resolved, kind };
}

const G1 = gold('“We will open the bridge in May,”', 'Mayor Ana Ruiz', 'direct');
const G2 = gold('“a fantasy.”', 'Critics', 'direct');
const G3 = gold('the budget was “tight but fine” for now', 'He', 'mixed');
const G4 = gold('“Nobody asked us,”', 'he', 'direct');
const GOLD = [G1, G2, G3, G4];

function pred(text: string, speaker: string | null) {
  const start = SOURCE.indexOf(text);
  return { text, start, end: start + text.length, speaker };
}

describe('name normalisation and matching', () => {
  it.each([
    { input: 'Mr. Trump', out: 'trump' },
    { input: 'Sen. Ted Cruz', out: 'ted cruz' },
    { input: 'President Obama', out: 'obama' },
    { input: 'Hillary Clinton’s', out: 'hillary clinton' },
    { input: 'François Hollande', out: 'francois hollande' },
    { input: 'the ad’s narrator', out: 'the ad narrator' },
  ])('normalises $input', ({ input, out }) => {
    expect(normaliseName(input)).toBe(out);
  });

  it.each([
    { p: 'Clinton', g: 'Hillary Clinton', out: true },
    { p: 'Hillary Clinton', g: 'Clinton', out: true },
    { p: 'Hillary', g: 'Hillary Clinton', out: false },
    { p: 'Bill Clinton', g: 'Hillary Clinton', out: false },
    { p: 'he', g: 'he', out: false },
    { p: 'announcer', g: 'the announcer', out: true },
  ])('$p vs $g', ({ p, g, out }) => {
    expect(namesMatch(p, g)).toBe(out);
  });

  it('takes capitalised runs inside the gold speaker as names', () => {
    const g = { speaker: 'White House press secretary Josh Earnest', speakerResolved: null };
    expect(goldNames(g)).toContain('josh earnest');
    expect(speakerCorrect('Josh Earnest', g)).toBe(true);
    expect(speakerCorrect('Earnest', g)).toBe(true);
    expect(speakerCorrect('Josh', g)).toBe(false);
  });

  it('treats pronoun and missing speakers as unverifiable, a resolved one as verifiable', () => {
    expect(isVerifiable({ speaker: 'she', speakerResolved: null })).toBe(false);
    expect(isVerifiable({ speaker: null, speakerResolved: null })).toBe(false);
    expect(isVerifiable({ speaker: 'she', speakerResolved: 'Ana Ruiz' })).toBe(true);
    expect(speakerCorrect('Ana Ruiz', { speaker: 'she', speakerResolved: 'Ana Ruiz' })).toBe(true);
  });
});

describe('predicted spans', () => {
  it('uses valid offsets, else the first exact occurrence of the text', () => {
    const f = SOURCE.indexOf('a fantasy.');
    expect(predictedSpan(SOURCE, { text: 'a fantasy.', start: f, end: f + 10, speaker: null })).toEqual({
      start: f,
      end: f + 10,
    });
    const at = SOURCE.indexOf('Nobody asked us,');
    expect(predictedSpan(SOURCE, { text: 'Nobody asked us,', start: 0, end: 3, speaker: null })).toEqual({
      start: at,
      end: at + 16,
    });
    expect(predictedSpan(SOURCE, { text: 'not there', speaker: null })).toBeNull();
  });
});

describe('scoreArticle', () => {
  it('scores a perfect prediction without quote marks as all right at 0.3 and 0.8', () => {
    const p = [
      pred('We will open the bridge in May,', 'Ana Ruiz'),
      pred('a fantasy.', 'critics'),
      pred('Nobody asked us,', 'Ana Ruiz'),
    ];
    for (const th of [0.3, 0.8]) {
      const c = scoreArticle(SOURCE, GOLD, p, th);
      expect(c).toMatchObject({ tp: 3, fp: 0, fn: 0, neutral: 0 });
      // G4's gold speaker is a pronoun: unverifiable, left out of speaker accuracy and end-to-end.
      expect(c).toMatchObject({ verifiable: 2, speakerCorrect: 2, e2eTp: 2, e2ePred: 2, e2eGold: 2 });
    }
  });

  it('needs the overlap threshold: a short piece matches at 0.3, not at 0.8', () => {
    const p = [pred('We will open', 'Ana Ruiz')];
    expect(scoreArticle(SOURCE, GOLD, p, 0.3).tp).toBe(1);
    const strict = scoreArticle(SOURCE, GOLD, p, 0.8);
    expect(strict).toMatchObject({ tp: 0, fp: 1, fn: 3 });
  });

  it('matches one to one, greedily by overlap', () => {
    const p = [pred('We will open the bridge', null), pred('We will open the bridge in May,', null)];
    const c = scoreArticle(SOURCE, GOLD, p, 0.3);
    expect(c).toMatchObject({ tp: 1, fp: 1, fn: 2 });
  });

  it('is neutral on a prediction inside a mixed quote in direct mode, counts it in direct+mixed', () => {
    const p = [pred('tight but fine', 'He')];
    expect(scoreArticle(SOURCE, GOLD, p, 0.3, 'direct')).toMatchObject({ tp: 0, fp: 0, neutral: 1, fn: 3 });
    expect(scoreArticle(SOURCE, GOLD, p, 0.3, 'direct+mixed')).toMatchObject({
      tp: 1,
      fp: 0,
      neutral: 0,
      fn: 3,
    });
  });

  it('counts a wrong speaker against speaker accuracy and end-to-end only', () => {
    const p = [pred('We will open the bridge in May,', 'Critics'), pred('a fantasy.', null)];
    const s = summarise(scoreArticle(SOURCE, GOLD, p, 0.3));
    expect(s.precision).toBe(1);
    expect(s.speakerAccuracy).toBe(0);
    expect(s.e2eF1).toBe(0);
  });

  it('counts indirect gold quotes never', () => {
    const indirect = gold('He said the budget was', 'He', 'indirect');
    const c = scoreArticle(SOURCE, [indirect], [pred('He said the budget', null)], 0.3);
    expect(c).toMatchObject({ tp: 0, fp: 1, fn: 0 });
  });
});

describe('wilson', () => {
  it('gives the 95% score interval of a proportion, inside [0, 100] even at the extremes', () => {
    const [lo, hi] = wilson(53, 60);
    expect(lo).toBeCloseTo(77.82, 2);
    expect(hi).toBeCloseTo(94.23, 2);
    const [allLo, allHi] = wilson(47, 47);
    expect(allHi).toBeCloseTo(100, 6);
    expect(allLo).toBeCloseTo(92.44, 2);
    expect(wilson(0, 0).every(Number.isNaN)).toBe(true);
  });
});
