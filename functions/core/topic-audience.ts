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
