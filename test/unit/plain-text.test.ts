import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  articleFromPlainText,
  looksLikeTitle,
  parseByline,
  parseDateLine,
  splitLines,
} from '../../functions/core/plain-text.js';
import { itWithKit, readKit } from '../support/eval-kit.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/articles/${name}`, import.meta.url), 'utf8');

describe('articleFromPlainText', () => {
  it.each([
    {
      name: 'headline, blank line, body',
      input: 'Harbour strike ends\n\nDock workers returned to work on Wednesday.\n',
      title: 'Harbour strike ends',
    },
    {
      name: 'first line is a sentence with a full stop',
      input: 'Dock workers returned to work on Wednesday.\n\nThe union agreed.\n',
      title: null,
    },
    {
      name: 'one line only: nothing to head',
      input: 'Dock workers returned to work on Wednesday',
      title: null,
    },
    {
      name: 'leading blank lines and spaces',
      input: '\n\n  Ministers urge talks as ships queue  \nThe port has been closed for nine days.\n',
      title: 'Ministers urge talks as ships queue',
    },
    {
      name: 'question headline',
      input: 'Who pays for the flood barriers?\n\nThe council says the bill is not yet known.',
      title: 'Who pays for the flood barriers?',
    },
    {
      name: 'too long to be a headline',
      input: `${'word '.repeat(30).trim()}\n\nBody.`,
      title: null,
    },
    {
      name: 'ends with a quote and full stop',
      input: 'He said "we will go."\n\nMore text here.',
      title: null,
    },
    {
      name: 'CRLF line breaks',
      input: 'Rail timetable to change\r\n\r\nPassengers will see more trains.\r\n',
      title: 'Rail timetable to change',
    },
    {
      name: 'byline first is not a title',
      input: 'By Jane Doe\n\nPassengers will see more trains from December.',
      title: null,
    },
  ])('$name', ({ input, title }) => {
    const article = articleFromPlainText(input);
    expect(article.title).toBe(title);
    expect(article.source).toBe(input);
    expect(article.url).toBeNull();
  });

  it.each([
    {
      file: 'no-quotes.txt',
      title: 'Regional rail timetable to change from December as line upgrade finishes',
      byline: 'Priya Nandakumar',
      published: 'November 22, 2026',
    },
    {
      file: 'single-quotes.txt',
      title: "Lighthouse keepers' cottages to become museum after village vote",
      byline: 'Tom Aldridge',
      published: '18 November 2026',
    },
    { file: 'multi-paragraph-quote.txt', byline: 'Sarah Okonjo', published: 'Nov. 27, 2026' },
    {
      file: 'french-article.txt',
      title: 'Grève des contrôleurs aériens : des centaines de vols annulés à Lyon et Marseille',
      byline: 'Camille Ferrand',
      published: '25 novembre 2026',
    },
  ])('reads the header of $file', ({ file, title, byline, published }) => {
    const raw = fixture(file);
    const article = articleFromPlainText(raw);
    if (title) expect(article.title).toBe(title);
    else expect(article.title).not.toBeNull();
    expect(article.byline).toBe(byline);
    expect(article.published).toBe(published);
    expect(article.source).toBe(raw);
  });

  itWithKit(
    ['fixtures/articles/kenya-haiti-mss.txt'],
    'keeps the seed article exactly and finds its title',
    () => {
      const raw = readKit('fixtures/articles/kenya-haiti-mss.txt');
      const article = articleFromPlainText(raw);
      expect(article.source).toBe(raw);
      expect(article.title).toBe(
        'Kenya to Continue Leading Haiti Mission as China and Russia Oppose Proposed Changes',
      );
      expect(article.byline).toBeNull();
      expect(article.published).toBeNull();
    },
  );
});

describe('header lines', () => {
  it.each([
    { input: 'Kenya to Continue Leading Haiti Mission', out: true },
    { input: 'Storm warning issued...', out: true },
    { input: 'The mission continues.', out: false },
    { input: 'As the minister said:', out: false },
    { input: '• . . .', out: false },
    { input: '', out: false },
  ])('looksLikeTitle($input) = $out', ({ input, out }) => {
    expect(looksLikeTitle(input)).toBe(out);
  });

  it.each([
    { input: 'By Jane Doe', out: 'Jane Doe' },
    { input: 'by Jane Doe and John Roe', out: 'Jane Doe and John Roe' },
    { input: 'By Tom Aldridge, Arts reporter', out: 'Tom Aldridge' },
    { input: 'By Jane Doe | Nov. 20, 2024', out: 'Jane Doe' },
    { input: 'Par Camille Ferrand', out: 'Camille Ferrand' },
    { input: 'Von Jonas Wehrle', out: 'Jonas Wehrle' },
    { input: 'By the end of the week the port had reopened.', out: null },
    { input: 'By Wednesday, talks had resumed between both sides', out: null },
  ])('parseByline($input) = $out', ({ input, out }) => {
    expect(parseByline(input)).toBe(out);
  });

  it.each([
    { input: 'November 22, 2026', out: 'November 22, 2026' },
    { input: 'Published 18 November 2026', out: '18 November 2026' },
    { input: 'Updated: Nov. 20, 2024 10:15 am EST', out: 'Nov. 20, 2024 10:15 am EST' },
    { input: '2024-11-20T10:00:00Z', out: '2024-11-20T10:00:00Z' },
    { input: 'Publié le 25 novembre 2026', out: '25 novembre 2026' },
    {
      input: 'Mis à jour le mercredi 25 novembre 2026 à 18h02',
      out: 'Mis à jour le mercredi 25 novembre 2026 à 18h02',
    },
    { input: 'Veröffentlicht am 23. November 2026, 06:00 Uhr', out: '23. November 2026, 06:00 Uhr' },
    { input: 'Wed 20 Nov 2024 14.02 GMT', out: 'Wed 20 Nov 2024 14.02 GMT' },
    { input: 'The vote on 25 November 2026 was postponed again', out: null },
    { input: 'On November 20, 2024 the council voted to close the library.', out: null },
  ])('parseDateLine($input) = $out', ({ input, out }) => {
    expect(parseDateLine(input)).toBe(out);
  });

  it('splits lines with offsets into the source', () => {
    const source = 'a\r\nbb\n\nccc';
    const lines = splitLines(source);
    expect(lines.map((l) => l.text)).toEqual(['a', 'bb', '', 'ccc']);
    for (const l of lines) expect(source.slice(l.start, l.end)).toBe(l.text);
  });
});
