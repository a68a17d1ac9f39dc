import { describe, expect, it } from 'vitest';
import { BBC_AUDIT_LABELS, readAuditLabels } from '../../scripts/eval-quotes-bbc.js';
import { itWithKit, readKit } from '../support/eval-kit.js';

describe('the BBC speaker audit labels', () => {
  const labels = readAuditLabels(BBC_AUDIT_LABELS);

  it('hold 179 passages of 48 articles, each once, in order within its article, speech with a speaker', () => {
    expect(labels).toHaveLength(179);
    expect(new Set(labels.map((l) => l.id)).size).toBe(48);
    const keys = labels.map((l) => `${l.id}:${l.start}`);
    expect(new Set(keys).size).toBe(labels.length);
    for (const [i, l] of labels.entries()) {
      expect(Object.keys(l)).toEqual(['id', 'start', 'end', 'speech', 'speaker', 'speakerResolved']);
      expect(l.end).toBeGreaterThan(l.start);
      const prev = labels[i - 1];
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
});
