/**
 * Who gets an issue sent to a topic. The one rule every place asks (the fan-out's selection in both subscriber
 * stores, the send worker's check at send time, the counts shown before a send): a confirmed reader with no topics
 * gets every issue, topic issues included (the subscribe page's "leave all unticked for everything", the preferences
 * page's "empty means everything"); a reader who picked topics gets the issues sent to no topic and the issues of
 * the topics they picked. The console's search by topic is not this question: it lists the records carrying the
 * topic (core/subscriber-search.ts).
 */

/**
 * Whether a reader with these topics receives an issue sent to `topic` (undefined: an issue for the whole list).
 * @example receivesTopic([], 'rail') // true: no topics picked, every issue
 * @example receivesTopic(['harbour'], 'rail') // false
 * @example receivesTopic(['harbour'], undefined) // true: an issue sent to no topic goes to everyone
 */
export function receivesTopic(subscriberTopics: readonly string[], topic: string | undefined): boolean {
  return topic === undefined || subscriberTopics.length === 0 || subscriberTopics.includes(topic);
}

/**
 * The topic an issue is sent to (`digest send --topic`), read as readers' topics are (trimmed, lower-cased) and held
 * to the topics the list offers: a topic no reader can have picked would reach only the readers who picked none, so
 * a typo ("Civic", "civics") is refused rather than sent to them alone. A list that offers no topics has no topic
 * issues: every issue goes to every reader.
 * @example issueTopic(' Civic ', 'harbour', ['civic', 'sport']) // { ok: true, topic: 'civic' }
 * @example issueTopic('rail', 'harbour', []).ok // false: the list offers no topics
 */
export function issueTopic(
  wanted: string,
  list: string,
  offered: readonly string[],
): { ok: true; topic: string } | { ok: false; message: string } {
  const topic = wanted.trim().toLowerCase();
  if (offered.length === 0) {
    const how = `digest lists update ${list} --topics …`;
    return {
      ok: false,
      message: `the list "${list}" offers no topics, so --topic has none to choose (${how})`,
    };
  }
  if (offered.includes(topic)) return { ok: true, topic };
  const named = JSON.stringify(wanted);
  return {
    ok: false,
    message: `${named} is not a topic of the list "${list}" (its topics: ${offered.join(', ')})`,
  };
}
