/** The HTML shell of the subscriber pages: no script, no external resource, every value escaped. */
import { escapeHtml } from '../../core/html-escape.js';

/** A tagged template that escapes every interpolated value unless it is `raw(...)`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new RawHtml(out);
}

export class RawHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks trusted markup (already escaped) for `html`. */
export function raw(markup: string): RawHtml {
  return new RawHtml(markup);
}

function renderValue(value: unknown): string {
  if (value instanceof RawHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

const STYLE = `body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f6f4;color:#1d1d1b}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:1.4rem;margin:0 0 1rem}button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;cursor:pointer}
label{display:block;margin:.4rem 0}input[type=text]{font:inherit;width:100%;box-sizing:border-box;padding:.4rem}
.muted{color:#5f5f5a;font-size:.9rem}
@media (prefers-color-scheme:dark){body{background:#161615;color:#ececea}main{background:#232321;box-shadow:none}.muted{color:#a5a5a0}}`;

/** A complete page. `body` must come from `html` (escaped). */
export function page(title: string, body: RawHtml): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body.value}</main></body></html>`;
}
