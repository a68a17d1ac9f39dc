// DNS rebinding: a page on another origin whose name resolves to 127.0.0.1 reaches `digest dev` with
// its own name in Host. The built `digest dev` answers only requests addressed to a loopback name.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDevServer } from '../support/dev-server.js';

let dataDir: string;
let dev: DevServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-host-'));
  dev = await startDevServer(dataDir, { DIGEST_BASE_URL: '', DIGEST_SECRET: '', DIGEST_DATA_DIR: '' });
});
afterAll(async () => {
  await dev?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A GET with the Host header as given (fetch does not let a caller choose it). */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(dev.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('digest dev Host check', { timeout: 60_000 }, () => {
  it('a foreign Host gets 403 on every route, the outbox preview and the subscriber pages included', async () => {
    const { port } = new URL(dev.url);
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1.evil.example:${port}`,
      `localhost:1`,
    ]) {
      for (const path of ['/', '/lists/default/archive', '/outbox/x.eml']) {
        const res = await getWithHost(path, host);
        expect(res.status, `${host} ${path}`).toBe(403);
        expect(res.body).not.toContain('<html');
      }
    }
  });

  it('127.0.0.1, localhost and [::1] with the server port are served', async () => {
    const { port } = new URL(dev.url);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await getWithHost('/', host)).status, host).toBe(200);
    }
  });
});
