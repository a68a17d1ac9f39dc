import { describe, expect, it } from 'vitest';
import { issueTopic, receivesTopic } from '../../functions/core/topic-audience.js';

describe('receivesTopic: does a reader with these topics get an issue sent to this topic?', () => {
  it.each([
    ['no topics, an issue for the whole list', [], undefined, true],
    ['no topics, a topic issue: every issue', [], 'rail', true],
    ['topics, an issue for the whole list', ['harbour'], undefined, true],
    ['the topic among theirs', ['harbour', 'rail'], 'rail', true],
    ['only other topics', ['harbour'], 'rail', false],
    ['a topic that merely contains the issue topic', ['rail freight'], 'rail', false],
  ] as const)('%s', (_, topics, topic, expected) => {
    expect(receivesTopic(topics, topic)).toBe(expected);
  });
});

describe("issueTopic: the topic an issue is sent to, held to the list's", () => {
  it("reads it as readers' topics are read", () => {
    expect(issueTopic(' Civic ', 'harbour', ['civic', 'sport'])).toEqual({ ok: true, topic: 'civic' });
  });

  it('refuses a topic the list does not offer, naming the ones it does', () => {
    expect(issueTopic('civics', 'harbour', ['civic', 'sport'])).toEqual({
      ok: false,
      message: '"civics" is not a topic of the list "harbour" (its topics: civic, sport)',
    });
  });

  it('refuses any topic on a list that offers none, saying how to offer some', () => {
    const result = issueTopic('rail', 'harbour', []);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('digest lists update harbour --topics');
  });
});
