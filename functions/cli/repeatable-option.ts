/**
 * Commander keeps only the last value of an option given twice; an option that may be repeated (`--feed`, `--to`)
 * collects every value with this parser instead, so that nothing the editor typed is dropped without a word.
 * No default is passed with it: a required option given no value stays missing (exit 2), not an empty list.
 * @example collect('b', ['a']) // ['a', 'b']
 */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
