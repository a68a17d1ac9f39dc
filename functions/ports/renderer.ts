/**
 * Rendering our mail from templates. The adapter (adapters/render-issue.ts) fills the templates MJML compiled at
 * build time; `digest dev` can compile them live. Use cases get the function they need injected.
 */
import type { ConfirmationOptions, ForwardOptions, RenderOptions } from '../core/render-model.js';
import type { Issue, RenderedIssue } from '../core/types.js';

/** A rendered mail that is not an issue: subject, HTML and text. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderForwardOptions extends ForwardOptions {
  issue: Issue;
}

export interface Renderer {
  renderIssue(issue: Issue, options: RenderOptions): RenderedIssue;
  renderConfirmation(options: ConfirmationOptions): RenderedMail;
  renderForward(options: RenderForwardOptions): RenderedMail;
}
