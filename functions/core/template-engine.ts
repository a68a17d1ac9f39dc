/**
 * The run-time half of the email templates. MJML runs at build time (scripts/compile-templates.mjs)
 * and leaves HTML with a handful of markers; this module fills them. It is deliberately tiny and
 * has no way to insert a value unescaped:
 *
 * - `{{name}}`       the value, HTML-escaped (safe in text and in quoted attribute values);
 * - `{{url:name}}`   an absolute http(s) URL (or a per-recipient placeholder), HTML-escaped;
 *                    anything else throws, so `javascript:` can never reach an href;
 * - `{{#name}}…{{/name}}`  repeats the block for each item of an array, or renders it once when the
 *                    value is truthy (an object becomes the inner context);
 * - `{{^name}}…{{/name}}`  renders the block when the value is falsy or an empty array.
 *
 * Names may be dotted (`story.title`) and are looked up from the innermost context outwards.
 * Values are inserted in one pass, so marker-like text inside a value (`{{x}}`) stays literal.
 */
import { escapeHtml } from './html-escape.js';
import { PLACEHOLDERS } from './placeholders.js';

const MARKER_RE = /\{\{([#^/]|url:)?\s*([A-Za-z_][\w.]*)\s*\}\}/g;
const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set(Object.values(PLACEHOLDERS));
const URL_FORBIDDEN_RE = /[\u0000-\u0020\u007f]/;

export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'slot'; name: string; url: boolean }
  | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

/** A parsed template: parse once at module load, render per issue. */
export interface CompiledTemplate {
  readonly nodes: readonly Node[];
  /** Every slot and section name used, for checks that a view model fills them all. */
  readonly names: ReadonlySet<string>;
}

/** A view model: plain data, nested objects and arrays of them. */
export type TemplateValue = string | number | boolean | null | undefined | TemplateContext | TemplateValue[];
export interface TemplateContext {
  [key: string]: TemplateValue;
}

/**
 * True for what may stand in an href: an absolute http(s) URL with a host, or one of the
 * per-recipient placeholders that personalisation replaces with such a URL.
 */
export function isSafeUrl(value: string): boolean {
  if (PLACEHOLDER_VALUES.has(value)) return true;
  if (URL_FORBIDDEN_RE.test(value)) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** Parses marker syntax into a tree; throws TemplateError on unbalanced sections. */
export function compileTemplate(source: string): CompiledTemplate {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  const names = new Set<string>();
  let last = 0;
  for (const match of source.matchAll(MARKER_RE)) {
    const [whole, sigil, name] = match as unknown as [string, string | undefined, string];
    const top = stack[stack.length - 1]!;
    if (match.index > last) top.children.push({ kind: 'text', text: source.slice(last, match.index) });
    last = match.index + whole.length;
    names.add(name);
    if (sigil === '#' || sigil === '^') {
      const section: Node = { kind: 'section', name, inverted: sigil === '^', children: [] };
      top.children.push(section);
      stack.push({ name, children: section.children });
    } else if (sigil === '/') {
      if (stack.length === 1 || top.name !== name) {
        throw new TemplateError(`template: {{/${name}}} closes ${top.name ? `{{#${top.name}}}` : 'nothing'}`);
      }
      stack.pop();
    } else {
      top.children.push({ kind: 'slot', name, url: sigil === 'url:' });
    }
  }
  if (stack.length > 1)
    throw new TemplateError(`template: {{#${stack[stack.length - 1]!.name}}} is never closed`);
  if (last < source.length) root.push({ kind: 'text', text: source.slice(last) });
  return { nodes: root, names };
}

function lookup(scopes: readonly TemplateValue[], name: string): TemplateValue {
  const path = name.split('.');
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    if (scope === null || typeof scope !== 'object' || Array.isArray(scope) || !(path[0]! in scope)) continue;
    let value: TemplateValue = scope;
    for (const key of path) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      value = (value as TemplateContext)[key];
    }
    return value;
  }
  return undefined;
}

function scalar(value: TemplateValue, name: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') throw new TemplateError(`template: {{${name}}} is not a scalar`);
  return String(value);
}

function truthy(value: TemplateValue): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

function renderNodes(nodes: readonly Node[], scopes: TemplateValue[], out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push(node.text);
    } else if (node.kind === 'slot') {
      const value = scalar(lookup(scopes, node.name), node.name);
      if (node.url && !isSafeUrl(value)) {
        throw new TemplateError(`template: {{url:${node.name}}} is not an absolute http(s) URL`);
      }
      out.push(escapeHtml(value));
    } else {
      const value = lookup(scopes, node.name);
      if (node.inverted) {
        if (!truthy(value)) renderNodes(node.children, scopes, out);
      } else if (Array.isArray(value)) {
        for (const item of value) renderNodes(node.children, [...scopes, item], out);
      } else if (truthy(value)) {
        renderNodes(node.children, typeof value === 'object' ? [...scopes, value] : scopes, out);
      }
    }
  }
}

/**
 * Renders a compiled template against a view model.
 * @example renderTemplate(compileTemplate('<b>{{name}}</b>'), { name: '<i>' }) // '<b>&lt;i&gt;</b>'
 */
export function renderTemplate(template: CompiledTemplate, view: object): string {
  const out: string[] = [];
  renderNodes(template.nodes, [view as TemplateContext], out);
  return out.join('');
}
