/**
 * Checks of a rendered email as a browser lays it out: horizontal overflow, images without alt
 * text, text contrast against the background actually behind it, and text cut off by a box with
 * hidden overflow. Used by test/e2e/visual.test.ts and scripts/screenshots.ts.
 *
 * The in-page part is plain JavaScript in a string, so that no transpiler helper leaks into it.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface LowContrast {
  text: string;
  ratio: number;
  color: string;
  background: string;
  large: boolean;
}

export interface AuditReport {
  scrollWidth: number;
  clientWidth: number;
  imagesWithoutAlt: string[];
  lowContrast: LowContrast[];
  clipped: string[];
  /** How many text elements were measured (a sanity check that the audit saw the page). */
  textElements: number;
}

const AUDIT_SCRIPT = String.raw`(() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const ch = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [ch(0), ch(1), ch(2), a];
  };
  const dark = matchMedia('(prefers-color-scheme: dark)').matches;
  const canvas = dark ? [18, 18, 18, 1] : [255, 255, 255, 1];
  const background = (el) => {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = canvas;
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const visible = (el) => el.getClientRects().length > 0 &&
    el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true });
  const rgb = (c) => 'rgb(' + c.slice(0, 3).map(Math.round).join(', ') + ')';

  const lowContrast = [];
  const clipped = [];
  let textElements = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (!visible(el)) continue;
    const ownText = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
    const style = getComputedStyle(el);
    if (ownText) {
      textElements++;
      const bg = background(el);
      const fg = over(parse(style.color), bg);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      const r = ratio(fg, bg);
      // WCAG AA: 4.5:1 for body text; the brief asks 4.5:1 for all text, large included.
      if (r < 4.5) lowContrast.push({ text: ownText.slice(0, 60), ratio: Math.round(r * 100) / 100, color: rgb(fg), background: rgb(bg), large });
    }
    const hides = (v) => v === 'hidden' || v === 'clip';
    if ((hides(style.overflowX) || hides(style.overflowY)) && el.textContent.trim()) {
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        clipped.push(el.tagName.toLowerCase() + ': ' + el.textContent.trim().slice(0, 60));
      }
    }
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      clipped.push(el.tagName.toLowerCase() + ' (ellipsis): ' + el.textContent.trim().slice(0, 60));
    }
  }
  const imagesWithoutAlt = [...document.images].filter((img) => !img.hasAttribute('alt')).map((img) => img.src);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    imagesWithoutAlt,
    lowContrast,
    clipped,
    textElements,
  };
})()`;

/** Runs the audit on the page as it is laid out now. */
export async function auditPage(page: Page): Promise<AuditReport> {
  return (await page.evaluate(AUDIT_SCRIPT)) as AuditReport;
}

export interface View {
  name: string;
  width: number;
  colorScheme: 'light' | 'dark';
}

export const VIEWS: readonly View[] = [
  { name: 'desktop-light', width: 600, colorScheme: 'light' },
  { name: 'desktop-dark', width: 600, colorScheme: 'dark' },
  { name: 'mobile-light', width: 375, colorScheme: 'light' },
  { name: 'mobile-dark', width: 375, colorScheme: 'dark' },
];

/**
 * Opens `html` in a fresh page of the given width and colour scheme, with the network cut off
 * (an email must not need it), and returns the page for screenshots and audits.
 */
export async function openEmail(
  browser: Browser,
  html: string,
  view: Pick<View, 'width' | 'colorScheme'>,
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: view.width, height: 900 },
    colorScheme: view.colorScheme,
    javaScriptEnabled: true,
  });
  await context.route('**/*', (route) => route.abort());
  const page = await context.newPage();
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}
