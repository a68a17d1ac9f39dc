/**
 * A fault-injecting HTTP proxy in front of aws-ses-v2-local (SES v1 query API).
 *
 * Faults that fail a request BEFORE it reaches the emulator (so the mail certainly was not accepted):
 * - `throttle`: HTTP 400 with SES's Throttling error XML;
 * - `serverError`: HTTP 500 InternalFailure / 503 ServiceUnavailable;
 * - `unavailable`: HTTP 503 ServiceUnavailable, always (a recipient SES keeps turning away);
 * - `slowOk`: waits `slowOkMs` (below the client timeout), then forwards;
 * - `slowTimeout`: waits `slowTimeoutMs` (above the client timeout); forwards only if the client
 *   is still there (it never is), so the mail is not accepted but the client cannot know that;
 * - `reset`: resets the connection (TCP RST) without forwarding;
 * - `reject`: HTTP 400 MessageRejected (a permanent error).
 * And one that fails AFTER the emulator accepted the mail:
 * - `loseAnswer`: forwards, the emulator stores the mail, and the proxy resets the connection
 *   instead of passing the 200 on.
 *
 * A fault is drawn per send request from the rates; `setRecipientFaults` instead pins one fault to every send to
 * an address (the rates still decide for everyone else), for a test that needs to know who met which fault.
 *
 * It also answers GetSendQuota (the emulator lacks it, and an unknown action hangs there), and
 * keeps what the emulator accepted (raw bytes, tags), because the emulator's own store drops the
 * original headers.
 */
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export type Fault =
  | 'throttle'
  | 'serverError'
  | 'unavailable'
  | 'reject'
  | 'slowOk'
  | 'slowTimeout'
  | 'reset'
  | 'loseAnswer';

export type FaultRates = Partial<Record<Fault, number>>;

export interface AcceptedMail {
  sesMessageId: string;
  raw: Buffer;
  destinations: string[];
  tags: Record<string, string>;
  configurationSet: string | null;
}

export interface FaultProxyStats {
  requests: number;
  sendRequests: number;
  forwarded: number;
  accepted: number;
  quotaAnswers: number;
  faults: Record<Fault, number>;
  /** Send requests whose client went away before any answer was written (its timeout fired). */
  clientGaveUp: number;
  /**
   * Send requests answered in full, but later than `lateAnswerMs` after they arrived: a client whose timeout is
   * about that long may have given up before it read the answer (on a busy machine its timer started earlier and
   * its event loop runs late), so for it the outcome is as ambiguous as a lost answer.
   */
  lateAnswers: number;
}

export interface FaultProxyOptions {
  /** The emulator's base URL, e.g. http://127.0.0.1:4567 */
  target: string;
  rates?: FaultRates;
  /** [0, 1) source; seed it for reproducible runs. Default Math.random. */
  random?: () => number;
  slowOkMs?: number;
  slowTimeoutMs?: number;
  maxSendRate?: number;
  max24HourSend?: number;
}

export interface FaultProxy {
  url: string;
  stats: FaultProxyStats;
  accepted: AcceptedMail[];
  setRates(rates: FaultRates): void;
  /**
   * Pins a fault to every send request to an address (lower-cased), whatever the rates draw; an address left out
   * of the map goes back to the rates. Replaces the previous map.
   */
  setRecipientFaults(faults: Record<string, Fault>): void;
  /** Changes the slow-answer delays (keep slowTimeoutMs above the client's response timeout). */
  setTiming(timing: { slowOkMs?: number; slowTimeoutMs?: number; lateAnswerMs?: number }): void;
  /** Faults after which SES may or may not have the mail, seen from the client. */
  ambiguousFaults(): number;
  close(): Promise<void>;
}

// `unavailable` last: a rate of 0 for it leaves every seeded draw of the others where it was
const FAULT_ORDER: Fault[] = [
  'throttle',
  'serverError',
  'reject',
  'slowOk',
  'slowTimeout',
  'reset',
  'loseAnswer',
  'unavailable',
];

