/**
 * SES in the Lambdas: one client and one mailer per container, always with the configuration set
 * (SES_CONFIGURATION_SET: the Send, Delivery, Bounce and Complaint events that settle the ledger and feed `stats`
 * come from it, so no function sends without it), and the sender, footer and link settings.
 */
import { createSesClient, SesMailer } from '../../adapters/ses-mailer.js';
import { env } from './env.js';

let mailer: SesMailer | undefined;
let deliveries: SesMailer | undefined;

export function sesMailer(): SesMailer {
  mailer ??= new SesMailer({ client: createSesClient(), configurationSetName: env('SES_CONFIGURATION_SET') });
  return mailer;
}

/**
 * The send worker's mailer: the same configuration set, and the open/click tracking set
 * (SES_TRACKING_CONFIGURATION_SET) for the issues of lists whose record turns tracking on.
 */
export function deliveryMailer(): SesMailer {
  if (deliveries) return deliveries;
  const tracking = env('SES_TRACKING_CONFIGURATION_SET');
  deliveries = tracking
    ? new SesMailer({
        client: createSesClient(),
        configurationSetName: env('SES_CONFIGURATION_SET'),
        trackingConfigurationSetName: tracking,
      })
    : sesMailer();
  return deliveries;
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
