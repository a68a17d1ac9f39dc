/**
 * A story goes out in one issue only. Right before an issue's delivery starts (a briefing that sends, the approve
 * link of a [Review] mail, the console's Send now, `digest send` of URLs), each story it carries is claimed for it with a
 * conditional write, one item per story and list (`STORY#<digest of the story's key>`, the key being its normalised
 * URL, else its GUID, else its text's MinHash: core/compose.ts `storyClaimKey`). The write passes when no issue
 * holds the story, or this issue does already: a retry or a resume of the same issue passes. When another issue
 * holds a story, nothing is sent: the claims this call took are released, and the caller says which story went out
 * in which issue (a briefing run reports it, the console and the approve link refuse with 409, the draft kept).
 *
 * Two runs that claim the same stories at once cannot both lose: the stories are claimed in the order of their keys,
 * so the first key both want decides, and the loser gives back what it took before it.
 *
 * Crashes: claims are taken before the issue is archived, and a run that throws afterwards does not release them
 * (the archive may have been written even when its answer was lost). The same issue id resumes (a window taken over,
 * an approval finished again) and passes its own claims. A claim held by another issue blocks only while it means
 * something: that issue is archived and carries the story (it went out), or it is not archived yet and the claim is
 * younger than STORY_CLAIM_STALE_MS (it is being sent right now; publishing takes seconds from claim to archive).
 * Otherwise it is taken over, with a conditional write on the holder and time read: a claim of an issue that died
 * before archiving, or one left by an earlier attempt of an issue that went out without that story.
 *
 * Lifetime: a claim is removed by the table's TTL STORY_MEMORY_DAYS (400) after it was taken or last renewed. Every
 * briefing that meets a story it already sent (skipped as already sent, or run into its claim) renews that story's
 * claim (`renewStoryClaims`), so that a story a feed keeps offering stays claimed however long it does; a dated item
 * is too old to be sent (365 days at most) before a claim nobody renews goes.
 */
import { fingerprintOfStory, type SeenFingerprint, storyClaimKey, storyOf } from '../core/compose.js';
import type { Issue, Story } from '../core/types.js';
import type { BriefingStore, StoryClaim } from '../ports/briefing-store.js';
import type { IssueArchive } from '../ports/issue-archive.js';

/** How long a claim of an issue that is not archived stops other issues: as a window's claim (15 minutes). */
export const STORY_CLAIM_STALE_MS = 15 * 60_000;

/** A story another issue holds, and that issue. */
export interface StoryConflict {
  title: string | null;
  url: string | null;
  issueId: string;
  /** True when that issue is archived, so the story went out in it; false when it is being sent right now. */
  sent: boolean;
}

/** The story and where it is, in words: `"Harbour reopens" (https://…) already went out in issue X`. */
export function describeConflict(conflict: StoryConflict): string {
  const name = conflict.title ? `"${conflict.title}"` : (conflict.url ?? 'a story');
  const where = conflict.title && conflict.url ? ` (${conflict.url})` : '';
  return conflict.sent
    ? `the story ${name}${where} already went out in issue ${conflict.issueId}`
    : `the story ${name}${where} is going out in issue ${conflict.issueId} right now`;
}

/** What an issue composed from the list's sources carries once an editor has changed it, and what to record. */
export interface CarriedStories {
  /** The stories the issue carries, each with its fingerprint as composed: claimed, then recorded as sent. */
  carried: { fingerprint: SeenFingerprint; story: Story }[];
  /** The fingerprints of the composed stories an editor dropped: recorded as dropped, not as sent. */
  dropped: SeenFingerprint[];
  /**
   * The queued URLs that leave the queue: those of the stories carried and those the composition found redundant;
   * not those of stories an editor dropped, which stay queued.
   */
  dequeue: string[];
}

/**
 * Splits an issue's composed stories into those it still carries and those an editor dropped (core/compose.ts
 * `storyOf`), with the queued URLs that leave the queue.
 */
export function carriedStories(
  issue: Issue,
  composed: {
    fingerprints: readonly SeenFingerprint[];
    queuedUrls: readonly string[];
    storyQueuedUrls?: readonly (string | null)[];
  },
): CarriedStories {
  const out: CarriedStories = { carried: [], dropped: [], dequeue: [] };
  const kept = new Set<string>();
  composed.fingerprints.forEach((fingerprint, i) => {
    const story = storyOf(issue.stories, fingerprint);
    if (story) out.carried.push({ fingerprint, story });
    else {
      out.dropped.push(fingerprint);
      const queued = composed.storyQueuedUrls?.[i];
      if (queued) kept.add(queued);
    }
  });
  out.dequeue = composed.queuedUrls.filter((url) => !kept.has(url));
  return out;
}