/** A small seeded PRNG (mulberry32) for reproducible fault patterns. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sesError(code: string, message: string, type: 'Sender' | 'Receiver'): string {
  return `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reset(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function tagsOf(params: URLSearchParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 1; params.has(`Tags.member.${i}.Name`); i++) {
    tags[params.get(`Tags.member.${i}.Name`)!] = params.get(`Tags.member.${i}.Value`) ?? '';
  }
  return tags;
}

function destinationsOf(params: URLSearchParams): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`Destinations.member.${i}`); i++)
    out.push(params.get(`Destinations.member.${i}`)!);
  return out;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let rates: FaultRates = { ...options.rates };
  const random = options.random ?? Math.random;
  let slowOkMs = options.slowOkMs ?? 50;
  let slowTimeoutMs = options.slowTimeoutMs ?? 3_000;
  // no answer counts as late unless a test says from when (setTiming)
  let lateAnswerMs = Number.POSITIVE_INFINITY;
  const target = new URL(options.target);
  // fresh connections to the emulator: a reused socket the emulator is closing would turn into a
  // 502 for a mail it may have stored, which is a fault we did not mean to inject
  const agent = new Agent({ keepAlive: false, maxSockets: 64 });
  const stats: FaultProxyStats = {
    requests: 0,
    sendRequests: 0,
    forwarded: 0,
    accepted: 0,
    quotaAnswers: 0,
    faults: {
      throttle: 0,
      serverError: 0,
      unavailable: 0,
      reject: 0,
      slowOk: 0,
      slowTimeout: 0,
      reset: 0,
      loseAnswer: 0,
    },
    clientGaveUp: 0,
    lateAnswers: 0,
  };
  const accepted: AcceptedMail[] = [];
  let recipientFaults = new Map<string, Fault>();

  const pick = (): Fault | null => {
    const draw = random();
    let edge = 0;
    for (const fault of FAULT_ORDER) {
      edge += rates[fault] ?? 0;
      if (draw < edge) return fault;
    }
    return null;
  };

  const forward = (
    req: IncomingMessage,
    body: Buffer,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const out = request(
        {
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
          agent,
        },
        (res) => {
          readBody(res).then(
            (b) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }),
            reject,
          );
        },
      );
      out.on('error', reject);
      out.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const arrived = performance.now();
    stats.requests++;
    const body = await readBody(req);
    const params = new URLSearchParams(body.toString('utf8'));
    const action = params.get('Action');
    if (action === 'GetSendQuota') {
      stats.quotaAnswers++;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<GetSendQuotaResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><GetSendQuotaResult><SentLast24Hours>${stats.accepted}</SentLast24Hours><Max24HourSend>${options.max24HourSend ?? 200000}</Max24HourSend><MaxSendRate>${options.maxSendRate ?? 1000}</MaxSendRate></GetSendQuotaResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetSendQuotaResponse>`,
      );
      return;
    }
    if (action !== 'SendRawEmail' && action !== 'SendEmail') {
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end(sesError('InvalidAction', `The action ${action} is not valid for this endpoint.`, 'Sender'));
      return;
    }
    stats.sendRequests++;
    const to = (
      destinationsOf(params)[0] ??
      params.get('Destination.ToAddresses.member.1') ??
      ''
    ).toLowerCase();
    const fault = recipientFaults.get(to) ?? pick();
    // the client's view: the request went out and no answer came (its timeout fired)
    res.on('close', () => {
      if (fault === 'reset' || fault === 'loseAnswer') return;
      if (!res.writableFinished) stats.clientGaveUp++;
      else if (performance.now() - arrived > lateAnswerMs) stats.lateAnswers++;
    });
    if (fault) stats.faults[fault]++;
    switch (fault) {
      case 'throttle':
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(sesError('Throttling', 'Maximum sending rate exceeded.', 'Sender'));
        return;
      case 'serverError': {
        const unavailable = random() < 0.5;
        res.writeHead(unavailable ? 503 : 500, { 'content-type': 'text/xml' });
        res.end(
          unavailable
            ? sesError('ServiceUnavailable', 'Service is unavailable.', 'Receiver')
            : sesError('InternalFailure', 'An internal error occurred.', 'Receiver'),
        );
        return;
      }
      case 'unavailable':
        res.writeHead(503, { 'content-type': 'text/xml' });
        res.end(sesError('ServiceUnavailable', 'Service is unavailable.', 'Receiver'));
        return;
      case 'reject':
        res.writeHead(400, { 'content-type': 'text/xml' });
        // As SES words it in the sandbox: the message names the recipient that failed the check.
        res.end(
          sesError(
            'MessageRejected',
            `Email address is not verified. The following identities failed the check in region EU-WEST-1: ${params.get('Destinations.member.1') ?? params.get('Destination.ToAddresses.member.1') ?? 'unknown'}`,
            'Sender',
          ),
        );
        return;
      case 'reset':
        reset(req.socket);
        return;
      case 'slowOk':
        await sleep(slowOkMs);
        break;
      case 'slowTimeout':
        await sleep(slowTimeoutMs);
        if (req.socket.destroyed) return;
        break;
      default:
        break;
    }
    stats.forwarded++;
    const answer = await forward(req, body);
    if (answer.status === 200) {
      stats.accepted++;
      const sesMessageId = /<MessageId>([^<]+)<\/MessageId>/.exec(answer.body.toString('utf8'))?.[1] ?? '';
      accepted.push({
        sesMessageId,
        raw: Buffer.from(params.get('RawMessage.Data') ?? '', 'base64'),
        destinations: destinationsOf(params),
        tags: tagsOf(params),
        configurationSet: params.get('ConfigurationSetName'),
      });
    }
    if (fault === 'loseAnswer') {
      reset(req.socket);
      return;
    }
    res.writeHead(answer.status, { 'content-type': String(answer.headers['content-type'] ?? 'text/xml') });
    res.end(answer.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(502);
        res.end();
      } else res.destroy();
    });
  });
  // like SES's endpoints, keep idle connections far longer than clients do (they close at 4 s)
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    accepted,
    setRates(next) {
      rates = { ...next };
    },
    setRecipientFaults(faults) {
      recipientFaults = new Map(
        Object.entries(faults).map(([address, fault]) => [address.toLowerCase(), fault]),
      );
    },
    setTiming(timing) {
      slowOkMs = timing.slowOkMs ?? slowOkMs;
      slowTimeoutMs = timing.slowTimeoutMs ?? slowTimeoutMs;
      lateAnswerMs = timing.lateAnswerMs ?? lateAnswerMs;
    },
    ambiguousFaults: () =>
      stats.faults.reset + stats.faults.loseAnswer + stats.clientGaveUp + stats.lateAnswers,
    close: () =>
      new Promise<void>((ok) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Starts aws-ses-v2-local in-process on 127.0.0.1 and a free port. */
