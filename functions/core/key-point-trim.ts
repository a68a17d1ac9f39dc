/**
 * Trimming a key point for reading, the way a news highlight is written (each rule has its example on its
 * regular expression). What is cut never leaves `text`: the trimmed words are what the email shows.
 */
import { HAS_QUOTE_RE, openQuote, words } from './sentence-cleaning.js';
import { SUMMARIZER_CONFIG, type TrimRule } from './summarizer-config.js';

const DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const WHEN = `(?:(?:on|by|late|early|last|this|since|until)\\s+)?(?:${DAY}(?:\\s+(?:morning|afternoon|evening|night))?|(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH})(?:,?\\s+\\d{4})?|yesterday|today|tonight|(?:last|this|earlier this|later this|next)\\s+(?:week|month|year|weekend|night|morning|summer|spring|autumn|fall|winter|${DAY}))`;
/** "On Wednesday, …", "Last week, …", "Earlier this month, …": a leading time adverbial and its comma. */
const LEAD_TIME_RE = new RegExp(
  `^(?:(?:On|Late|Early|By|Last|This|Earlier|Later|Since|Until)\\s+(?:on\\s+)?)?(?:${WHEN}|${DAY}(?:\\s+(?:morning|afternoon|evening|night))?|(?:earlier|later)\\s+this\\s+(?:week|month|year)|(?:${MONTH})\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?),\\s+(?=\\p{Ll}|\\p{Lu})`,
  'iu',
);
/** A parenthesis in mid-sentence: "(pictured)", "(left)", "(£1.2m)", "(NHS)". */
const BRACKETS_RE = /\s+\([^()]{1,80}\)(?=[\s,.;:!?'"’”])/gu;
/** An aside between dashes: " - who lost his legs in 1931 - ", " -- the third this year -- ". */
const DASH_ASIDE_RE = /\s+(?:--|—|–|-)\s+([^—–]{3,120}?)\s+(?:--|—|–|-)\s+/gu;
/** An age in apposition: "Leon Yeaman, 55, was …" → "Leon Yeaman was …". */
const AGE_RE = /(?<=\p{L}),\s+\d{1,3},(?=\s)/gu;
/** A non-restrictive "who" clause between commas before the verb: "Wright, who had seven seasons at Arsenal, will …". */
const WHO_CLAUSE_RE =
  /(?<=\p{L}),\s+who\s+[^,;:"“”‘’']{3,120},\s+(?=(?:is|was|are|were|has|had|have|will|would|could|can|may|might|must|should|said|says|\p{Ll}+(?:ed|s))\b)/gu;
/** A trailing attribution: ", police said.", ", the ministry said on Tuesday.", ", he told the BBC." */
const ATTRIBUTION_TAIL_RE = new RegExp(
  `,\\s+(?:the\\s+|a\\s+|an\\s+|his\\s+|her\\s+|their\\s+)?(?:[\\p{L}'’.-]+\\s+){0,5}?(?:he|she|they|police|officials?|authorities|\\p{Lu}[\\p{L}'’.-]*|spokesm[ae]n|spokeswoman|spokesperson|sources?|reports?|investigators|prosecutors|witnesses)\\s+(?:said|says|added|reported|told\\s+[^,.;]{1,60}|confirmed|announced|explained|stated)(?:\\s+(?:on\\s+)?(?:${DAY}|yesterday|today|last\\s+week|this\\s+week)(?:\\s+(?:morning|afternoon|evening|night))?)?\\s*([.!?])$`,
  'u',
);
/** ", according to police." / ", according to a report in the Sun." */
const ACCORDING_TAIL_RE = /,\s+according\s+to\s+[^,;:"“”]{2,80}([.!?])$/u;
const ACCORDING_LEAD_RE = /^According\s+to\s+[^,;:"“”]{2,60},\s+(?=\p{L})/u;

/** A tail after a single dash: "… on Friday - exactly eight weeks after he was asked …". */
const DASH_TAIL_RE = /\s+(?:--|—|–|-)\s+(?=\S)/gu;
/** A trailing subordinate or participial clause after a comma. */
const CLAUSE_TAIL_RE =
  /,\s+(?=(?:with|while|whilst|after|as|which|before|despite|having|leaving|amid|including|where|when|although|though|following|sparking|prompting|meaning|forcing|causing|saying|adding|claiming)\b)/gu;

/** Cuts the sentence at the first match of `re` that leaves at least `minWords` words outside any quotation. */
function cutTail(text: string, re: RegExp, minWords: number): string {
  const end = /([.!?])["”’']?$/u.exec(text);
  if (!end) return text;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const prefix = text.slice(0, m.index);
    if (words(prefix) < minWords || openQuote(prefix)) continue;
    return `${prefix.replace(/[,;:\s]+$/u, '')}${end[1] === '?' ? '?' : '.'}`;
  }
  return text;
}

function capitaliseFirst(text: string): string {
  return text.replace(/^(["“‘']?)(\p{Ll})/u, (_m, q: string, c: string) => `${q}${c.toUpperCase()}`);
}

/**
 * Trims a key point for reading, the way a news highlight is written: drops asides in brackets or
 * between dashes, an age in apposition, a "who" clause between commas, a leading time adverbial, and a
 * trailing attribution ("…, police said.") outside quotations. Each cut leaves a grammatical sentence;
 * a cut is skipped when it would leave fewer than six words.
 */
export function trimForReading(text: string, rules: ReadonlySet<TrimRule> = DEFAULT_TRIM): string {
  let t = text;
  const apply = (rule: TrimRule, f: (s: string) => string) => {
    if (!rules.has(rule)) return;
    const next = f(t)
      .replace(/\s{2,}/gu, ' ')
      .trim();
    if (next === t || words(next) < 6) return;
    t = next;
  };
  apply('brackets', (s) => s.replace(BRACKETS_RE, ''));
  apply('dashes', (s) => s.replace(DASH_ASIDE_RE, ' '));
  apply('age', (s) => s.replace(AGE_RE, ''));
  apply('whoClause', (s) => s.replace(WHO_CLAUSE_RE, ' '));
  apply('leadTime', (s) => capitaliseFirst(s.replace(LEAD_TIME_RE, '')));
  apply('dashTail', (s) => cutTail(s, DASH_TAIL_RE, TAIL_MIN_WORDS));
  apply('clauseTail', (s) => cutTail(s, CLAUSE_TAIL_RE, TAIL_MIN_WORDS));
  const quoted = HAS_QUOTE_RE.test(t);
  if (!quoted) {
    apply('attribution', (s) => s.replace(ATTRIBUTION_TAIL_RE, '$1'));
    apply('according', (s) =>
      capitaliseFirst(s.replace(ACCORDING_TAIL_RE, '$1').replace(ACCORDING_LEAD_RE, '')),
    );
  }
  return t;
}

/** A tail is cut only when at least this many words remain. */
const TAIL_MIN_WORDS = 10;
/** The rules used by default: the generated configuration's switches (see docs/summarizer.md). */
export const DEFAULT_TRIM: ReadonlySet<TrimRule> = new Set<TrimRule>(SUMMARIZER_CONFIG.trim);
