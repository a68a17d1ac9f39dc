/** The types the console's router hands its pages (kept apart from router.ts, which imports the pages). */
import type { html } from '../handlers/http/page.js';
import type { HttpEvent, HttpResult } from '../handlers/http/types.js';
import type { AdminDeps } from './admin-deps.js';
import type { FormData } from './admin-http.js';
import type { Section } from './layout.js';

/** What a page handler gets: the request, the signed-in editor and the shell to render in. */
export interface AdminContext {
  event: HttpEvent;
  deps: AdminDeps;
  method: 'GET' | 'POST';
  /** Path segments after /admin, decoded. */
  path: string[];
  query: URLSearchParams;
  who: string;
  csrf: string;
  /** The form of a POST (already CSRF-checked). */
  form: FormData;
  page(title: string, section: Section, body: ReturnType<typeof html>, options?: PageOptions): HttpResult;
}

export interface PageOptions {
  status?: number;
  flash?: { kind: 'ok' | 'error'; text: string } | null;
}

export type AdminRoute = (ctx: AdminContext) => Promise<HttpResult | null>;
