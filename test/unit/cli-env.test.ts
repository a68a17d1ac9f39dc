import { describe, expect, it } from 'vitest';
import { cliSwitches } from '../../functions/cli/cli-env.js';

describe('cliSwitches', () => {
  it.each([
    {
      env: {},
      out: { DIGEST_DEBUG: false, DIGEST_ALLOW_LOOPBACK: false, DIGEST_PROGRESS_INTERVAL_MS: undefined },
    },
    { env: { DIGEST_DEBUG: '1' }, out: { DIGEST_DEBUG: true } },
    { env: { DIGEST_DEBUG: '' }, out: { DIGEST_DEBUG: false } },
    { env: { DIGEST_ALLOW_LOOPBACK: '1' }, out: { DIGEST_ALLOW_LOOPBACK: true } },
    { env: { DIGEST_ALLOW_LOOPBACK: 'true' }, out: { DIGEST_ALLOW_LOOPBACK: false } },
    { env: { DIGEST_PROGRESS_INTERVAL_MS: '250' }, out: { DIGEST_PROGRESS_INTERVAL_MS: 250 } },
    { env: { DIGEST_PROGRESS_INTERVAL_MS: '0' }, out: { DIGEST_PROGRESS_INTERVAL_MS: undefined } },
    { env: { DIGEST_PROGRESS_INTERVAL_MS: '1.5' }, out: { DIGEST_PROGRESS_INTERVAL_MS: undefined } },
    { env: { DIGEST_PROGRESS_INTERVAL_MS: 'abc' }, out: { DIGEST_PROGRESS_INTERVAL_MS: undefined } },
  ])('$env', ({ env, out }) => {
    expect(cliSwitches(env)).toMatchObject(out);
  });
});
