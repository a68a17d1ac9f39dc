import { describe, expect, it } from 'vitest';
import { applyKeyRequest, describeKey, type KeyRequest } from '../../functions/core/key-set.js';

const A = { name: 'local editor', key: 'dgk_aaaaaaaaaaaaaaaaaaaa' };
const B = { name: 'newsroom', key: 'dgk_bbbbbbbbbbbbbbbbbbbb' };
const NEW = 'dgk_nnnnnnnnnnnnnnnnnnnn';

describe('applyKeyRequest', () => {
  it.each<{ name: string; keys: (typeof A)[]; request: KeyRequest; kind: string; after: (typeof A)[] }>([
    {
      name: 'no key yet: the default key is created',
      keys: [],
      request: {},
      kind: 'added',
      after: [{ name: 'local editor', key: NEW }],
    },
    {
      name: 'no option: the first key is shown, nothing changes',
      keys: [A, B],
      request: {},
      kind: 'existing',
      after: [A, B],
    },
    {
      name: '--name of a new key adds it and keeps the others',
      keys: [A],
      request: { name: 'newsroom' },
      kind: 'added',
      after: [A, { name: 'newsroom', key: NEW }],
    },
    {
      name: '--name of an existing key shows it (any case)',
      keys: [A, B],
      request: { name: ' NewsRoom ' },
      kind: 'existing',
      after: [A, B],
    },
    {
      name: '--rotate replaces the first key only',
      keys: [A, B],
      request: { rotate: true },
      kind: 'rotated',
      after: [{ name: 'local editor', key: NEW }, B],
    },
    {
      name: '--rotate --name replaces that key only',
      keys: [A, B],
      request: { rotate: true, name: 'newsroom' },
      kind: 'rotated',
      after: [A, { name: 'newsroom', key: NEW }],
    },
    {
      name: '--rotate with no key yet creates one',
      keys: [],
      request: { rotate: true },
      kind: 'added',
      after: [{ name: 'local editor', key: NEW }],
    },
  ])('$name', ({ keys, request, kind, after }) => {
    const result = applyKeyRequest(keys, request, NEW);
    expect(result.change.kind).toBe(kind);
    expect(result.keys).toEqual(after);
  });

  it('a rotation names the key that stopped working', () => {
    const { change } = applyKeyRequest([A, B], { rotate: true, name: 'newsroom' }, NEW);
    expect(change).toMatchObject({ kind: 'rotated', replaced: B });
    expect(describeKey(B)).toBe('"newsroom" (dgk_bbbb…)');
  });

  it.each<{ request: KeyRequest; error: RegExp }>([
    {
      request: { rotate: true, name: 'wire' },
      error: /^no key named "wire" to rotate; keys: local editor, newsroom/,
    },
    { request: { name: '  ' }, error: /--name must not be empty/ },
  ])('refuses $request', ({ request, error }) => {
    expect(() => applyKeyRequest([A, B], request, NEW)).toThrow(error);
  });
});

describe('a key name, printed in mail as "forwarded by"', () => {
  it.each([
    ['a line break', 'x\ny'],
    ['a carriage return', 'newsroom\r\nBcc: a@example.org'],
    ['a tab', 'news\troom'],
    ['a NUL', 'news\u0000room'],
    ['a line separator', 'news\u2028room'],
  ])('is refused when it holds %s', (_, name) => {
    expect(() => applyKeyRequest([], { name }, 'k1')).toThrow(/control characters/);
  });

  it('is refused when longer than 80 characters, not cut', () => {
    expect(() => applyKeyRequest([], { name: 'x'.repeat(81) }, 'k1')).toThrow(/at most 80/);
    expect(applyKeyRequest([], { name: 'x'.repeat(80) }, 'k1').change.key.name).toBe('x'.repeat(80));
  });
});
