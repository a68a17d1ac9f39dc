/**
 * Briefing composition: from the candidates that arrived since a list's last issue to one Issue
 * (or a reasoned "nothing new"). Pure: the clock, the issue id and what was already sent come in
 * as arguments. See docs/briefings.md for the dedupe and ordering rules.
 */
import { shownSpeaker } from './shown-speaker.js';
import type { Issue, Story } from './types.js';

const TRACKING_PARAM_RE = /^(utm_[a-z0-9_]*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|igshid)$/i;
const NON_WORD_RE = /[^\p{L}\p{N}]+/gu;
const WHITESPACE_RE = /\s+/g;

/** Number of words per shingle (w in w-shingling). */
export const SHINGLE_WIDTH = 5;
/** Number of MinHash components kept per text. */
export const MINHASH_SIZE = 64;
/** Jaccard similarity at or above which two texts are the same story. */
export const DEFAULT_NEAR_DUPLICATE_THRESHOLD = 0.6;
export const DEFAULT_MAX_STORIES = 5;
/** A list's default maximum item age: a dated feed item older than this is not news any more. */
export const DEFAULT_MAX_ITEM_AGE_DAYS = 7;
const RECENCY_HALF_LIFE_HOURS = 24;
const SUBJECT_TITLE_MAX = 90;
const PREHEADER_MAX = 140;

/** Where a candidate came from: a feed, the article queue (API/CLI), or an S3 drop. */
export type CandidateOrigin = 'feed' | 'queue' | 's3';

/** One story that may go into the next issue. */
export interface Candidate {
  story: Story;
  /** Feed GUID / Atom id, when the item had one. */
  guid: string | null;
  /** Identifies the source (feed URL, `queue`, `s3`): GUIDs are only unique within one feed. */
  sourceId: string;
  origin: CandidateOrigin;
  /** ISO time we first saw it (queued, dropped, or read from the feed). */
  arrivedAt: string;
}

/** What is remembered of every story already sent on a list, to keep it out of later issues. */
export interface SeenFingerprint {
  /** Normalised canonical URL, or null. */
  url: string | null;
  /** `<sourceId> <guid>`, or null. */
  guid: string | null;
  /** MinHash signature of the story text (MINHASH_SIZE unsigned 32-bit ints), or null for empty text. */
  minhash: number[] | null;
}

export interface ComposeOptions {
  list: string;
  /** The list's title, the subject of an issue whose lead story has none (subjectFor). */
  listTitle?: string | null;
  issueId: string;
  now: Date;
  /**
   * The oldest publication time (ISO) a feed item may have and still go out: now minus the
   * list's maximum item age. An item is eligible until it is sent, whatever its date relative
   * to the last issue (a feed that publishes late must not lose stories), up to this age.
   */
  notBefore: string;
  seen: readonly SeenFingerprint[];
  /**
   * The stories waiting in pending drafts: left out of this issue (`in-draft`). They go out with their draft, or, if
   * it expires unsent, come back in a later issue.
   */
  inDrafts?: readonly SeenFingerprint[];
  /**
   * The stories an editor dropped from an issue before sending it: a feed item among them is left out
   * (`dropped-by-editor`), so that a list does not send next time what an editor chose not to send. A queued article
   * is not: queuing an article (again) asks for it, and only a story that was sent keeps a queued article out.
   */
  editorDropped?: readonly SeenFingerprint[];
  maxStories?: number;
  nearDuplicateThreshold?: number;
}

export type DropReason =
  | 'already-sent'
  | 'in-draft'
  | 'dropped-by-editor'
  | 'duplicate-url'
  | 'duplicate-guid'
  | 'near-duplicate'
  | 'too-old'
  | 'over-cap';

export interface Dropped {
  candidate: Candidate;
  reason: DropReason;
  /** For `already-sent`: the fingerprint of the sent story it is (whose claim a briefing renews: story-claims.ts). */
  matched?: SeenFingerprint;
}

