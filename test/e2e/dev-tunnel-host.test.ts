// `digest dev` with DIGEST_BASE_URL naming a tunnel (an https name that forwards to 127.0.0.1) answers that
// Host too, so that a phone or a mail provider can open the links in mail. Through the tunnel anyone may
// reach the server, and a tunnel client connects from 127.0.0.1. The operator's own pages (the preview with
// the outbox, whose mails carry every reader's tokens, and the SES events route) answer only a loopback Host.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../support/dev-server.js';

const TUNNEL = 'digest-dev.tunnel.example';
let dataDir: string;
let dev: DevServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-tunnel-'));
  dev = await startDevServer(dataDir, {
    DIGEST_BASE_URL: `https://${TUNNEL}`,
    DIGEST_SECRET: '',
    DIGEST_DATA_DIR: '',
  });
});
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function send(
  method: string,
  path: string,
  host: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  const { port } = new URL(dev.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        headers: {
          host,
          ...(body ? { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('digest dev behind a tunnel', { timeout: 60_000 }, () => {
  it('serves the reader pages to the tunnel Host, and the preview, outbox and SES events only to loopback', async () => {
    const { port } = new URL(dev.url);
    // Reader pages work through the tunnel (a bad token gets its own 400, not the Host refusal).
    expect((await send('GET', '/confirm?token=x', TUNNEL)).status).toBe(400);
    expect((await send('GET', '/lists/default/subscribe', TUNNEL)).status).toBe(200);

    const event = JSON.stringify({ Type: 'Notification', Message: '{}' });
    for (const [method, path, body] of [
      ['GET', '/', undefined],
      ['GET', '/preview/version', undefined],
      ['GET', '/outbox/20260101T000000000Z-00000001-m.x%40digest.localhost.test.eml', undefined],
      ['GET', '/outbox/20260101T000000000Z-00000001-m.x%40digest.localhost.test.eml/raw', undefined],
      ['POST', '/local/ses-events', event],
    ] as const) {
      const answer = await send(method, path, TUNNEL, body);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body, path).not.toContain('<html');
    }
    // On the machine itself they are there.
    expect((await send('GET', '/', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await send('GET', '/preview/version', `localhost:${port}`)).status).toBe(200);
  });
});
