/**
 * Per-recipient slots left in the HTML and text of an issue rendered once. Personalisation
 * replaces each with the recipient's value (HTML-escaped in the HTML part). Their spelling
 * cannot occur in escaped article text because `%` never needs escaping but the braces
 * make a collision with real prose practically impossible.
 */
export const PLACEHOLDERS = {
  unsubscribeUrl: '%%{unsubscribe_url}%%',
  preferencesUrl: '%%{preferences_url}%%',
} as const;

export type PlaceholderName = keyof typeof PLACEHOLDERS;
