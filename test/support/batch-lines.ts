// A jsonl batch made of our own test articles (test/fixtures/articles), long enough for worker threads,
// with lines that fail in each way a line can: bad JSON, no text, empty text, binary text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ARTICLES = join(import.meta.dirname, '../fixtures/articles');

export function fixtureTexts(): string[] {
  return readdirSync(ARTICLES)
    .filter((name) => name.endsWith('.txt') || name.endsWith('.html'))
    .sort()
    .map((name) => readFileSync(join(ARTICLES, name), 'utf8'));
}

/** `count` article lines, each fixture in turn; every 9th line instead fails in one of four ways. */
export function batchLines(count: number): string[] {
  const texts = fixtureTexts();
  const failing = [
    '{"id": "broken", "text": ',
    JSON.stringify({ id: 'no-text', title: 'Nothing' }),
    JSON.stringify({ id: 'blank', text: ' \n ' }),
    JSON.stringify({ id: 'binary', text: 'A\u0000B' }),
  ];
  return Array.from({ length: count }, (_, i) =>
    i % 9 === 8
      ? (failing[Math.floor(i / 9) % failing.length] as string)
      : JSON.stringify({ id: `a${i}`, text: texts[i % texts.length], title: i % 2 ? `Title ${i}` : null }),
  );
}
