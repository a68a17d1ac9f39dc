/**
 * The hand-labelled unseen-style quote set is well formed: every quote's offsets slice to its text,
 * `kind` follows the PolNeAR rule, ids are unique and regions are known.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface Quote {
  start: number;
  end: number;
  text: string;
  speaker: string | null;
  speakerResolved: string | null;
  kind: string;
}

interface Article {
  id: string;
  outlet_style: string;
  region: string;
  text: string;
  quotes: Quote[];
}

const FILE = join(import.meta.dirname, '..', 'fixtures', 'quotes-unseen', 'articles.jsonl');
const articles = readFileSync(FILE, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Article);

function kindOf(text: string): string {
  const t = text.trim();
  if (t.startsWith('"') || t.startsWith('“')) return 'direct';
  return /["“”]/u.test(t) ? 'mixed' : 'indirect';
}

describe('test/fixtures/quotes-unseen/articles.jsonl', () => {
  it('holds 16 articles with unique ids, 8 Canadian and 8 US', () => {
    expect(articles).toHaveLength(16);
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    expect(articles.filter((a) => a.region === 'ca')).toHaveLength(8);
    expect(articles.filter((a) => a.region === 'us')).toHaveLength(8);
    for (const a of articles) expect(['ca', 'us']).toContain(a.region);
  });

  it('gives each article 300 to 700 words and 4 to 10 direct quotes', () => {
    for (const a of articles) {
      const words = a.text.split(/\s+/u).filter(Boolean).length;
      expect(words, a.id).toBeGreaterThanOrEqual(300);
      expect(words, a.id).toBeLessThanOrEqual(700);
      const direct = a.quotes.filter((q) => q.kind === 'direct').length;
      expect(direct, a.id).toBeGreaterThanOrEqual(4);
      expect(direct, a.id).toBeLessThanOrEqual(10);
    }
  });

  it('has offsets that slice to each quote text, in order and without overlap', () => {
    for (const a of articles) {
      let last = 0;
      for (const q of a.quotes) {
        expect(Number.isInteger(q.start) && Number.isInteger(q.end), a.id).toBe(true);
        expect(q.start, `${a.id} ${q.text}`).toBeGreaterThanOrEqual(last);
        expect(q.end).toBeGreaterThan(q.start);
        expect(a.text.slice(q.start, q.end), a.id).toBe(q.text);
        last = q.end;
      }
    }
  });

  it('labels kinds by the PolNeAR rule and gives every direct quote a speaker', () => {
    for (const a of articles) {
      for (const q of a.quotes) {
        expect(q.kind, `${a.id} ${q.text}`).toBe(kindOf(q.text));
        if (q.kind === 'direct') expect(q.speaker, `${a.id} ${q.text}`).toBeTruthy();
      }
    }
  });

  it('leaves no quotation mark outside a labelled span', () => {
    for (const a of articles) {
      const covered = (i: number) => a.quotes.some((q) => i >= q.start && i < q.end);
      const stray: number[] = [];
      for (let i = 0; i < a.text.length; i++) if (/["“”]/u.test(a.text[i]!) && !covered(i)) stray.push(i);
      expect(stray, a.id).toEqual([]);
    }
  });
});
