/**
 * Renders our mail from the templates MJML compiled at build time (templates.gen.ts, written by
 * scripts/compile-templates.mjs). No MJML here: this module is cheap to import from any Lambda.
 * Each issue is rendered once; the per-recipient links stay as placeholders
 * (core/placeholders.ts) for personalisation to fill, and its dates, shown in the list's time zone,
 * are recorded as slots (core/date-slots.ts) that personalisation fills in a reader's own zone.
 */
import { placeDates, placedWidth } from '../core/date-slots.js';
import {
  type ConfirmationOptions,
  confirmationView,
  forwardView,
  type RenderOptions,
  slottedDigestView,
} from '../core/render-model.js';
import { confirmationText, digestText, forwardText } from '../core/render-text.js';
import { compileTemplate, renderTemplate } from '../core/template-engine.js';
import type { Issue, RenderedIssue } from '../core/types.js';
import type { RenderedMail, Renderer, RenderForwardOptions } from '../ports/renderer.js';
import { CONFIRMATION_TEMPLATE, DIGEST_TEMPLATE, FORWARD_TEMPLATE } from './templates.gen.js';

export type { ConfirmationOptions, RenderOptions } from '../core/render-model.js';
export type { RenderedMail, Renderer, RenderForwardOptions } from '../ports/renderer.js';

/** Compiled HTML (with markers) of each template: templates.gen.ts, or a live compile in `digest dev`. */
export interface TemplateSources {
  DIGEST_TEMPLATE: string;
  CONFIRMATION_TEMPLATE: string;
  FORWARD_TEMPLATE: string;
}

type IssueRender = Renderer['renderIssue'];
type ConfirmationRender = Renderer['renderConfirmation'];
type ForwardRender = Renderer['renderForward'];

function issueRenderer(source: string): IssueRender {
  const digest = compileTemplate(source);
  return (issue, options) => {
    const { view, dates } = slottedDigestView(issue, options);
    const placed = placeDates(
      { html: renderTemplate(digest, view), text: digestText(view, placedWidth(dates)) },
      dates,
    );
    return {
      issueId: issue.id,
      subject: view.subject,
      html: placed.html,
      text: placed.text,
      ...(placed.dates.length > 0 ? { dates: placed.dates } : {}),
      ...(options.from ? { from: options.from } : {}),
      ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    };
  };
}

function confirmationRenderer(source: string): ConfirmationRender {
  const confirmation = compileTemplate(source);
  return (options) => {
    const view = confirmationView(options);
    return { subject: view.subject, html: renderTemplate(confirmation, view), text: confirmationText(view) };
  };
}

function forwardRenderer(source: string): ForwardRender {
  const forward = compileTemplate(source);
  return (options) => {
    const { issue, ...rest } = options;
    const view = forwardView(issue, rest);
    return { subject: view.subject, html: renderTemplate(forward, view), text: forwardText(view) };
  };
}

/** A renderer over a given set of compiled templates (parsed once, here). */
export function createRenderer(sources: TemplateSources): Renderer {
  return {
    renderIssue: issueRenderer(sources.DIGEST_TEMPLATE),
    renderConfirmation: confirmationRenderer(sources.CONFIRMATION_TEMPLATE),
    renderForward: forwardRenderer(sources.FORWARD_TEMPLATE),
  };
}

// The built-in templates, each parsed on first use. Each function names only its own template, so a
// Lambda bundle carries only the templates it renders (the confirmation and forward HTML stay out of
// the schedule function, the digest HTML out of subscribe).
let builtInIssue: IssueRender | undefined;
let builtInConfirmation: ConfirmationRender | undefined;
let builtInForward: ForwardRender | undefined;

/**
 * Renders an issue once: HTML and text with the unsubscribe and preferences placeholders still in.
 * Throws when `baseUrl` is not an absolute http(s) URL.
 */
export function renderIssue(issue: Issue, options: RenderOptions): RenderedIssue {
  builtInIssue ??= issueRenderer(DIGEST_TEMPLATE);
  return builtInIssue(issue, options);
}

/** The double opt-in mail. `confirmUrl` must be an absolute http(s) URL. */
export function renderConfirmation(options: ConfirmationOptions): RenderedMail {
  builtInConfirmation ??= confirmationRenderer(CONFIRMATION_TEMPLATE);
  return builtInConfirmation(options);
}

/**
 * An issue forwarded to stakeholders: the sender's note above it, a "forwarded by" line and a
 * subscribe link, and no personal unsubscribe or preferences link (nobody's token travels).
 */
export function renderForward(options: RenderForwardOptions): RenderedMail {
  builtInForward ??= forwardRenderer(FORWARD_TEMPLATE);
  return builtInForward(options);
}