export type ComposeResult =
  | {
      kind: 'issue';
      issue: Issue;
      /** The candidates that made it, in issue order. */
      included: Candidate[];
      dropped: Dropped[];
      /** Fingerprints of the included stories: record them once the issue is created. */
      fingerprints: SeenFingerprint[];
    }
  | { kind: 'empty'; reason: string; dropped: Dropped[] };

/**
 * Normalises a URL for identity: lowercase scheme and host, no default port, no fragment,
 * no tracking parameters (utm_*, fbclid, ...), remaining parameters sorted. Returns null for
 * something that is not an absolute http(s) URL.
 * @example normalizeUrl('HTTPS://News.Example.ORG/a?utm_source=x&b=2#top') // 'https://news.example.org/a?b=2'
 */
export function normalizeUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  const kept = [...url.searchParams.entries()].filter(([key]) => !TRACKING_PARAM_RE.test(key));
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = kept.length ? `?${new URLSearchParams(kept).toString()}` : '';
  // URL already lowercases the host and drops default ports.
  return url.toString();
}

/** Lowercased words of a text, punctuation dropped. */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(NON_WORD_RE, ' ')
    .replace(WHITESPACE_RE, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
}

/** FNV-1a 32-bit hash of a string. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The set of hashed w-shingles (runs of `width` consecutive words) of a text. A text shorter
 * than `width` words yields one shingle of all its words.
 */
export function shingles(text: string, width = SHINGLE_WIDTH): Set<number> {
  const w = words(text);
  const out = new Set<number>();
  if (w.length === 0) return out;
  if (w.length < width) {
    out.add(fnv1a(w.join(' ')));
    return out;
  }
  for (let i = 0; i + width <= w.length; i++) out.add(fnv1a(w.slice(i, i + width).join(' ')));
  return out;
}

