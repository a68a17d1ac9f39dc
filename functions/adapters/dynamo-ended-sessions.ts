/**
 * EndedSessions in the briefings table (BRIEFINGS_TABLE), beside the console's other state there (its
 * sign-in throttle and send claims): one item per signed-out session,
 *
 *   pk                      sk      what
 *   SESSION#<session id>    ENDED   `expiresAt`: the table's TTL attribute (Unix seconds)
 *
 * so every instance of the admin function sees a sign-out at once (a consistent read per request), and
 * DynamoDB deletes the record after the session's own expiry. TTL deletion may lag by days; a record still
 * there after `expiresAt` changes nothing, since the cookie's signature check refuses an expired session.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SESSION_ID_RE } from '../core/admin-session.js';
import type { EndedSessions } from '../ports/ended-sessions.js';

function keyOf(sessionId: string): { pk: string; sk: string } {
  if (!SESSION_ID_RE.test(sessionId)) throw new Error('not a console session id');
  return { pk: `SESSION#${sessionId}`, sk: 'ENDED' };
}

export class DynamoEndedSessions implements EndedSessions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async end(sessionId: string, untilSeconds: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keyOf(sessionId), expiresAt: untilSeconds },
      }),
    );
  }

  async isEnded(sessionId: string): Promise<boolean> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keyOf(sessionId),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    return out.Item !== undefined;
  }
}
