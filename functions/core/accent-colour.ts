/**
 * A list's accent colour in its mail: links and the masthead rule. Links must stay readable, so an
 * accent is accepted only when it reaches the WCAG AA ratio for text (4.5:1) against every light
 * background a link sits on in the email (the page, the card and the quote box). Dark mode keeps its
 * own link colour, so no accent can make a dark email unreadable.
 */

export const ACCENT_RE = /^#[0-9a-fA-F]{6}$/;
/** The product's own link colour: what a list without an accent shows. */
export const DEFAULT_ACCENT = '#0b57a4';
/** WCAG 2 AA for normal text. */
export const MIN_LINK_CONTRAST = 4.5;
/** The light backgrounds behind links in templates/*.mjml: page, card, quote box. */
export const LINK_BACKGROUNDS = ['#f1efea', '#ffffff', '#f6f3ec'] as const;

function channel(hex: string, at: number): number {
  const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rrggbb`. */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

/**
 * WCAG contrast ratio of two `#rrggbb` colours, from 1 to 21.
 * @example contrastRatio('#000000', '#ffffff') // 21
 */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The lowest contrast of an accent against the backgrounds its links sit on.
 * @example Math.round(linkContrast('#0b57a4') * 10) / 10 // 6.3
 */
export function linkContrast(accent: string): number {
  return Math.min(...LINK_BACKGROUNDS.map((bg) => contrastRatio(accent, bg)));
}

/**
 * The accent the templates use: the list's `#rrggbb` in lower case, or the product's default.
 * @example accentOf('#0A5C7A') // '#0a5c7a'
 * @example accentOf(null) // '#0b57a4'
 */
export function accentOf(accent: string | null | undefined): string {
  return accent && ACCENT_RE.test(accent) ? accent.toLowerCase() : DEFAULT_ACCENT;
}
