/**
 * Console sessions signed out before their expiry. A session cookie is signed and carries no state,
 * so ending one early needs a record on the server that every console request reads: in AWS the
 * briefings table (adapters/dynamo-ended-sessions.ts, removed by the table's TTL), locally files under
 * the data dir (adapters/file-ended-sessions.ts, pruned at each sign-out). A record is kept until
 * core/admin-session.ts `endedUntil`; after that the signature check refuses the cookie anyway.
 */
export interface EndedSessions {
  /**
   * Records the session `sessionId` as ended until `untilSeconds` (Unix seconds). Resolves once the
   * record is written; rejects when it could not be, so that sign-out can say it did not complete.
   */
  end(sessionId: string, untilSeconds: number): Promise<void>;
  /** True when the session was ended. Rejects when that cannot be read: the request then fails closed. */
  isEnded(sessionId: string): Promise<boolean>;
}
