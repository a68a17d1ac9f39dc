/**
 * Who an issue of a list can really be mailed to: its confirmed subscribers (for an issue sent to a topic, those who
 * receive it: the topic among theirs, or no topics at all, `receivesTopic` in core/topic-audience.ts) less
 * the suppressed addresses (a hard bounce or a complaint), which the fan-out leaves out and the send worker refuses.
 * One count for every place that names it: the console's Lists page (its Confirmed and Suppressed columns), a
 * list's own page, and Send now (the "Send to N confirmed subscribers" question, and the refusal of a list nobody on
 * which can be mailed), so that none of them says 4 where 2 would get the issue.
 */
import { receivesTopic } from '../core/topic-audience.js';
import type { Subscriber, SubscriberStore } from '../ports/subscriber-store.js';

/** Confirmed records read per page (the fan-out's index, `confirmedByList`). */
const PAGE = 1000;

export interface MailableCount {
  /** Confirmed and not suppressed: who gets the next issue. */
  mailable: number;
  /** Confirmed, but the address is suppressed: never mailed. */
  suppressed: number;
}

/**
 * The mailable confirmed subscribers of a list (who receive the topic, when given), and the confirmed ones whose address
 * is suppressed, counted apart. Reads the list's confirmed records a page at a time and their suppression entries
 * in the store's batches (`suppressedAmong`), as the fan-out reads them.
 * @example await mailableSubscribers(store, 'harbour') // { mailable: 2, suppressed: 2 }
 */
export async function mailableSubscribers(
  store: Pick<SubscriberStore, 'pageConfirmed' | 'suppressedAmong'>,
  list: string,
  options: { topic?: string } = {},
): Promise<MailableCount> {
  const total: MailableCount = { mailable: 0, suppressed: 0 };
  for (let cursor: string | null = null; ; ) {
    const page: Awaited<ReturnType<SubscriberStore['pageConfirmed']>> = await store.pageConfirmed(list, {
      ...(options.topic ? { topic: options.topic } : {}),
      cursor,
      limit: PAGE,
    });
    const counted = await mailableAmong(
      store,
      page.items.filter((s) => receivesTopic(s.topics, options.topic || undefined)),
    );
    total.mailable += counted.mailable;
    total.suppressed += counted.suppressed;
    cursor = page.next;
    if (!cursor) return total;
  }
}

/** The same count over records already read (a list's own page reads them all): only the confirmed ones count. */
export async function mailableAmong(
  store: Pick<SubscriberStore, 'suppressedAmong'>,
  records: readonly Subscriber[],
): Promise<MailableCount> {
  const confirmed = records.filter((s) => s.status === 'confirmed').map((s) => s.email);
  if (confirmed.length === 0) return { mailable: 0, suppressed: 0 };
  const suppressed = await store.suppressedAmong(confirmed);
  const blocked = confirmed.filter((email) => suppressed.has(email)).length;
  return { mailable: confirmed.length - blocked, suppressed: blocked };
}

/**
 * "no confirmed subscriber who can be mailed (…)": the words for a list nobody on which can be mailed, with the
 * confirmed but suppressed addresses named when there are some (the editor sees why the list is empty). The console's
 * Send now and the approve link of a [Review] mail say the same.
 */
export function noMailableSubscriber(suppressed: number, topic?: string): string {
  const ofTopic = topic ? ` of the topic "${topic}"` : '';
  if (suppressed === 0) return `no confirmed subscriber${ofTopic}`;
  return `no confirmed subscriber${ofTopic} who can be mailed: ${suppressed === 1 ? 'its only confirmed address is' : `all ${suppressed} of its confirmed addresses are`} suppressed (a hard bounce or a complaint)`;
}

/**
 * Why a briefing of a list nobody on which can be mailed sent nothing, after `nothing sent for <list>: `: `digest
 * briefing` prints it on stderr and the schedule function logs it.
 * @example nobodyToMail(2) // 'no confirmed subscriber can be mailed (all 2 of its confirmed addresses are …); …'
 */
export function nobodyToMail(suppressed: number): string {
  const why =
    suppressed === 0
      ? 'the list has none'
      : `${suppressed === 1 ? 'its only confirmed address is' : `all ${suppressed} of its confirmed addresses are`} suppressed: a hard bounce or a complaint`;
  return `no confirmed subscriber can be mailed (${why}); its stories wait for a briefing with a reader`;
}
