import { describe, expect, it } from 'vitest';
import { BBC_AUDITS, readAuditLabels } from '../../scripts/eval-quotes-bbc.js';
import { itWithKit, readKit } from '../support/eval-kit.js';

// passages and articles of each draw, as the README gives them
const SIZES = [
  [179, 48],
  [197, 48],
];

describe.each(BBC_AUDITS.map((a, i) => [a.file, i] as const))(
  'the BBC speaker audit labels %s',
  (file, i) => {
    const labels = readAuditLabels(file);

    it('hold each passage once, in order within its article, speech with a speaker', () => {
      expect([labels.length, new Set(labels.map((l) => l.id)).size]).toEqual(SIZES[i]);
      expect(new Set(labels.map((l) => `${l.id}:${l.start}`)).size).toBe(labels.length);
      for (const [k, l] of labels.entries()) {
        expect(Object.keys(l)).toEqual(['id', 'start', 'end', 'speech', 'speaker', 'speakerResolved']);
        expect(l.end).toBeGreaterThan(l.start);
        const prev = labels[k - 1];
        if (prev?.id === l.id) expect(l.start).toBeGreaterThanOrEqual(prev.end);
        // a passage that is no speech has no speaker; speech has one written
        if (!l.speech) expect([l.speaker, l.speakerResolved]).toEqual([null, null]);
        else expect(l.speaker?.trim()).toBeTruthy();
      }
    });

    itWithKit(['eval/bbc-train.jsonl'], 'point inside quotation marks of the articles they name', () => {
      const texts = new Map<string, string>();
      for (const line of readKit('eval/bbc-train.jsonl').split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { id: string; article: string };
        texts.set(r.id, r.article);
      }
      for (const l of labels) {
        const text = texts.get(l.id);
        expect(text, l.id).toBeDefined();
        expect(l.end).toBeLessThanOrEqual(text!.length);
        expect(`${text![l.start - 1]}…`, `${l.id}:${l.start}`).toMatch(/^["“]/u);
      }
    });

    it('share no article with another draw', () => {
      const others = BBC_AUDITS.filter((a) => a.file !== file).flatMap((a) => readAuditLabels(a.file));
      const ids = new Set(labels.map((l) => l.id));
      expect(others.filter((l) => ids.has(l.id))).toEqual([]);
    });
  },
);
