/**
 * The words a validation problem is told in, wherever a zod schema checks what a person typed or sent (a CLI flag,
 * a batch line, a form): zod's own defaults ("Number must be greater than or equal to 1", "Expected number,
 * received string") are a library's, not the product's. A schema still gives its own message where it knows the
 * rule as a whole ("the maximum item age is a whole number of days from 1 to 365"), and that one wins; this map
 * words whatever a schema left to zod, naming the values allowed. Callers pass it to `safeParse(…, { errorMap })`
 * and prefix the field (or the flag) themselves.
 */
import { z } from 'zod';

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function typeWord(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

function bound(issue: z.ZodTooSmallIssue | z.ZodTooBigIssue, limit: bigint | number, least: boolean): string {
  const value = Number(limit);
  if (issue.exact) return `exactly ${value}`;
  const atLeast = least
    ? issue.inclusive
      ? 'at least'
      : 'more than'
    : issue.inclusive
      ? 'at most'
      : 'less than';
  switch (issue.type) {
    case 'string':
      return `${atLeast} ${value} character${value === 1 ? '' : 's'} long`;
    case 'array':
    case 'set':
      return `${atLeast} ${value} item${value === 1 ? '' : 's'}`;
    default:
      return `${atLeast} ${value}`;
  }
}

/**
 * zod's generic problems in the product's words: `must be a whole number`, `must be at least 1`,
 * `must be one of auto, review`, `is required`. Anything else keeps zod's own text.
 * @example z.number().min(1).safeParse(0, { errorMap: productErrorMap }) // message 'must be at least 1'
 */
export const productErrorMap: z.ZodErrorMap = (issue, ctx) => {
  // A map bound to the schema (`invalid_type_error`, a union's `errorMap`) has said it already: zod hands its text
  // on as the default, and a map passed to safeParse would otherwise speak over it.
  if (ctx.defaultError !== z.defaultErrorMap(issue, ctx).message) return { message: ctx.defaultError };
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: 'is required' };
      if (issue.expected === 'integer') return { message: 'must be a whole number' };
      return { message: `must be ${typeWord(issue.expected)}, not ${typeWord(issue.received)}` };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string' && Number(issue.minimum) === 1 && issue.inclusive)
        return { message: 'must not be empty' };
      return { message: `must be ${bound(issue, issue.minimum, true)}` };
    case z.ZodIssueCode.too_big:
      return { message: `must be ${bound(issue, issue.maximum, false)}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `must be one of ${issue.options.map(String).join(', ')}` };
    case z.ZodIssueCode.invalid_literal:
      return { message: `must be ${JSON.stringify(issue.expected)}` };
    case z.ZodIssueCode.unrecognized_keys:
      return {
        message: `${issue.keys.length === 1 ? 'is not a field' : 'are not fields'} here: ${issue.keys.join(', ')}`,
      };
    case z.ZodIssueCode.not_multiple_of:
      return { message: `must be a multiple of ${String(issue.multipleOf)}` };
    default:
      return { message: ctx.defaultError };
  }
};
