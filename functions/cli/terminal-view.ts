import { publishedLabel, shownQuotes } from '../core/render-model.js';
import { attributionLine } from '../core/shown-speaker.js';
import type { Story } from '../core/types.js';

/** Greedy word wrap with a hanging indent. */
function wrap(text: string, width: number, indent: string, firstIndent = indent): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = firstIndent;
  let lineHasWord = false;
  for (const word of words) {
    if (lineHasWord && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (lineHasWord ? ' ' : '') + word;
    }
    lineHasWord = true;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The readable terminal view of `digest summarize`: title, key points, quotes with speakers. */
export function formatStoryForTerminal(story: Story, options: { columns: number }): string {
  const width = Math.max(40, Math.min(options.columns, 100));
  const out: string[] = [];
  out.push(story.title ?? '(untitled)');
  // The date as the email prints it (publishedLabel): a page's ISO time becomes "12 May 2026, 09:00 UTC"; a date
  // a text printed for people ("May 12, 2026") is shown as written, as it always was.
  const published = story.published ? publishedLabel(story.published) : null;
  const meta = [story.byline, published, story.url].filter(Boolean).join(' · ');
  if (meta) out.push(meta);
  out.push('');
  out.push('Key points');
  for (const point of story.keyPoints) out.push(wrap(point.shown ?? point.text, width, '   ', ' • '));
  if (story.keyPoints.length === 0) out.push('   (none found)');
  out.push('');
  out.push('Quotes');
  // the parts of an interrupted quotation shown as one, each quote as the email shows it (render-model.ts)
  for (const { text, first } of shownQuotes(story)) {
    out.push(wrap(`“${text}”`, width, '   ', ' > '));
    const who = attributionLine(first.speaker, first.role) ?? 'speaker unknown';
    out.push(wrap(`— ${who}`, width, '     ', '     '));
  }
  if (story.quotes.length === 0) out.push('   (no direct quotes)');
  return `${out.join('\n')}\n`;
}
