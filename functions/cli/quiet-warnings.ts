/**
 * Imported first by the CLI entry point, before anything loads the AWS SDK: the SDK prints a
 * nine-line NodeVersionSupportWarning on Node 20, and the CLI's stderr must carry one line per
 * error and nothing else. The SDK honours this variable; the filter catches any other copy.
 */
import { quietSdkVersionWarning } from './cli-env.js';

quietSdkVersionWarning();

const originalEmitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.includes('NodeVersionSupportWarning')) return;
  (originalEmitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
