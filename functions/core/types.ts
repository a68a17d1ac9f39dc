/**
 * Domain types shared by the whole product. Offsets are JavaScript string indices
 * (UTF-16 code units) into `Article.source`, end exclusive.
 */
import type { DateSlot } from './date-slots.js';

/** An article after ingest: the text every offset indexes, plus what the page said about itself. */
export interface Article {
  /** Headline, or null when the input has none. */
  title: string | null;
  /** The text that offsets index: plain-text input exactly as read, or the extracted text of an HTML page. */
  source: string;
  /** Canonical URL when the article came from the web. */
  url: string | null;
  byline: string | null;
  /** Publication date as printed or as an ISO string, when known. */
  published: string | null;
  /** BCP 47 language of the article when the page declares it (HTML `lang`), for the email's `lang`. */
  lang?: string | null;
  /** The publication's name (a feed's channel title, a page's `og:site_name`): the story's kicker. */
  siteName?: string | null;
}

export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  text: string;
}

export interface KeyPoint extends Span {
  /** Verbatim: `source.slice(start, end) === text`, the sentence without leading furniture (a dateline, a byline). */
  text: string;
  /**
   * What the email prints when it differs from `text`: an aside or attribution trimmed, a leading "But"
   * dropped, a pointing word replaced by its antecedent in brackets ("[Jane Doe] has been living …").
   */
  shown?: string;
}

export interface Quote extends Span {
  /** Verbatim: `source.slice(start, end) === text`, without surrounding quote marks. */
  text: string;
  speaker: string | null;
  role: string | null;
  /** Id of the quote-attribution sieve that named the speaker (`tail`, `head`, …); null when none did. */
  speakerRule?: string | null;
  /** Set when an editor changed the speaker or role the product found (core/issue-edits). */
  correction?: SpeakerCorrection;
}

/** An editor's correction of a quote's attribution: who, when, and what the product had said. */
export interface SpeakerCorrection {
  kind: 'editor';
  by: string;
  at: string;
  previous: { speaker: string | null; role: string | null };
}

/** One entry of an issue's audit trail: who changed what, when (core/issue-edits). */
export interface IssueAuditEntry {
  at: string;
  by: string;
  /** The edit operation's name, e.g. `drop-key-point`. */
  op: string;
  /** What changed, in words, for the trail shown to editors. */
  summary: string;
}

/** One summarised article: what the email shows for it. */
export interface Story {
  title: string | null;
  url: string | null;
  byline: string | null;
  published: string | null;
  /** The publication's name, shown above the title; the source's host when unknown. */
  siteName?: string | null;
  source: string;
  keyPoints: KeyPoint[];
  /** The few quotes chosen for the email. */
  quotes: Quote[];
  /** Every direct quotation found, before selection. */
  allQuotes: Quote[];
}

/** One email edition of a list: one or more stories. */
export interface Issue {
  id: string;
  list: string;
  subject: string;
  preheader: string;
  /** ISO 8601. */
  createdAt: string;
  stories: Story[];
  /** Edits made before sending, oldest first; absent when nobody edited the issue. */
  audit?: IssueAuditEntry[];
  /**
   * Only the list's subscribers of this topic, and those who picked no topic, receive the issue (`digest send
   * --topic`; `receivesTopic` in core/topic-audience.ts). It travels with the archived issue so that a resumed
   * delivery (`digest send --issue`) keeps the audience.
   */
  topic?: string;
}

/** An issue rendered once: the HTML and text with per-recipient placeholders still in them. */
export interface RenderedIssue {
  issueId: string;
  subject: string;
  html: string;
  text: string;
  /** The From header as the list set it when the issue was rendered; absent: the deployment's sender. */
  from?: string;
  replyTo?: string | null;
  /**
   * The dates in `html` and `text`, shown in the list's time zone: what instant each stands for and where its text
   * is, so that a reader's copy can show them in the reader's zone (core/date-slots.ts). Absent in an issue rendered
   * before dates were slots: its readers see the list's zone.
   */
  dates?: DateSlot[];
}
