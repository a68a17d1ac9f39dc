/**
 * Sends the double opt-in mail: a confirm token, the pre-compiled confirmation template (no MJML at
 * run time) and whatever Mailer the process uses (outbox locally, SES in AWS).
 */
import type { ConfirmationSender } from '../core/subscription.js';
import { signToken } from '../core/tokens.js';
import type { Mailer } from '../ports/mailer.js';
import type { Subscriber } from '../ports/subscriber-store.js';
import { renderConfirmation } from './render-issue.js';

export interface ConfirmationMailerOptions {
  mailer: Mailer;
  secret: string;
  /** Resolved per mail: locally the dev server may start after this process. */
  baseUrl: () => string;
  from: string;
  postalAddress: string;
}

/** `<base>/<route>?token=<token>` */
export function tokenUrl(
  baseUrl: string,
  route: 'confirm' | 'unsubscribe' | 'preferences',
  token: string,
): string {
  return `${baseUrl.replace(/\/+$/, '')}/${route}?token=${encodeURIComponent(token)}`;
}

export function createConfirmationSender(options: ConfirmationMailerOptions): ConfirmationSender {
  return {
    async sendConfirmation(subscriber: Subscriber, now: Date): Promise<void> {
      const base = options.baseUrl();
      const token = signToken(
        { email: subscriber.email, list: subscriber.list, purpose: 'confirm' },
        options.secret,
        now,
      );
      const mail = renderConfirmation({
        confirmUrl: tokenUrl(base, 'confirm', token),
        list: subscriber.list,
        postalAddress: options.postalAddress,
        baseUrl: base,
      });
      await options.mailer.send({ to: subscriber.email, from: options.from, ...mail });
    },
  };
}
