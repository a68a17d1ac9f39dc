/**
 * SES in the Lambdas: one client and one mailer per container, always with the configuration set
 * (SES_CONFIGURATION_SET: the Send, Delivery, Bounce and Complaint events that settle the ledger and feed `stats`
 * come from it, so no function sends without it), and the sender, footer and link settings.
 */
import { createSesClient, SesMailer } from '../../adapters/ses-mailer.js';
import { env } from './env.js';

let mailer: SesMailer | undefined;

export function sesMailer(): SesMailer {
  mailer ??= new SesMailer({ client: createSesClient(), configurationSetName: env('SES_CONFIGURATION_SET') });
  return mailer;
}

export interface MailSettings {
  from: string;
  postalAddress: string;
  baseUrl: string;
}

export function mailSettings(): MailSettings {
  return {
    from: env('DIGEST_FROM'),
    postalAddress: env('DIGEST_POSTAL_ADDRESS'),
    baseUrl: env('DIGEST_BASE_URL'),
  };
}
