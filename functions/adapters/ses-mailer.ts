/**
 * The SES transport: SendRawEmail with a configuration set and our delivery id as a message tag.
 *
 * - The SESClient is created once (createSesClient) and injected. It has `maxAttempts: 1`: the SDK
 *   must never retry a send by itself, because its retry cannot tell a lost answer from a refused
 *   request and would send twice. Retries are the delivery worker's, after classifySendError.
 * - Every call has a deadline: the PhaseAwareHttpHandler's connect/response timeouts plus an
 *   AbortSignal for the whole call.
 * - Message tags: SES allows only ASCII letters, digits, `_` and `-` in tag names and values (at
 *   most 256 characters). encodeTagValue keeps letters, digits and `-` and writes every other byte
 *   of the UTF-8 form as `_XX` (two upper-case hex digits; `_` itself becomes `_5F`), so the
 *   encoding is reversible (decodeTagValue) and `2026-11-27-ab.c9` travels as `2026-11-27-ab_2Ec9`.
 */
import {
  GetSendQuotaCommand,
  SESClient,
  type SESClientConfig,
  SendRawEmailCommand,
} from '@aws-sdk/client-ses';
import { redactText } from '../core/log-redaction.js';
import { type BackoffOptions, backoffDelay } from '../core/token-bucket.js';
import type {
  Mailer,
  OutgoingMessage,
  RawMailer,
  RawOutgoingMessage,
  RawSendOptions,
  SentMessage,
} from '../ports/mailer.js';
import { composeMime, senderDomain } from './mime.js';
import { newMessageId } from './outbox-mailer.js';
import {
  PhaseAwareHttpHandler,
  type PhaseAwareHttpHandlerOptions,
  TransportError,
} from './ses-http-handler.js';

const TAG_KEEP_RE = /^[A-Za-z0-9-]$/;
/** What encodeTagValue produces: kept characters and `_XX` escapes only. */
const ENCODED_TAG_RE = /^(?:[A-Za-z0-9-]|_[0-9A-F]{2})*$/;

/** Message tag names we set. */
export const TAG_DELIVERY = 'digest-delivery';
export const TAG_ISSUE = 'digest-issue';
export const TAG_LIST = 'digest-list';

export class TagEncodingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TagEncodingError';
  }
}

/**
 * Encodes any string into SES's tag charset, reversibly.
 * @example encodeTagValue('iss-1.ab_c') // 'iss-1_2Eab_5Fc'
 */