/**
 * The stories of an issue composed from articles an editor gave (`digest send FILE|URL…`, the console) that are
 * claimed and recorded as sent: those read from a URL, under it. A file's or a pasted text's story has no URL: known
 * by nothing but its words, which an editor may have trimmed or copied from anywhere, it is neither claimed nor
 * recorded as sent (a feed item of the same article may still go out in a briefing).
 */
export function storiesWithUrls(issue: Issue): CarriedStories['carried'] {
  return issue.stories.flatMap((story) => {
    const fingerprint = fingerprintOfStory(story);
    return fingerprint.url ? [{ fingerprint, story }] : [];
  });
}

export interface ClaimDeps {
  store: Pick<BriefingStore, 'claimStory' | 'takeOverStory' | 'releaseStory' | 'recordSent' | 'renewStories'>;
  archive: Pick<IssueArchive, 'get'>;
  now: () => Date;
}

export type ClaimOutcome = { ok: true } | { ok: false; conflict: StoryConflict };

/**
 * Claims every story an issue carries for it, or none: when another issue holds one, the claims this call took
 * are released and the conflict is returned.
 */
export async function claimStories(
  deps: ClaimDeps,
  issue: Issue,
  carried: CarriedStories['carried'],
): Promise<ClaimOutcome> {
  const at = deps.now();
  const claims = carried
    .flatMap(({ fingerprint, story }) => {
      const key = storyClaimKey(fingerprint);
      return key === null ? [] : [{ fingerprint, claim: claimOf(issue, key, story, at) }];
    })
    .sort((a, b) => (a.claim.key < b.claim.key ? -1 : a.claim.key > b.claim.key ? 1 : 0));
  const taken: StoryClaim[] = [];
  for (const { fingerprint, claim } of claims) {
    const conflict = await claimOne(deps, issue, claim, fingerprint, at);
    if (conflict === 'fresh') taken.push(claim);
    else if (conflict !== 'held') {
      for (const mine of taken.reverse()) await deps.store.releaseStory(issue.list, mine);
      return { ok: false, conflict };
    }
  }
  return { ok: true };
}

/**
 * Renews the claims of sent stories a briefing met again (ports/briefing-store.ts `renewStories`): each lasts
 * STORY_MEMORY_DAYS from `at`. A story never claimed (sent before claims were taken) stays without one.
 */
export async function renewStoryClaims(
  store: Pick<BriefingStore, 'renewStories'>,
  list: string,
  met: readonly SeenFingerprint[],
  at: Date,
): Promise<void> {
  const keys = met.map(storyClaimKey).filter((k): k is string => k !== null);
  if (keys.length > 0) await store.renewStories(list, keys, at.toISOString());
}

function claimOf(issue: Issue, key: string, story: Story, at: Date): StoryClaim {
  return { key, issueId: issue.id, claimedAt: at.toISOString(), title: story.title, url: story.url };
}

/** `fresh`: claimed by this call; `held`: this issue held it already; else the conflict. */
async function claimOne(
  deps: ClaimDeps,
  issue: Issue,
  claim: StoryClaim,
  fingerprint: SeenFingerprint,
  at: Date,
): Promise<'fresh' | 'held' | StoryConflict> {
  const result = await deps.store.claimStory(issue.list, claim);
  if (result.claimed) return result.fresh ? 'fresh' : 'held';
  const holder = result.holder;
  const archived = await deps.archive.get(holder.issueId);
  const conflict: StoryConflict = {
    title: holder.title ?? claim.title,
    url: holder.url ?? claim.url,
    issueId: holder.issueId,
    sent: archived !== null,
  };
  if (archived && storyOf(archived.issue.stories, fingerprint)) {
    // It went out. Recorded again as sent, now: a composition that did not know it (the story had left the history
    // read, `recentlySent`'s last 2 000) leaves it out next time, rather than running into this claim again.
    await deps.store.recordSent(issue.list, holder.issueId, [fingerprint], at.toISOString());
    await deps.store.renewStories(issue.list, [claim.key], at.toISOString());
    return conflict;
  }
  const staleBefore = new Date(at.getTime() - STORY_CLAIM_STALE_MS).toISOString();
  if (!archived && holder.claimedAt > staleBefore) return conflict;
  // The holder never archived its issue in time (it died), or went out without this story: taken over.
  if (await deps.store.takeOverStory(issue.list, claim, holder)) return 'fresh';
  const again = await deps.store.claimStory(issue.list, claim);
  if (again.claimed) return again.fresh ? 'fresh' : 'held';
  return {
    ...conflict,
    issueId: again.holder.issueId,
    sent: (await deps.archive.get(again.holder.issueId)) !== null,
  };
}
