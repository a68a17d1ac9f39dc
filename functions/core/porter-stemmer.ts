/**
 * The Porter stemmer with NLTK's default extensions (`PorterStemmer(mode=NLTK_EXTENSIONS)`),
 * which is what Google's rouge-score uses when `use_stemmer=True`. Written from the published
 * algorithm (Porter 1980) plus the documented NLTK departures: an irregular-forms table,
 * words of one or two letters left alone, `-ies`/`-ied` on four-letter words, the `(*c and not c) Y -> I`
 * rule of step 1c, `alli`/`fulli`/`logi` in step 2, and the two-letter `*o` case.
 * Input must be lower case.
 */

const IRREGULAR: Record<string, string> = {
  sky: 'sky',
  skies: 'sky',
  dying: 'die',
  lying: 'lie',
  tying: 'tie',
  news: 'news',
  innings: 'inning',
  inning: 'inning',
  outings: 'outing',
  outing: 'outing',
  cannings: 'canning',
  canning: 'canning',
  howe: 'howe',
  proceed: 'proceed',
  exceed: 'exceed',
  succeed: 'succeed',
};

type Condition = ((stem: string) => boolean) | null;
type Rule = readonly [suffix: string, replacement: string, condition: Condition];

function isConsonant(word: string, i: number): boolean {
  const ch = word[i];
  if (ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u') return false;
  if (ch === 'y') return i === 0 ? true : !isConsonant(word, i - 1);
  return true;
}

/** Porter's m: the number of vowel-consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const cons = isConsonant(stem, i);
    if (cons && prevVowel) m++;
    prevVowel = !cons;
  }
  return m;
}

const positive = (stem: string): boolean => measure(stem) > 0;
const gt1 = (stem: string): boolean => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  return (
    word.length >= 2 && word[word.length - 1] === word[word.length - 2] && isConsonant(word, word.length - 1)
  );
}

function endsCvc(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const last = word[n - 1]!;
    if (
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      last !== 'w' &&
      last !== 'x' &&
      last !== 'y'
    )
      return true;
  }
  return n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

/** A step's rules grouped by the last letter of their suffix, in their order: a word can only match those. */
type RuleTable = ReadonlyMap<string, readonly Rule[]>;

function byLastLetter(rules: readonly Rule[]): RuleTable {
  const table = new Map<string, Rule[]>();
  for (const rule of rules) {
    const last = rule[0][rule[0].length - 1]!;
    const list = table.get(last);
    if (list) list.push(rule);
    else table.set(last, [rule]);
  }
  return table;
}

/**
 * The first rule whose suffix matches decides: applied when its condition holds, otherwise the word stays.
 * Only the rules ending in the word's last letter are tried (a step has up to 22 rules, and every new word
 * of every article goes through five steps).
 */
function applyRules(word: string, table: RuleTable): string {
  const rules = table.get(word[word.length - 1] ?? '');
  if (rules === undefined) return word;
  for (const [suffix, replacement, condition] of rules) {
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

// The rule tables are built once: a table literal inside each step cost an allocation per word, and
// stemming runs for every new word of every article.
const STEP1A: RuleTable = byLastLetter([
  ['sses', 'ss', null],
  ['ies', 'i', null],
  ['ss', 'ss', null],
  ['s', '', null],
]);

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return `${word.slice(0, -3)}ie`;
  return applyRules(word, STEP1A);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return word.length === 4 ? `${word.slice(0, -3)}ie` : `${word.slice(0, -3)}i`;
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let stem: string | null = null;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = word.slice(0, word.length - suffix.length);
      if (containsVowel(candidate)) {
        stem = candidate;
        break;
      }
    }
  }
  if (stem === null) return word;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (endsDoubleConsonant(stem)) {
    const last = stem[stem.length - 1];
    return last !== 'l' && last !== 's' && last !== 'z' ? stem.slice(0, -1) : stem;
  }
  return measure(stem) === 1 && endsCvc(stem) ? `${stem}e` : stem;
}

const STEP1C: RuleTable = byLastLetter([
  ['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)],
]);

function step1c(word: string): string {
  return applyRules(word, STEP1C);
}

const STEP2: RuleTable = byLastLetter([
  ['ational', 'ate', positive],
  ['tional', 'tion', positive],
  ['enci', 'ence', positive],
  ['anci', 'ance', positive],
  ['izer', 'ize', positive],
  ['bli', 'ble', positive],
  ['alli', 'al', positive],
  ['entli', 'ent', positive],
  ['eli', 'e', positive],
  ['ousli', 'ous', positive],
  ['ization', 'ize', positive],
  ['ation', 'ate', positive],
  ['ator', 'ate', positive],
  ['alism', 'al', positive],
  ['iveness', 'ive', positive],
  ['fulness', 'ful', positive],
  ['ousness', 'ous', positive],
  ['aliti', 'al', positive],
  ['iviti', 'ive', positive],
  ['biliti', 'ble', positive],
  ['fulli', 'ful', positive],
  // The 'l' of 'logi' stays with the stem, so that short stems like 'geo' and 'theo' qualify.
  ['logi', 'log', (stem) => positive(`${stem}l`)],
]);

function step2(word: string): string {
  if (word.endsWith('alli') && positive(word.slice(0, -4))) return step2(`${word.slice(0, -4)}al`);
  return applyRules(word, STEP2);
}

const STEP3: RuleTable = byLastLetter([
  ['icate', 'ic', positive],
  ['ative', '', positive],
  ['alize', 'al', positive],
  ['iciti', 'ic', positive],
  ['ical', 'ic', positive],
  ['ful', '', positive],
  ['ness', '', positive],
]);

function step3(word: string): string {
  return applyRules(word, STEP3);
}

const STEP4: RuleTable = byLastLetter([
  ['al', '', gt1],
  ['ance', '', gt1],
  ['ence', '', gt1],
  ['er', '', gt1],
  ['ic', '', gt1],
  ['able', '', gt1],
  ['ible', '', gt1],
  ['ant', '', gt1],
  ['ement', '', gt1],
  ['ment', '', gt1],
  ['ent', '', gt1],
  ['ion', '', (stem) => gt1(stem) && (stem.endsWith('s') || stem.endsWith('t'))],
  ['ou', '', gt1],
  ['ism', '', gt1],
  ['ate', '', gt1],
  ['iti', '', gt1],
  ['ous', '', gt1],
  ['ive', '', gt1],
  ['ize', '', gt1],
]);

function step4(word: string): string {
  return applyRules(word, STEP4);
}

function step5a(word: string): string {
  if (word.endsWith('e')) {
    const stem = word.slice(0, -1);
    const m = measure(stem);
    if (m > 1) return stem;
    if (m === 1 && !endsCvc(stem)) return stem;
  }
  return word;
}

const STEP5B: RuleTable = byLastLetter([['ll', 'l', (stem) => measure(`${stem}l`) > 1]]);

function step5b(word: string): string {
  return applyRules(word, STEP5B);
}

/**
 * Stems one lower-case word.
 * @example porterStem('running') // 'run'
 */
export function porterStem(word: string): string {
  const irregular = IRREGULAR[word];
  if (irregular !== undefined && Object.hasOwn(IRREGULAR, word)) return irregular;
  if (word.length <= 2) return word;
  let stem = step1a(word);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem);
  stem = step5b(stem);
  return stem;
}
