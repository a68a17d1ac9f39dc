import { describe, expect, it } from 'vitest';
import { AUDITS, readAuditLabels } from '../../scripts/eval-quotes-audit.js';
import { itWithKit, readKit } from '../support/eval-kit.js';

// passages and articles of each draw, as its README gives them
const SIZES = [
  [179, 48],
  [197, 48],
  [169, 48],
  [211, 44],
  [235, 44],
];

describe.each(AUDITS.map((a, i) => [a.file, a.articles, i] as const))(
  'the speaker audit labels %s',
  (file, articles, i) => {
    const labels = readAuditLabels(file);

    it('hold each passage once, in order within its article, a speaker only for speech', () => {
      expect([labels.length, new Set(labels.map((l) => l.id)).size]).toEqual(SIZES[i]);
      expect(new Set(labels.map((l) => `${l.id}:${l.start}`)).size).toBe(labels.length);
      const keys = ['id', 'start', 'end', 'speech', 'speaker', 'speakerResolved'];
      for (const [k, l] of labels.entries()) {
        expect(Object.keys(l)).toEqual(l.missed ? [...keys, 'missed'] : keys);
        expect(l.end).toBeGreaterThan(l.start);
        // in order of start; a passage after another begins past its end or sits inside it (a quotation quoted)
        const prev = labels[k - 1];
        if (prev?.id === l.id)
          expect(l.start >= prev.end || (l.start > prev.start && l.end <= prev.end)).toBe(true);
        // a passage that is no speech has no speaker; speech has one written unless the article names no one
        // (then no name either); a missed quotation is speech
        if (!l.speech) expect([l.speaker, l.speakerResolved, l.missed]).toEqual([null, null, undefined]);
        else if (l.speaker === null) expect(l.speakerResolved).toBeNull();
        else expect(l.speaker.trim()).not.toBe('');
      }
    });

    itWithKit([`eval/${articles}`], 'point inside quotation marks of the articles they name', () => {
      const texts = new Map<string, string>();
      for (const line of readKit(`eval/${articles}`).split('\n').filter(Boolean)) {
        const r = JSON.parse(line) as { id: string; article: string };
        texts.set(r.id, r.article);
      }
      for (const l of labels) {
        const text = texts.get(l.id);
        expect(text, l.id).toBeDefined();
        expect(l.end).toBeLessThanOrEqual(text!.length);
        // a missed quotation may be the rest of one whose start a kept passage holds
        expect(`${text![l.start - 1]}…`, `${l.id}:${l.start}`).toMatch(l.missed ? /^["“‘'\s]/u : /^["“‘']/u);
      }
    });

    it('share no article with another draw', () => {
      const others = AUDITS.filter((a) => a.file !== file).flatMap((a) => readAuditLabels(a.file));
      const ids = new Set(labels.map((l) => l.id));
      expect(others.filter((l) => ids.has(l.id))).toEqual([]);
    });
  },
);
