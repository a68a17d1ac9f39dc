import { type TokenClaims, type TokenPurpose, tokenFailureStatus, verifyToken } from '../../core/tokens.js';
import { html, page } from './page.js';
import { queryParam, wantsJson } from './request.js';
import { htmlResponse, jsonResponse } from './responses.js';
import type { HttpEvent, HttpResult } from './types.js';

const FAILURE_TEXT = {
  400: 'This link is incomplete or damaged. Please copy the whole link from the email.',
  403: 'This link is not valid, or it has expired.',
} as const;

/**
 * Verifies the `token` query parameter for one purpose. On failure the caller returns the
 * response as is: malformed → 400, forged / expired / cross-purpose → 403; nothing was changed.
 * An expired token also gives its claims (`expired`), so that a route can say more on its page.
 */
export function tokenFromQuery(
  event: HttpEvent,
  purpose: TokenPurpose,
  secret: string | readonly string[],
  now: Date,
):
  | { ok: true; claims: TokenClaims; token: string }
  | { ok: false; response: HttpResult; expired?: TokenClaims } {
  const token = queryParam(event, 'token') ?? '';
  const result = verifyToken(token, { secret, purpose, now });
  if (result.ok) return { ok: true, claims: result.claims, token };
  const status = tokenFailureStatus(result.error);
  const response = wantsJson(event)
    ? jsonResponse(status, { error: result.error })
    : htmlResponse(
        status,
        page('Link not valid', html`<h1>Link not valid</h1><p>${FAILURE_TEXT[status]}</p>`),
      );
  return result.error === 'expired'
    ? { ok: false, response, expired: result.claims }
    : { ok: false, response };
}