export function encodeTagValue(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && TAG_KEEP_RE.test(char) ? char : `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.length > 256) throw new TagEncodingError(`tag value too long once encoded (${out.length} > 256)`);
  return out;
}

/** The inverse of encodeTagValue. */
export function decodeTagValue(value: string): string {
  if (value.length > 256 || !ENCODED_TAG_RE.test(value))
    throw new TagEncodingError('not an encoded tag value');
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '_') {
      bytes.push(Number.parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface SesClientOptions extends PhaseAwareHttpHandlerOptions {
  region?: string;
  /** Overrides the endpoint (tests); otherwise the SDK reads AWS_ENDPOINT_URL_SES itself. */
  endpoint?: string;
  credentials?: SESClientConfig['credentials'];
}

/** The one SESClient of a process: no SDK retries, phase-aware transport with timeouts. */
export function createSesClient(options: SesClientOptions = {}): SESClient {
  return new SESClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: 1,
    requestHandler: new PhaseAwareHttpHandler(options) as unknown as SESClientConfig['requestHandler'],
  });
}

export interface SesMailerOptions {
  client: SESClient;
  configurationSetName?: string;
  /**
   * The configuration set with open and click tracking: a message sent with `{ tracking: true }` goes through it
   * (SES then rewrites its links and adds a pixel). The caller decides from the list's record; without this set
   * such a message goes through the plain one, untracked.
   */
  trackingConfigurationSetName?: string;
  /** Deadline for one whole call, ms. Default 15 s. */
  callTimeoutMs?: number;
  /** GetSendQuota is cached this long, ms. Default 5 min. */
  quotaTtlMs?: number;
  now?: () => number;
  /**
   * Calls per one-off mail (`send`: forwards, confirmations, previews, notices) while SES answers with a
   * failure it certainly did not act on (Throttling, 5xx, refused before the request was written). Default 5.
   */
  sendAttempts?: number;
  /** Backoff between those calls (full jitter). */
  backoff?: BackoffOptions;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A send failure after classification (see classifySendError). */
export type SendFailureKind = 'retry' | 'permanent' | 'ambiguous' | 'fatal';

export interface ClassifiedFailure {
  kind: SendFailureKind;
  /** Short reason for the ledger and the report. */
  reason: string;
}

const PERMANENT_CODES = new Set([
  'MessageRejected',
  'InvalidParameterValue',
  'InvalidParameterCombination',
  'ValidationError',
  'MalformedQueryString',
]);
/** Account-wide problems: every further send would fail the same way; stop the run. */
const FATAL_CODES = new Set([
  'AccountSendingPausedException',
  'ConfigurationSetDoesNotExist',
  'ConfigurationSetSendingPausedException',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'ExpiredToken',
]);

/** The errors of the SDK's credential and token providers (@smithy/property-provider), raised before any request. */
const PROVIDER_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ProviderError']);

interface ServiceErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/**
 * Decides what a failed send means. The rule: retry only when SES certainly did not accept the
 * mail — an SES error answer (Throttling 400 with its error XML, any 5xx answer), or a transport
 * failure before the whole request was written (refused, reset or timed out while connecting or
 * writing). A reset or timeout after the request went out is ambiguous: the mail is `unknown`.
 */
export function classifySendError(error: unknown): ClassifiedFailure {
  if (error instanceof TransportError) {
    if (error.ambiguous) return { kind: 'ambiguous', reason: `${error.code} after the request was sent` };
    if (error.phase === 'read-response')
      return { kind: 'retry', reason: `HTTP ${error.statusCode} (${error.code})` };
    return { kind: 'retry', reason: `${error.code} before the request was sent` };
  }
  const e = (error ?? {}) as ServiceErrorShape;
  const status = e.$metadata?.httpStatusCode;
  const name = e.name ?? 'Error';
  if (typeof status === 'number' && status > 0) {
    if (status >= 200 && status < 300) {
      // SES said yes but the answer could not be read: it has the mail, we have no MessageId
      return { kind: 'ambiguous', reason: `unreadable ${status} answer (${name})` };
    }
    if (name === 'Throttling' || name === 'ThrottlingException' || status === 429) {
      if (/daily message quota/i.test(e.message ?? ''))
        return { kind: 'fatal', reason: 'daily sending quota exceeded' };
      return { kind: 'retry', reason: 'Throttling' };
    }
    if (status >= 500) return { kind: 'retry', reason: `HTTP ${status} ${name}` };
    if (FATAL_CODES.has(name) || status === 403)
      return { kind: 'fatal', reason: `${name}: ${redactText(e.message ?? '')}`.trim() };
    if (PERMANENT_CODES.has(name) || status === 400) {
      return {
        kind: 'permanent',
        reason: `${name}: ${redactText(e.message ?? '').slice(0, 200)}`.trim(),
      };
    }
    return { kind: 'permanent', reason: `HTTP ${status} ${name}` };
  }
  // The SDK found no credentials or token before it built the request (the default chain's error when no
  // variable, profile or role gives any): nothing was sent, and no further send can be, so the run stops.
  if (PROVIDER_ERRORS.has(name))
    return { kind: 'fatal', reason: `no AWS credentials: ${redactText(e.message ?? '').slice(0, 200)}` };
  // no answer and no phase: we cannot show SES did not get it
  return { kind: 'ambiguous', reason: `${name}: ${redactText(e.message ?? '').slice(0, 200)}`.trim() };
}

/**
 * When a failed send is SES refusing this one message to this recipient (a `permanent` failure: MessageRejected for
 * an unverified address in the sandbox or a blocked domain, a bad parameter), the reason as SES worded it,
 * `Name: message`; null for a failure of the service itself (no credentials, throttling past the retries, an
 * outage, a lost answer: fatal, retry or ambiguous), which any other recipient would meet too. An outbox error is
 * never a refusal. A free function rather than a method, so that only the bundles that use it carry it.
 */
export function sesRefusalReason(error: unknown): string | null {
  if (classifySendError(error).kind !== 'permanent') return null;
  const e = error as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${e.message ?? ''}`.slice(0, 200).trim();
}

