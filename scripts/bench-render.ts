// Render: one issue rendered once (compiled templates + escaped slots) for 1 and 5 stories, against a
// naive loop that runs MJML for every recipient, to show what rendering once saves.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mjml2html from 'mjml';
import { renderIssue } from '../functions/adapters/render-issue.js';
import { articleFromPlainText } from '../functions/core/plain-text.js';
import { digestView } from '../functions/core/render-model.js';
import { buildStory } from '../functions/core/story.js';
import { compileTemplate, renderTemplate } from '../functions/core/template-engine.js';
import type { Issue } from '../functions/core/types.js';
import type { BenchOptions } from './bench.js';
import { measured } from './bench-results.js';
import { fmt, median, REPO_ROOT, table, timeRuns } from './bench-util.js';

const OPTIONS = { baseUrl: 'https://digest.example.org', postalAddress: '1 Example Street, Springfield' };

function issueOf(stories: number): Issue {
  const texts = [
    readFileSync(join(REPO_ROOT, 'functions/cli/samples/harbour-ferry.txt'), 'utf8'),
    readFileSync(join(REPO_ROOT, 'test/fixtures/articles/multi-paragraph-quote.txt'), 'utf8'),
  ];
  return {
    id: `bench-${stories}`,
    list: 'default',
    subject: 'Bench issue',
    preheader: 'Key points and quotes',
    createdAt: '2026-11-26T08:00:00.000Z',
    stories: Array.from({ length: stories }, (_, i) => ({
      ...buildStory(articleFromPlainText(texts[i % texts.length]!)),
      url: `https://news.example.org/story-${i}`,
    })),
  };
}

export async function run({ tiny }: BenchOptions): Promise<string> {
  const repeat = tiny ? 3 : 200;
  const rows: (string | number)[][] = [];
  for (const stories of [1, 5]) {
    const issue = issueOf(stories);
    renderIssue(issue, OPTIONS);
    const times = await timeRuns(repeat, () => renderIssue(issue, OPTIONS));
    const size = Buffer.byteLength(renderIssue(issue, OPTIONS).html) / 1024;
    measured[`renderMs.${stories}`] = median(times);
    rows.push([`${stories} ${stories === 1 ? 'story' : 'stories'}`, fmt(median(times), 3), fmt(size, 1)]);
  }

  // the naive way: MJML for every recipient (still filling the same slots afterwards)
  const templatePath = join(REPO_ROOT, 'templates/digest.mjml');
  const source = readFileSync(templatePath, 'utf8');
  const issue = issueOf(5);
  const view = digestView(issue, OPTIONS);
  const recipients = tiny ? 2 : 20;
  const naive = await timeRuns(recipients, async () => {
    const result = await mjml2html(source, {
      validationLevel: 'soft',
      filePath: templatePath,
      keepComments: true,
      ignoreIncludes: false,
      includePath: join(REPO_ROOT, 'templates'),
      fonts: {},
    });
    renderTemplate(compileTemplate(result.html), view);
  });
  const once = measured['renderMs.5'] ?? Number.NaN;
  return [
    '## Render',
    '',
    `Time to render one issue with the build-time-compiled templates (\`renderIssue\`: view model, escaped slots, text part), median of ${repeat} runs. No MJML runs at send time.`,
    '',
    table(['issue', 'ms per issue', 'HTML KB'], rows),
    '',
    `Naive alternative: run MJML for every recipient (5-story issue, median of ${recipients}): **${fmt(median(naive), 1)} ms per recipient**. Rendering once costs ${fmt(once, 2)} ms per issue, whatever the list size, and each recipient then costs only the string substitution of two links and the issue's dates (see "Per-recipient CPU" under Delivery). For 100,000 recipients the naive loop would spend ${fmt((median(naive) * 100_000) / 60_000, 0)} CPU-minutes on MJML alone.`,
  ].join('\n');
}
