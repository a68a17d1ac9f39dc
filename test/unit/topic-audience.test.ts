import { describe, expect, it } from 'vitest';
import { receivesTopic } from '../../functions/core/topic-audience.js';

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
