// Runs the built `digest` command the way a user does: a child process, real stdin/stdout/stderr.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FaultProxyOptions,
  LOCAL_SES_CREDENTIALS,
  type SesLocal,
  startSesLocal,
} from './fault-proxy.js';

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const CLI = join(REPO_ROOT, 'dist/functions/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a CLI run: the test's, minus the switch that silences the AWS SDK's Node-version
 * warning in test workers (vitest.config.ts), so that the CLI's own filter is what keeps stderr clean.
 */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED' in extra))
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  return env;
}

export function runCli(
  args: string[],
  options: { input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cliEnv(options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** The environment that sends a CLI run's mail through SES at this endpoint (aws-ses-v2-local or its proxy). */
export function sesTransportEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    DIGEST_TRANSPORT: 'ses',
    AWS_ENDPOINT_URL_SES: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_SES_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_SES_CREDENTIALS.secretAccessKey,
  };
}

/** Writes `dir/list.csv` with these addresses and runs `digest subscribers import` on it, as confirmed. */
export async function importConfirmed(
  dir: string,
  emails: string[],
  env: NodeJS.ProcessEnv,
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  await writeFile(join(dir, 'list.csv'), `email\n${emails.join('\n')}\n`);
  return runCli(['subscribers', 'import', join(dir, 'list.csv'), '--confirmed'], { env, ...options });
}

/** A temporary folder whose `data/` is the CLI's data dir, and local SES for its sends. */
export interface SesCli {
  dir: string;
  ses: SesLocal;
  /** The environment of a `digest` run that sends through the fault proxy with configuration set `digest-events`. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startSesCli(
  prefix: string,
  sesOptions: Omit<FaultProxyOptions, 'target'> = {},
): Promise<SesCli> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const ses = await startSesLocal(sesOptions);
  return {
    dir,
    ses,
    env: {
      DIGEST_DATA_DIR: join(dir, 'data'),
      DIGEST_BASE_URL: 'https://digest.example.org',
      SES_CONFIGURATION_SET: 'digest-events',
      ...sesTransportEnv(ses.proxy.url),
    },
    async close() {
      await ses.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
