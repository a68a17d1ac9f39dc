/**
 * What a Lambda logs, as CloudWatch would read it: the Powertools Logger writes one JSON line per entry, on stdout
 * for `debug` and `info` and on stderr for `warn` and `error` (its Console's streams). `captureLogs` runs `work`
 * while keeping a copy of everything written to both streams (still written through), and `jsonLines` reads the
 * JSON entries out of that copy.
 */
type Write = typeof process.stdout.write;

export async function captureLogs<T>(work: () => Promise<T>): Promise<{ result: T; output: string }> {
  const { outcome, output } = await captureSettledLogs(work);
  if (outcome.status === 'rejected') throw outcome.reason;
  return { result: outcome.value, output };
}

/** `captureLogs` for work that may throw: what it logged before it failed is kept as well. */
export async function captureSettledLogs<T>(
  work: () => Promise<T>,
): Promise<{ outcome: PromiseSettledResult<T>; output: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write.bind(stream) as Write);
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return writes[i]!(chunk, ...rest);
    }) as Write;
  });
  try {
    const outcome = await work().then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    );
    return { outcome, output: chunks.join('') };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i]!;
    });
  }
}

/** The JSON objects among the lines of `output` (other lines are skipped). */
export function jsonLines(output: string): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      entries.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a line that only looks like JSON
    }
  }
  return entries;
}