/** SES mailer (DIGEST_TRANSPORT=ses). */
export class SesMailer implements Mailer, RawMailer {
  private readonly client: SESClient;
  private readonly configurationSetName: string | undefined;
  private readonly trackingConfigurationSetName: string | undefined;
  private readonly callTimeoutMs: number;
  private readonly quotaTtlMs: number;
  private readonly now: () => number;
  private quota: { rate: number; at: number } | null = null;
  private readonly sendAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: SesMailerOptions) {
    this.sendAttempts = Math.max(1, options.sendAttempts ?? 5);
    this.backoff = options.backoff ?? { baseMs: 200, capMs: 3_000 };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.client = options.client;
    this.configurationSetName = options.configurationSetName;
    this.trackingConfigurationSetName = options.trackingConfigurationSetName;
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.quotaTtlMs = options.quotaTtlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * One mail that no ledger follows (a forward, a confirmation, an editor's preview or notice). A failure
   * SES certainly did not act on is tried again with backoff, so that a throttled moment does not fail a
   * forward half-way; an ambiguous, permanent or fatal one is thrown at once (retrying could send twice).
   * The last error is thrown as it came, for classifySendError.
   */
  async send(message: OutgoingMessage): Promise<SentMessage> {
    const messageId = newMessageId(message.deliveryId, senderDomain(message.from));
    const raw = await composeMime(message, { messageId });
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendRaw({ to: message.to, raw, messageId, deliveryId: message.deliveryId });
      } catch (error) {
        if (attempt + 1 >= this.sendAttempts || classifySendError(error).kind !== 'retry') throw error;
        await this.sleep(backoffDelay(attempt, this.random, this.backoff));
      }
    }
  }

  /**
   * One SendRawEmail; `tracking` sends it through the open/click tracking set when this mailer has one.
   * Throws the SDK's service error or a TransportError; see classifySendError.
   */
  async sendRaw(
    message: RawOutgoingMessage,
    tags: Record<string, string> = {},
    options: RawSendOptions = {},
  ): Promise<SentMessage> {
    const messageTags = Object.entries(tags).map(([Name, Value]) => ({ Name, Value: encodeTagValue(Value) }));
    if (message.deliveryId)
      messageTags.push({ Name: TAG_DELIVERY, Value: encodeTagValue(message.deliveryId) });
    const configurationSetName =
      options.tracking && this.trackingConfigurationSetName
        ? this.trackingConfigurationSetName
        : this.configurationSetName;
    const result = await this.client.send(
      new SendRawEmailCommand({
        RawMessage: { Data: message.raw },
        Destinations: [message.to],
        ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
        ...(messageTags.length ? { Tags: messageTags } : {}),
      }),
      { abortSignal: AbortSignal.timeout(this.callTimeoutMs) },
    );
    if (!result.MessageId) throw new TransportError('read-response', 'NoMessageId', 200);
    return { messageId: result.MessageId };
  }

  /** The account's MaxSendRate (messages per second), cached. */
  async maxSendRate(): Promise<number> {
    const now = this.now();
    if (this.quota && now - this.quota.at < this.quotaTtlMs) return this.quota.rate;
    const answer = await this.client.send(new GetSendQuotaCommand({}), {
      abortSignal: AbortSignal.timeout(this.callTimeoutMs),
    });
    const rate = answer.MaxSendRate && answer.MaxSendRate > 0 ? answer.MaxSendRate : 1;
    this.quota = { rate, at: now };
    return rate;
  }
}