/** Exact Jaccard similarity |A∩B| / |A∪B| of two shingle sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

// murmur3's 32-bit finaliser: a cheap, well-mixed permutation of uint32 per seed.
function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const MINHASH_SEEDS: readonly number[] = Array.from({ length: MINHASH_SIZE }, (_, i) =>
  fnv1a(`minhash-seed-${i}`),
);

/** MinHash signature of a shingle set; null for an empty set. Stored for every sent story. */
export function minhash(set: ReadonlySet<number>): number[] | null {
  if (set.size === 0) return null;
  const sig = MINHASH_SEEDS.map(() => 0xffffffff);
  for (const x of set) {
    for (let i = 0; i < MINHASH_SEEDS.length; i++) {
      const h = mix(x, MINHASH_SEEDS[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two MinHash signatures: the share of equal components. */
export function minhashSimilarity(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let equal = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) equal++;
  return equal / n;
}

/** The key a GUID is remembered under: GUIDs are only unique within one source. */
export function guidKey(sourceId: string, guid: string | null): string | null {
  const g = guid?.trim();
  return g ? `${sourceId} ${g}` : null;
}

/** The text a story is compared on: its title and body. */
function comparableText(story: Story): string {
  return `${story.title ?? ''}\n${story.source}`;
}

/** The fingerprint remembered for a candidate once it is sent. */
export function fingerprintOf(candidate: Candidate): SeenFingerprint {
  return {
    url: normalizeUrl(candidate.story.url),
    guid: guidKey(candidate.sourceId, candidate.guid),
    minhash: minhash(shingles(comparableText(candidate.story))),
  };
}

/**
 * The fingerprint of a story composed without a source to scope a GUID (the console's issues from URLs or pasted
 * text): its normalised URL and the MinHash of its text.
 */
export function fingerprintOfStory(story: Story): SeenFingerprint {
  return { url: normalizeUrl(story.url), guid: null, minhash: minhash(shingles(comparableText(story))) };
}

/**
 * The cheap part of dedupe, before anything is fetched: is this URL or GUID already sent?
 * Lets the feed reader skip downloading items a previous issue carried.
 */
export function alreadySent(
  item: { url: string | null; guid: string | null; sourceId: string },
  seen: readonly SeenFingerprint[],
): boolean {
  return sentMatch(item, seen) !== null;
}

/**
 * The fingerprint of `seen` that an item is by its URL or GUID (alreadySent), or null.
 * @example sentMatch({ url: 'https://a.example.org/x?utm_source=f', guid: null, sourceId: 'f' }, [{ url: 'https://a.example.org/x', guid: null, minhash: null }]) // that fingerprint
 */
export function sentMatch(
  item: { url: string | null; guid: string | null; sourceId: string },
  seen: readonly SeenFingerprint[],
): SeenFingerprint | null {
  const url = normalizeUrl(item.url);
  const guid = guidKey(item.sourceId, item.guid);
  return seen.find((s) => (url !== null && s.url === url) || (guid !== null && s.guid === guid)) ?? null;
}

/** The time a candidate counts from: its publication date when it parses, else its arrival. */
function effectiveTime(c: Candidate): number {
  const published = c.story.published ? Date.parse(c.story.published) : Number.NaN;
  const arrived = Date.parse(c.arrivedAt);
  return Number.isFinite(published) ? published : Number.isFinite(arrived) ? arrived : 0;
}

/**
 * Importance of a story, higher first. Documented in docs/briefings.md:
 * - recency: 3 × 2^(−age/24h) (publication date, else arrival; future dates count as now);
 * - substance: log2(1 + words/100), capped at 3 (a 700-word piece scores 3, a 100-word brief 1);
 * - quotes: 0.75 per chosen quote (up to 4) and 0.25 per distinct named speaker (up to 4);
 * - key points: 0.25 per key point (up to 4);
 * - editor's pick: +1.5 for an article queued by hand (API, CLI, S3 drop) rather than read from a feed.
 */
export function importance(c: Candidate, now: Date): number {
  const ageHours = Math.max(0, (now.getTime() - effectiveTime(c)) / 3_600_000);
  const recency = 3 * 2 ** (-ageHours / RECENCY_HALF_LIFE_HOURS);
  const wordCount = words(c.story.source).length;
  const substance = Math.min(3, Math.log2(1 + wordCount / 100));
  const speakers = new Set(c.story.allQuotes.map((q) => shownSpeaker(q.speaker)).filter((s) => s !== null));
  const quotes = 0.75 * Math.min(4, c.story.quotes.length) + 0.25 * Math.min(4, speakers.size);
  const points = 0.25 * Math.min(4, c.story.keyPoints.length);
  const pick = c.origin === 'feed' ? 0 : 1.5;
  return recency + substance + quotes + points + pick;
}

function truncate(text: string, max: number): string {
  const clean = text.replace(WHITESPACE_RE, ' ').trim();
  if (clean.length <= max) return clean;
  // never half a surrogate pair (an emoji, a CJK extension character): it would reach the Subject as U+FFFD
  const cut = clean.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/u, '');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

function titleOf(story: Story): string | null {
  const t = story.title?.replace(WHITESPACE_RE, ' ').trim();
  return t ? t : null;
}

/**
 * Subject: the lead story's title, then "+N more" when other stories follow. A lead without a title leaves the
 * list's title, what readers know the list by (`The <list> briefing` only for a caller that does not know it).
 * @example subjectFor([{title:'Harbour reopens'}, {title:'x'}, {title:'y'}], 'default') // 'Harbour reopens +2 more'
 * @example subjectFor([{title:null}, {title:'x'}], 'town2', 'T2') // 'T2 +1 more'
 */
export function subjectFor(
  stories: readonly Pick<Story, 'title'>[],
  list: string,
  listTitle?: string | null,
): string {
  const [lead, ...rest] = stories;
  const leadTitle = lead ? titleOf(lead as Story) : null;
  const untitled = listTitle?.replace(WHITESPACE_RE, ' ').trim() || `The ${list} briefing`;
  const base = truncate(leadTitle ?? untitled, SUBJECT_TITLE_MAX);
  return rest.length > 0 ? `${base} +${rest.length} more` : base;
}

/** Preheader: the titles of the stories after the lead, or the lead's first key point when it is alone. */
export function preheaderFor(stories: readonly Story[]): string {
  const [lead, ...rest] = stories;
  if (!lead) return '';
  const others = rest.map(titleOf).filter((t): t is string => t !== null);
  if (others.length > 0) return truncate(`Also: ${others.join(' · ')}`, PREHEADER_MAX);
  const first = lead.keyPoints[0];
  const point = first ? (first.shown ?? first.text) : undefined;
  return point ? truncate(point, PREHEADER_MAX) : '';
}

const REASON_WORDS: Record<DropReason, string> = {
  'already-sent': 'already sent',
  'in-draft': 'in a pending draft',
  'dropped-by-editor': 'dropped from an earlier issue',
  'duplicate-url': 'duplicate (same URL)',
  'duplicate-guid': 'duplicate (same GUID)',
  'near-duplicate': 'duplicate (same text)',
  'too-old': 'older than the maximum age',
  'over-cap': 'over the cap',
};

function emptyReason(total: number, dropped: readonly Dropped[]): string {
  const counts = new Map<DropReason, number>();
  for (const d of dropped) counts.set(d.reason, (counts.get(d.reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => `${n} ${REASON_WORDS[reason]}`);
  return `nothing new: ${total} item${total === 1 ? '' : 's'} read, ${parts.join(', ')}`;
}

interface FingerprintIndex {
  urls: Map<string, SeenFingerprint>;
  guids: Map<string, SeenFingerprint>;
  sigs: { sig: number[]; fingerprint: SeenFingerprint }[];
}

function fingerprintIndex(fingerprints: readonly SeenFingerprint[]): FingerprintIndex {
  const index: FingerprintIndex = { urls: new Map(), guids: new Map(), sigs: [] };
  for (const f of fingerprints) {
    if (f.url !== null && !index.urls.has(f.url)) index.urls.set(f.url, f);
    if (f.guid !== null && !index.guids.has(f.guid)) index.guids.set(f.guid, f);
    if (f.minhash !== null) index.sigs.push({ sig: f.minhash, fingerprint: f });
  }
  return index;
}

/** The story of the index that this one is (the same URL or GUID, or a near-identical text), or null. */
function inIndex(
  index: FingerprintIndex,
  url: string | null,
  guid: string | null,
  sig: number[] | null,
  threshold: number,
): SeenFingerprint | null {
  const known = (url ? index.urls.get(url) : undefined) ?? (guid ? index.guids.get(guid) : undefined);
  if (known) return known;
  if (sig === null) return null;
  return index.sigs.find((s) => minhashSimilarity(s.sig, sig) >= threshold)?.fingerprint ?? null;
}

/**
 * The key a story is claimed under for the one issue that carries it (ports/briefing-store.ts `claimStory`): its
 * normalised URL, else its source-scoped GUID, else its text's MinHash. Null for a fingerprint of none of them.
 * @example storyClaimKey({ url: 'https://a.example.org/x', guid: null, minhash: null }) // 'url https://a.example.org/x'
 */
export function storyClaimKey(fingerprint: SeenFingerprint): string | null {
  if (fingerprint.url) return `url ${fingerprint.url}`;
  if (fingerprint.guid) return `guid ${fingerprint.guid}`;
  if (fingerprint.minhash) return `text ${fingerprint.minhash.join('.')}`;
  return null;
}

/**
 * The story of an issue that a fingerprint was taken of when the issue was composed, or null when the issue no
 * longer carries it (an editor dropped it). Editing changes neither a story's URL nor its title and text, so the
 * story is found by its normalised URL, or, without one, by the MinHash of its text.
 */
export function storyOf(stories: readonly Story[], fingerprint: SeenFingerprint): Story | null {
  if (fingerprint.url !== null) return stories.find((s) => normalizeUrl(s.url) === fingerprint.url) ?? null;
  const sig = fingerprint.minhash;
  if (sig === null) return null;
  return (
    stories.find((s) => {
      const own = minhash(shingles(comparableText(s)));
      return own !== null && own.length === sig.length && own.every((x, i) => x === sig[i]);
    }) ?? null
  );
}

/**
 * Composes an issue from candidates. Drops (with a reason each) what was already sent, what
 * duplicates an earlier candidate by URL, GUID or near-identical text, and dated feed items
 * published before `notBefore`; orders the rest by `importance` and keeps the first `maxStories`.
 */
export function composeIssue(candidates: readonly Candidate[], options: ComposeOptions): ComposeResult {
  const maxStories = Math.max(1, options.maxStories ?? DEFAULT_MAX_STORIES);
  const threshold = options.nearDuplicateThreshold ?? DEFAULT_NEAR_DUPLICATE_THRESHOLD;
  const notBeforeMs = Date.parse(options.notBefore);
  const dropped: Dropped[] = [];
  if (candidates.length === 0) return { kind: 'empty', reason: 'nothing new: 0 items read', dropped };

  const sent = fingerprintIndex(options.seen);
  const inDrafts = fingerprintIndex(options.inDrafts ?? []);
  const editorDropped = fingerprintIndex(options.editorDropped ?? []);

  // Higher importance first, so that among duplicates the best copy is the one kept.
  const ranked = candidates
    .map((candidate, index) => ({ candidate, index, score: importance(candidate, options.now) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);

  const keptUrls = new Set<string>();
  const keptGuids = new Set<string>();
  const kept: { candidate: Candidate; shingles: Set<number>; fingerprint: SeenFingerprint }[] = [];
  for (const { candidate } of ranked) {
    const url = normalizeUrl(candidate.story.url);
    const guid = guidKey(candidate.sourceId, candidate.guid);
    const text = shingles(comparableText(candidate.story));
    const sig = minhash(text);
    const published = candidate.story.published ? Date.parse(candidate.story.published) : Number.NaN;
    let reason: DropReason | null = null;
    const matched = inIndex(sent, url, guid, sig, threshold);
    if (matched) reason = 'already-sent';
    else if (inIndex(inDrafts, url, guid, sig, threshold)) reason = 'in-draft';
    else if (candidate.origin === 'feed' && inIndex(editorDropped, url, guid, sig, threshold))
      reason = 'dropped-by-editor';
    else if (url && keptUrls.has(url)) reason = 'duplicate-url';
    else if (guid && keptGuids.has(guid)) reason = 'duplicate-guid';
    else if (kept.some((k) => jaccard(k.shingles, text) >= threshold)) reason = 'near-duplicate';
    else if (candidate.origin === 'feed' && Number.isFinite(published) && published < notBeforeMs)
      reason = 'too-old';
    if (reason) {
      dropped.push(matched ? { candidate, reason, matched } : { candidate, reason });
      continue;
    }
    if (url) keptUrls.add(url);
    if (guid) keptGuids.add(guid);
    kept.push({ candidate, shingles: text, fingerprint: { url, guid, minhash: sig } });
  }

  if (kept.length === 0) return { kind: 'empty', reason: emptyReason(candidates.length, dropped), dropped };
  for (const extra of kept.slice(maxStories))
    dropped.push({ candidate: extra.candidate, reason: 'over-cap' });
  const chosen = kept.slice(0, maxStories);
  const stories = chosen.map((k) => k.candidate.story);
  return {
    kind: 'issue',
    issue: {
      id: options.issueId,
      list: options.list,
      subject: subjectFor(stories, options.list, options.listTitle),
      preheader: preheaderFor(stories),
      createdAt: options.now.toISOString(),
      stories,
    },
    included: chosen.map((k) => k.candidate),
    dropped,
    fingerprints: chosen.map((k) => k.fingerprint),
  };
}