export async function startSesEmulator(): Promise<{ url: string; close(): Promise<void> }> {
  const { default: start } = (await import('aws-ses-v2-local')) as unknown as {
    default: (config: { host: string; port: number }) => Promise<Server>;
  };
  const server = await start({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  await fetch(`${url}/clear-store`, { method: 'POST' });
  return {
    url,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** What the emulator holds. */
export async function emulatorStore(url: string): Promise<StoredEmail[]> {
  const answer = await fetch(`${url}/store`);
  const json = (await answer.json()) as { emails: StoredEmail[] };
  return json.emails;
}

/** aws-ses-v2-local with the fault proxy in front of it: what a test points its SES client at. */
export interface SesLocal {
  emulator: { url: string; close(): Promise<void> };
  proxy: FaultProxy;
  /** The credentials and region the emulator takes (it checks neither). */
  clientConfig: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** What the emulator holds. */
  stored(): Promise<StoredEmail[]>;
  /** Empties the emulator's store. */
  clearStore(): Promise<void>;
  /** Empties the emulator's store and lifts every fault rate and pinned fault. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export const LOCAL_SES_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Starts aws-ses-v2-local and the fault proxy in front of it (with these options). */
export async function startSesLocal(options: Omit<FaultProxyOptions, 'target'> = {}): Promise<SesLocal> {
  const emulator = await startSesEmulator();
  const proxy = await startFaultProxy({ ...options, target: emulator.url });
  const clearStore = async () => {
    await fetch(`${emulator.url}/clear-store`, { method: 'POST' });
  };
  return {
    emulator,
    proxy,
    clientConfig: { endpoint: proxy.url, region: 'us-east-1', credentials: LOCAL_SES_CREDENTIALS },
    stored: () => emulatorStore(emulator.url),
    clearStore,
    async reset() {
      await clearStore();
      proxy.setRates({});
      proxy.setRecipientFaults({});
    },
    async close() {
      await proxy.close();
      await emulator.close();
    },
  };
}
