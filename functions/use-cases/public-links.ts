/**
 * Public links that carry no subscriber's token. Kept apart from forward.ts, which renders mail, so that the
 * issue page bundles no templates for the one link it needs.
 */

/** Where a stakeholder can subscribe: the list's archive page carries the form. */
export function subscribeUrl(baseUrl: string, list: string): string {
  return `${baseUrl}/lists/${encodeURIComponent(list)}/archive#subscribe`;
}
