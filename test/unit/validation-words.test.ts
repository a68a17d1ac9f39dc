import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseListChanges } from '../../functions/core/list-changes.js';
import { productErrorMap } from '../../functions/core/validation-words.js';

const message = (schema: z.ZodTypeAny, value: unknown) => {
  const result = schema.safeParse(value, { errorMap: productErrorMap });
  return result.success ? null : result.error.issues[0]?.message;
};

describe('validation problems in the product words', () => {
  it.each([
    [z.number(), 'soon', 'must be a number, not text'],
    [z.string(), 7, 'must be text, not a number'],
    [z.number().int(), 1.5, 'must be a whole number'],
    [z.number().min(1), 0, 'must be at least 1'],
    [z.number().max(20), 21, 'must be at most 20'],
    [z.number().positive(), 0, 'must be more than 0'],
    [z.string().min(1), '', 'must not be empty'],
    [z.string().max(5), 'harbour', 'must be at most 5 characters long'],
    [z.array(z.string()).max(2), ['a', 'b', 'c'], 'must be at most 2 items'],
    [z.enum(['auto', 'review']), 'sometimes', 'must be one of auto, review'],
    [z.object({ a: z.string() }), {}, 'is required'],
    [z.object({}).strict(), { b: 1 }, 'is not a field here: b'],
  ])('%#: %j', (schema, value, expected) => {
    expect(message(schema, value)).toBe(expected);
  });

  it("a schema's own message wins", () => {
    expect(message(z.number().min(1, 'one day at least'), 0)).toBe('one day at least');
    expect(message(z.number({ invalid_type_error: 'days, as a number' }), 'soon')).toBe('days, as a number');
    const id = z.union([z.string(), z.number()], { errorMap: () => ({ message: 'a string or a number' }) });
    expect(message(id, null)).toBe('a string or a number');
  });
});

describe("a list's maximum item age", () => {
  it.each([0, 366, 1.5, -0.5, 'soon'])('%j is refused with the whole rule, said once', (maxItemAgeDays) => {
    expect(parseListChanges({ maxItemAgeDays })).toEqual({
      ok: false,
      message: 'maxItemAgeDays: the maximum item age is a whole number of days from 1 to 365',
    });
  });
});
