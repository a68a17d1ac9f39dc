import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseProgressMode, plainLine, plainProgress } from '../../functions/cli/progress.js';

function sink(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

describe('plainLine', () => {
  it.each([
    { done: 1200, total: 2000, failed: 0, ms: 85_000, out: 'sent 1200/2000, 0 failed, 14/s, eta 57s' },
    { done: 0, total: 2000, failed: 0, ms: 3_000, out: 'sent 0/2000, 0 failed, 0.0/s, eta ?' },
    { done: 2000, total: 2000, failed: 3, ms: 100_000, out: 'sent 2000/2000, 3 failed, 20/s, eta 0s' },
    { done: 10, total: 1000, failed: 1, ms: 20_000, out: 'sent 10/1000, 1 failed, 0.5/s, eta 33m00s' },
  ])('$out', ({ done, total, failed, ms, out }) => {
    expect(plainLine('sent', done, total, failed, ms)).toBe(out);
  });
});

describe('plainProgress (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prints a line every interval, even while nothing moves, and a last line when it stops', () => {
    const out = sink();
    const progress = plainProgress({ verb: 'sent', stream: out.stream, intervalMs: 5_000 });
    progress.update(0, 2000);
    vi.advanceTimersByTime(4_999);
    expect(out.lines()).toEqual([]);
    progress.update(70, 2000);
    vi.advanceTimersByTime(1);
    expect(out.lines()).toEqual(['sent 70/2000, 0 failed, 14/s, eta 2m18s']);
    // stalled: the next line still comes, with the same count
    vi.advanceTimersByTime(5_000);
    expect(out.lines()).toHaveLength(2);
    expect(out.lines()[1]).toMatch(/^sent 70\/2000, 0 failed, 7\.0\/s, eta /);
    progress.update(2000, 2000, 2);
    vi.advanceTimersByTime(1_000);
    progress.stop();
    expect(out.lines().at(-1)).toBe('sent 2000/2000, 2 failed, 182/s, eta 0s');
    vi.advanceTimersByTime(60_000);
    expect(out.lines()).toHaveLength(3); // nothing after stop
  });

  it('a run shorter than the interval prints nothing: its summary line says it all', () => {
    const out = sink();
    const progress = plainProgress({ verb: 'imported', stream: out.stream, intervalMs: 5_000 });
    progress.update(0, 10);
    vi.advanceTimersByTime(1_000);
    progress.update(10, 10);
    progress.stop();
    expect(out.lines()).toEqual([]);
  });
});

describe('parseProgressMode', () => {
  it.each([
    [undefined, undefined],
    ['bar', 'bar'],
    ['plain', 'plain'],
    ['none', 'none'],
    [false, 'none'],
  ] as const)('%s → %s', (input, out) => {
    expect(parseProgressMode(input)).toBe(out);
  });

  it('refuses anything else, naming the choices', () => {
    expect(() => parseProgressMode('quiet')).toThrow(
      '--progress must be one of bar, plain, none (got "quiet")',
    );
  });
});
