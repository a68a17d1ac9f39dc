/**
 * `digest dev [--port 8787] [--data-dir .digest]`: serves the Lambdas' HTTP handlers on
 * 127.0.0.1. Prints exactly `listening on http://127.0.0.1:<port>` when ready, and records that URL
 * in the data dir so that mail sent by other commands on it links here.
 */
import type { Command } from 'commander';
import type { HttpRoute } from '../../adapters/local-http-server.js';
import { cliEnv } from '../cli-env.js';
import { CliError, UsageError } from '../cli-error.js';

const PORT_RE = /^\d{1,5}$/;

export function register(program: Command): void {
  program
    .command('dev')
    .description('serve the HTTP API (subscribe, confirm, unsubscribe, preferences, ...) locally')
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '8787')
    .option('--data-dir <dir>', 'data dir (default: DIGEST_DATA_DIR or .digest)')
    .option(
      '--stack-outputs <file>',
      'serve only the SES events route, feeding the deployed service named in this `cdk deploy --outputs-file` file (env DIGEST_STACK_OUTPUTS; replaying events)',
    )
    .action(async (options: { port: string; dataDir?: string; stackOutputs?: string }) => {
      if (!PORT_RE.test(options.port) || Number(options.port) > 65535)
        throw new UsageError(`--port must be 0-65535, not ${options.port}`);
      const { stackOutputsFile } = await import('../stack-outputs.js');
      const outputs = stackOutputsFile(options.stackOutputs, cliEnv());
      if (outputs) {
        await serveDeployedSesEvents(Number(options.port), outputs);
        return;
      }
      // Loaded here, not at module scope: other commands must not pay for the AWS SDK and dynalite.
      const { startLocalHttpServer } = await import('../../adapters/local-http-server.js');
      const { clearDevServer, clearDevServerOnExit, recordDevServer, resolveDataDir } = await import(
        '../../adapters/local-runtime.js'
      );
      const { lazyHandler } = await import('../../handlers/runtime/lazy-handler.js');
      const { DEV_ROUTES, SES_EVENTS_PATH } = await import('../dev-routes.js');
      const { openLocalDeps } = await import('../local-deps.js');
      const dataDir = resolveDataDir(options.dataDir, cliEnv());
      const deps = await openLocalDeps({ dataDir });
      const routes: HttpRoute[] = DEV_ROUTES.map((route) => ({
        method: route.method,
        path: route.path,
        handler: lazyHandler(async () => route.handler(deps)),
      }));
      let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
      try {
        server = await startLocalHttpServer({
          routes,
          port: Number(options.port),
          // A tunnel named in DIGEST_BASE_URL may address this server too; any other Host is refused.
          extraHosts: baseUrlHost(cliEnv().DIGEST_BASE_URL),
          onError: (error) =>
            process.stderr.write(`digest dev: ${(error as Error)?.stack ?? String(error)}\n`),
        });
      } catch (error) {
        await deps.close();
        const code = (error as { code?: string }).code;
        if (code === 'EADDRINUSE') throw new CliError(`port ${options.port} is in use (try --port 0)`);
        throw error;
      }
      recordDevServer(dataDir, server.url);
      clearDevServerOnExit(dataDir);
      process.stdout.write(`listening on ${server.url}\n`);
      process.stdout.write(
        `SES event notifications (SNS format, local only): POST ${server.url}${SES_EVENTS_PATH}\n`,
      );

      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      clearDevServer(dataDir);
      await server.close();
      await deps.close();
    });
}

/**
 * `digest dev --stack-outputs FILE`: only the SES events route, on the deployed ledger and subscribers
 * (to replay SES events, or to drive stand-ins of the deployed service); no data dir is touched.
 */
async function serveDeployedSesEvents(port: number, stackOutputs: string): Promise<void> {
  const { startLocalHttpServer } = await import('../../adapters/local-http-server.js');
  const { openCommandDeps } = await import('../command-deps.js');
  const { refuseBrowserRequests, SES_EVENTS_PATH } = await import('../dev-routes.js');
  const { sesEventsRoute } = await import('../ses-events-route.js');
  const deps = await openCommandDeps({ stackOutputs });
  // It writes the deployed suppression list and ledger: a web page must not reach it through the browser.
  const handler = refuseBrowserRequests(
    sesEventsRoute({ ledger: await deps.ledger(), subscribers: deps.subscribers, clock: deps.clock }),
  );
  let server: Awaited<ReturnType<typeof startLocalHttpServer>>;
  try {
    server = await startLocalHttpServer({
      routes: [{ method: 'POST', path: SES_EVENTS_PATH, handler }],
      port,
      onError: (error) => process.stderr.write(`digest dev: ${(error as Error)?.stack ?? String(error)}\n`),
    });
  } catch (error) {
    await deps.close();
    if ((error as { code?: string }).code === 'EADDRINUSE')
      throw new CliError(`port ${port} is in use (try --port 0)`);
    throw error;
  }
  process.stdout.write(`listening on ${server.url}\n`);
  process.stdout.write(
    `SES event notifications (SNS format, local only): POST ${server.url}${SES_EVENTS_PATH}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
  await deps.close();
}

function baseUrlHost(baseUrl: string | undefined): string[] {
  if (!baseUrl?.trim()) return [];
  try {
    return [new URL(baseUrl).host];
  } catch {
    return [];
  }
}
