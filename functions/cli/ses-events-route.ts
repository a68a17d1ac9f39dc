/**
 * `POST /local/ses-events` in `digest dev`: SES event notifications in the shape an SNS HTTP(S)
 * subscription delivers them (`{"Type": "Notification", "MessageId", "TopicArn", "Message": "<SES
 * event JSON>", …}`), handed to the same handlers as the Lambdas subscribed to the SES events topic:
 * send-events (ledger: delivery, opens, clicks, bounces, complaints) for every event, and feedback
 * (suppression) for bounces and complaints, as the topic's filter policy does in AWS. It lets the
 * whole analytics flow run on a laptop. `digest dev` listens on 127.0.0.1 only, and the route also
 * refuses any caller that is not on this machine.
 */
import type { SNSEvent } from 'aws-lambda';
import { createHandler as feedbackHandler } from '../handlers/feedback.js';
import type { HttpEvent, HttpHandler, HttpResult } from '../handlers/http/types.js';
import { createHandler as sendEventsHandler } from '../handlers/send-events.js';
import type { Clock } from '../ports/clock.js';
import type { DeliveryLedger } from '../ports/delivery-ledger.js';
import type { SubscriberStore } from '../ports/subscriber-store.js';
import type { LocalDeps } from './local-deps.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const FEEDBACK_TYPES = new Set(['Bounce', 'Complaint']);

const json = (statusCode: number, body: unknown): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

interface SnsEnvelope {
  Type?: unknown;
  MessageId?: unknown;
  TopicArn?: unknown;
  Subject?: unknown;
  Message?: unknown;
  Timestamp?: unknown;
}

export interface SesEventsRouteDeps {
  ledger: DeliveryLedger;
  subscribers: SubscriberStore;
  clock: Clock;
}

/** The ledger of a local data dir, for the route in `digest dev`. */
export async function localSesEventsDeps(deps: LocalDeps): Promise<SesEventsRouteDeps> {
  const { DynamoDeliveryLedger, deliveriesTableDefinition, LOCAL_DELIVERIES_TABLE } = await import(
    '../adapters/dynamo-delivery-ledger.js'
  );
  const { ensureTable } = await import('../adapters/local-runtime.js');
  const { optionalEnv } = await import('../config.js');
  const table = optionalEnv('DELIVERIES_TABLE', deps.env) ?? LOCAL_DELIVERIES_TABLE;
  await ensureTable(deps.dynamo.client, deliveriesTableDefinition(table));
  return {
    ledger: new DynamoDeliveryLedger(deps.dynamo.client, table),
    subscribers: deps.subscribers,
    clock: deps.clock,
  };
}

export function sesEventsRoute(deps: SesEventsRouteDeps): HttpHandler {
  const events = sendEventsHandler({ ledger: deps.ledger, now: () => deps.clock.now() });
  const feedback = feedbackHandler({ store: deps.subscribers, clock: deps.clock, log: () => {} });

  return async (event: HttpEvent) => {
    if (!LOOPBACK.has(event.requestContext.http.sourceIp))
      return json(403, { error: 'this route answers only on the local machine' });
    let envelope: SnsEnvelope;
    try {
      const body = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString() : event.body;
      envelope = JSON.parse(body ?? '') as SnsEnvelope;
    } catch {
      return json(400, { error: 'the body is not JSON (an SNS notification is expected)' });
    }
    if (envelope?.Type === 'SubscriptionConfirmation' || envelope?.Type === 'UnsubscribeConfirmation')
      return json(200, { confirmed: false, note: 'nothing to confirm locally' });
    if (envelope?.Type !== 'Notification' || typeof envelope.Message !== 'string')
      return json(400, {
        error: 'expected an SNS notification: {"Type": "Notification", "Message": "<SES event JSON>"}',
      });
    const sns: SNSEvent = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'local',
          Sns: {
            Type: 'Notification',
            MessageId: typeof envelope.MessageId === 'string' ? envelope.MessageId : 'local',
            TopicArn: typeof envelope.TopicArn === 'string' ? envelope.TopicArn : 'local',
            Subject: typeof envelope.Subject === 'string' ? envelope.Subject : '',
            Message: envelope.Message,
            Timestamp:
              typeof envelope.Timestamp === 'string' ? envelope.Timestamp : deps.clock.now().toISOString(),
            SignatureVersion: '1',
            Signature: '',
            SigningCertUrl: '',
            UnsubscribeUrl: '',
            MessageAttributes: {},
          },
        },
      ],
    };
    const recorded = await events(sns);
    let suppressed = 0;
    let type: unknown;
    try {
      const parsed = JSON.parse(envelope.Message) as { eventType?: unknown; notificationType?: unknown };
      type = parsed.eventType ?? parsed.notificationType;
    } catch {
      type = null;
    }
    if (typeof type === 'string' && FEEDBACK_TYPES.has(type)) suppressed = (await feedback(sns)).suppressed;
    return json(200, { ...recorded, suppressed });
  };
}
