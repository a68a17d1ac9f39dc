/**
 * Sends the double opt-in mail: a confirm token, the pre-compiled confirmation template (no MJML at
 * run time) and whatever Mailer the process uses (outbox locally, SES in AWS).
 */
import { presentList } from '../core/newsletter-list.js';
import type { ConfirmationSender } from '../core/subscription.js';
import { signToken } from '../core/tokens.js';
import type { ListStore } from '../ports/list-store.js';
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
  /** The lists: the mail carries the list's title, sender and footer. Without it, the deployment's. */
  lists?: ListStore;
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
      const list = await options.lists?.get(subscriber.list);
      const shown = list ? presentList(list, options) : null;
      const mail = renderConfirmation({
        confirmUrl: tokenUrl(base, 'confirm', token),
        list: subscriber.list,
        postalAddress: shown?.postalAddress ?? options.postalAddress,
        baseUrl: base,
        ...(shown
          ? { listName: shown.listName, logoUrl: shown.logoUrl, accentColor: shown.accentColor }
          : {}),
      });
      await options.mailer.send({
        to: subscriber.email,
        from: shown?.from ?? options.from,
        ...(shown?.replyTo ? { replyTo: shown.replyTo } : {}),
        ...mail,
      });
    },
  };
}
