/**
 * Public links that carry no subscriber's token. Kept apart from forward.ts, which renders mail, so that the
 * issue page bundles no templates for the one link it needs.
 */

/** Where a stakeholder or a web reader can subscribe: the list's hosted subscribe page. */
export function subscribeUrl(baseUrl: string, list: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/lists/${encodeURIComponent(list)}/subscribe`;
}

/** A list's archive page: its past issues, and its subscribe form under them. */
export function archiveUrl(baseUrl: string, list: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/lists/${encodeURIComponent(list)}/archive`;
}
