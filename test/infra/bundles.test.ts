/**
 * The Lambda bundles as `cdk synth` builds them: ONE real synth with local esbuild bundling (no Docker), then
 * checks on each function's asset directory and on esbuild's metafile (index.meta.json, written by DigestFunction).
 * Functions whose handler file does not exist yet are not bundled; the size checks of those fail until they land.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_NAMES } from '../../functions/config.js';
import { buildDigestApp, cdkJsonContext, type DigestApp } from '../../infra/build-app.js';
import type { HandlerName } from '../../infra/handler-catalog.js';

/** The budget of every function's bundle (cold start grows with the code a container must load). */
const SMALL_BUNDLE_LIMIT = 500 * 1024;
/**
 * The two exceptions, each held to its own ceiling below, with its measured cold start in docs/benchmarks.md
 * (Lambda bundles):
 * - `schedule` (about 509 KB) reads feeds, summarizes and renders, and sends the editor's review and expiry mails
 *   with nodemailer's MIME composer (135 KB, 74 KB of it a MIME-type table);
 * - `admin` (about 706 KB) is the console: its pages, and composing an issue (the summarizer, quotes and the feed
 *   reader, as the schedule), re-rendering an edited one (the compiled templates), a CSV import and export, and a
 *   test copy (the MIME composer, as the send worker).
 */
const OVER_BUDGET: readonly HandlerName[] = ['schedule', 'admin'];
/**
 * Per-function ceilings in KB (1,024 bytes) of index.mjs, a few percent (at least 3 KB) above the sizes measured
 * after each function was made to bundle only its own dependencies (measured size in the comment). Every function
 * that logs carries the Powertools Logger (about 23 KB with its invoke store).
 * A function that starts pulling in another's stack (article extraction, templates, the mailer, zod) fails here;
 * raise a ceiling only for growth the function's own code path needs.
 */
const BUNDLE_LIMITS_KB: Record<HandlerName, number> = {
  subscribe: 311, // 307.2 with a refused form shown again with what was typed and why (handlers/subscribe-page.ts, about 1.5 KB); 302.4 with errors logged whole (name, message, stack, cause: core/log-redaction.ts, about 1 KB); 291.8 with busboy for multipart forms; the digest and forward templates stay out
  confirm: 282, // 278.0 with the opt-out rule that add and import share and the reader's topics held to the list's (core/subscription.ts); about 268.7 with the per-route throttle (core/route-throttle.ts)
  unsubscribe: 283, // 279.5 with the reader's standing read before the page offers a button, and the way back after leaving (handlers/unsubscribe.ts); 278.0 (1 byte over 278) with URLs from content neutralised (core/placeholders.ts neutraliseUrl: the confirmation mail's logo, under 0.1 KB); about 268 with the per-route throttle
  preferences: 312, // 308.0 with the time zone field's suggestions and its refusal in a reader's words (handlers/preferences.ts); 304.4 with thrown errors masked for the runtime (maskedError, under 1 KB in each function); 293.3 with busboy for multipart forms
  feedback: 104, // 99.6 with the subscriber store's paged search, counts by status and batched suppression reasons, about 0.7 KB more with the log redaction that keeps a URL around an address readable; 95.5 when first set
  'inbound-unsubscribe': 183, // 179.4 with thrown errors masked for the runtime; 172.9 with postal-mime (76 KB); it was 1184.3 with mailparser
  'fan-out': 238, // 228.2
  'send-worker': 291, // 290.1 with the holds on an issue's kept counts (adapters/dynamo-kept-counts.ts, about 2.6 KB, measured the same way on the code before it at 287.5); 287.1 with each reader's dates in their own time zone (core/personalise.ts readerDates and its date slots, core/date-labels.ts, adapters/mime.ts: about 2.6 KB, measured the same way on the code before it at 284.5); 277.1 with the subscribers table (consent read again right before each send); 263.8 before
  'send-events': 239, // 228.9
  schedule: 644, // about 642.7 with the holds on an issue's kept counts (adapters/dynamo-kept-counts.ts, about 2.6 KB as for send-worker); 640.1 with a feed title's named entities read with the XML parser's own tables and the accented letters and punctuation (adapters/feed-parser.ts, @nodable/entities), and an item with neither title nor link kept to be reported; 637.5 with a story's claim renewed by every briefing that meets its story again, and claims and editors' drops that expire (use-cases/story-claims.ts renewStoryClaims, use-cases/read-sources.ts, core/compose.ts sentMatch, adapters/dynamo-briefing-store.ts renewStories); 636.2 with an auto briefing's stories with nothing to send left out (use-cases/briefing.ts) and the version condition of a briefing draft's save (adapters/dynamo-briefing-store.ts versionCondition, shared with its approval); 634.8 with an issue for a list nobody can be mailed on kept back (nothing archived, claimed or recorded), the draft sweep that reports each draft apart and mails no notice where a list has no editor, and a rejected draft's own status (use-cases/briefing.ts, briefing-drafts.ts, mailable-subscribers.ts, the briefings store: about 1.8 KB, measured the same way on the code before it at 633.0); 630.5 with one issue per story (the story claims, the stories an editor dropped recorded apart, and a pending draft's stories counted apart: use-cases/story-claims.ts, adapters/dynamo-briefing-store.ts, core/compose.ts; about 5.7 KB, measured the same way on the code before it at 624.8); 624.4 with the digest template's note in place of "view in browser" for a copy that has no web version (a test copy, a preview: core/render-model.ts webVersion, render-text.ts, templates.gen.ts; about 0.5 KB); about 623.9 before it, measured the same way on 62ed090, already over the 623 set here before (the quote finder's rules since 620.3 came without a ceiling change); 620.3 with the quote finder's rules of 2026-12-07 (roles read with their modifiers, a title and "of", an office after a role's "of", a phrase through "of" after a role word); 616.8 with the cities of two words or more in name-data.gen.ts (about 13 KB: a he/she never goes to "Las Vegas" or "Swift Current"); 602.4 with the quote finder's rules of 2026-12-06, last (the unnamed sources a pronoun stands for, names after "was", speech past an aside, the one asked answering, a guess below even odds giving way: about 3.4 KB since 599.0); 599.0 with the quote finder's rules of 2026-12-06, later (first names of either sex in name-data.gen.ts, about 1 KB; bodies' names read whole, compound role words, places ending a name); 597.2 with the quote finder's rules of 2026-12-06 (descriptions in apposition read on, askers in apposition and after a role, unnamed persons of a role, place names opening "Place" or "Lake"; about 0.8 KB); 596.4 with the quote finder's rules of 2026-12-05 (late: a family member's paragraph and its data list, exchange turns kept, subjects after a participle, names with no mark of a person giving way; about 0.5 KB); 592.7 with names of other places and years read (surnames that are months, several particles, romanised given names) and descriptions read as the person named before (described-persons.ts, the title abbreviations, more role words), about 4 KB; 588.4 with the speaker phrase's noun check (the WordNet nouns ending in -ly in name-data.gen.ts, about 1.3 KB) and "it said" read as the body that spoke; 583.8 with the nouns that name a person (name-data.gen.ts, about 20 KB: a capitalised noun before a name is its role, "Meteorologist Anika Sorensen"); 563.8 with the quote finder's faster paths (the entity index resolving short names in one pass, one-word names tested in place, marks read by their codes, the stop-word pattern of the content words); 559.7 with the quote finder's Latin letter classes (latin-classes.gen.ts, about 5 KB: no Unicode-property pattern compiled for news in Latin script); 553.1 with thrown errors masked for the runtime; 547.2 with a feed read by its root element under a generic type, far-future dates not believed and the shortest-article check; 539.1 with the delivery ledger (a retried window settles records a dead sender left in progress; 528.0 before), 525.1 with stacked content codings, declared charsets and feed xml:base read (508.9 when first set): feed reader, summarizer, the digest template, SES; linkedom and Readability only in the extraction worker
  approve: 352, // 350.3 with the holds and the reader pages' changes of 2026-12-08 (the 404 page's archive links, handlers/http/responses.ts); 349.7 with the holds on an issue's kept counts (adapters/dynamo-kept-counts.ts, about 2.5 KB since 347.2, as for send-worker); 348 with the renewal of a story's claim when an approval runs into it (use-cases/story-claims.ts, 346.3 alone); 346.2 with the approve page's warning of a story with nothing left to send, before the press (handlers/approve.ts approvePage, and the [Review] mail's "Not ready" line in use-cases/briefing-drafts.ts), about 0.3 KB; 342.7 with the story claims (use-cases/story-claims.ts, the briefings store's claims, core/compose.ts's story matching), the approve link's version check and its refusal of a list nobody on which can be mailed (use-cases/mailable-subscribers.ts): about 8.2 KB since 334.5, measured the same way on the code before it; 326.1 with busboy for multipart forms and the ledger adapter (it records the queued count)
  articles: 114, // 111.4 with the briefings store's story claims and dropped stories (adapters/dynamo-briefing-store.ts, about 2.1 KB: the store is one class); 109.3 with a URL that carries a user name or password refused (core/source-url.ts, about 0.6 KB; 108.7 before it, measured the same way); 107.3 with errors logged whole (core/log-redaction.ts, about 1 KB); 104.0 with the lists table (an unknown list is 404)
  'issue-page': 45, // 41.4 with thrown errors masked for the runtime; 37.6 with the lists table (the list's title in the web copy)
  archive: 48, // 44.5 with a 404 page that links the lists' archives (handlers/http/responses.ts archiveLinks); 40.9 with the lists table (title, description, subscribe page)
  forward: 295, // 294.1 with list settings saved on condition of the record a form loaded (ports/list-store.ts StaleListError, adapters/configured-list-store.ts); 284.3 with the lists table (the forwarded copy's title and sender)
  authorizer: 10, // 6.3 with thrown errors masked for the runtime (the address patterns of core/log-redaction.ts); 2.8
  's3-drop': 105, // 102.1 with the briefings store's story claims that expire and are renewed (adapters/dynamo-briefing-store.ts); 99.0 with thrown errors masked for the runtime; 96.3
  // 896.0 with refusals headed by what was asked, Schedule's version check and list settings saved on condition of the
  // record the form loaded (admin/router.ts, pages-issues.ts, pages-lists.ts, ports/list-store.ts): about 2.4 KB;
  // 893.6 with the console's fixes of 2026-12-08 (a failed Send now keeping its schedule, typed text kept past a
  // session's end, the warning before leaving a changed form, progress pages that say when they stop following, a
  // refused test copy shown on the editor: admin/*), about 6.5 KB since 887.1, measured together;
  // 887.1 with the counts the ledger keeps for settled issues, read by the Issues list and the progress page
  // (adapters/dynamo-kept-counts.ts, use-cases/undelivered.ts): about 3.3 KB since 883.8;
  // 883.8 with a briefing's Reject confirmed and checked against the page's version, list settings refused in the
  // form's words field by field, Forget and Stats keeping the editor's list, the outbox's note on a local issue's
  // stats and a speaker corrected across the story (admin/*, core/issue-edits.ts): about 5.7 KB since 878.1; its
  // words were not cut to fit the ceiling before (an editor reads them once per session, not per subscriber);
  // 878.1 with a console send that failed before any mail went out given back to the editor, and one that stopped
  // offered back (use-cases/console-issues.ts giveBack, reopenStoppedSend, SendStoppedError), Unschedule, the
  // sign-in page that shows what a form posted after its session ended held, wide tables scrolling in their own
  // region and an import's refusal shown in place (admin/*): about 7.5 KB since 870.6, measured together;
  // 870.6 with the changes of the three notes below together (each was measured without the others);
  // 867.5 with the console's issues from URLs claiming their stories (use-cases/console-issues.ts) and claims renewed
  // and expiring, as for schedule;
  // 865.6 with every save of a draft checking its version as part of its write (the drafts' `replace`: the S3 store's
  // lease in the briefings table, adapters/dynamo-lease-lock.ts; the briefing draft's conditional write; Send now,
  // Schedule and a test copy's trail entry written the same way in use-cases/console-issues.ts);
  // 864.6 with a list's queued articles on its page and their Remove button (admin/pages-lists.ts,
  // use-cases/queued-articles.ts), placeholders kept out of URLs from content (core/placeholders.ts) and the Send
  // card's warning of a story with nothing left to send (admin/pages-issues.ts, briefing-drafts.ts' "Not ready"
  // line), measured together, not each apart (the last size noted below is 861.6);
  // 861.6 with the subject and preheader that follow the stories and the warning of one written by hand, the refusal
  // of an emptied story and of an edit without a version, and a rejected briefing shown as such (core/issue-edits.ts,
  // core/empty-stories.ts, admin/pages-issues.ts, use-cases/console-issues.ts, briefing-drafts.ts): about 4.0 KB since
  // 857.6, measured the same way on the code before it;
  // 857.6 with each reader's dates in their own time zone (the date slots of core/date-slots.ts, core/date-labels.ts,
  // core/personalise.ts and adapters/mime.ts): about 3.2 KB since 854.4, measured the same way on the code before it;
  // 853.0 with one issue per story (use-cases/story-claims.ts, the briefings store's claims and dropped stories, the
  // approval that claims its stories and checks the version and the recipients before it approves): about 6.9 KB
  // since 846.1, measured the same way on the code before it;
  // 845.7 with the Issues list's flag of an issue that left recipients failed, unknown or stalled (admin/undelivered.ts
  // undeliveredFlag, use-cases/issue-stats.ts undeliveredCounts), a list's topics in its settings form and on its page,
  // and the add-feed form's known-feed and kept-checkbox rules: about 2.5 KB, most of it the words of the topics field
  // and the flag's note, since 843.3 (measured the same way on the code before them, grown from the 841.9 below);
  // 841.9 with the CSV import's confirm step, Stop and list of recent imports (admin/pages-imports.ts about 13.1 KB,
  // most of it the words of the confirm page and the report; use-cases/console-imports.ts 4.7 KB; the S3 store of
  // imports, adapters/s3-import-jobs.ts, 2.1 KB; the import's preview and stop in use-cases/import-subscribers.ts
  // 1.4 KB; 4.5 KB of it moved out of admin/pages-subscribers.ts), a list's feeds on its page (pages-lists.ts, about
  // 3 KB with the Suppressed count), the mailable count shared by the Lists page and Send now
  // (use-cases/mailable-subscribers.ts) and the 415 of a body in another format: about 22.4 KB since 819.3;
  // 818.1 with who did not get an issue and why (the console's table of failed, unknown and stalled recipients, Resume
  // and Resend to unknown: admin/undelivered.ts, use-cases/issue-stats.ts undeliveredRecipients) and the Send now form's
  // recipient count and version check, about 8.7 KB, most of it the words that tell the editor what to do (the rest
  // since 807.3 came with other console changes of the same day);
  // 807.3 with the quote finder's rules of 2026-12-07, as for schedule; 803.8 with the cities of two words or more in name-data.gen.ts, about 13 KB as for schedule; 789.5 with the quote finder's rules of 2026-12-06, last, about 3.5 KB as for schedule; 786.0 with the quote finder's rules of 2026-12-06, later, about 1.8 KB as for schedule; 784.2 with the quote finder's rules of 2026-12-06, about 0.8 KB as for schedule; 783.5 with the quote finder's rules of 2026-12-05 (late), about 0.5 KB as for schedule; 779.8 with names of other places and years and descriptions read as the person named before (about 4 KB, as for schedule); 775.5 with the speaker phrase's noun check and "it said" (about 3 KB, as for schedule); 770.9 with the nouns that name a person (about 20 KB, as for schedule); 750.8 with the quote finder's faster paths (about 4 KB, as for schedule); 746.7 with the quote finder's Latin letter classes (about 5 KB); 740.2 with thrown errors masked for the runtime; 730.6 with signed-out sessions, paged subscriber search and the shortest-article check; 705.5: the console's pages and busboy, the summarizer and quotes (composing), the feed reader (from the
  // list's sources), nodemailer (test copies), csv-parse (import), zod, templates; Readability and linkedom are in
  // the extraction worker, MJML nowhere; about 1 KB of it the sign-in attempts' sliding window (core/sliding-window.ts
  // and adapters/dynamo-window-limits.ts), which the console's own sign-in needs
  admin: 897,
};
/** A quoted name in the minified bundle: how the composition root asks for a variable (`env("SUBSCRIBERS_TABLE")`). */
const QUOTED_NAME_RE = /["'`]([A-Z][A-Z0-9_]+)["'`]/g;
const ENV_NAME_SET = new Set<string>(ENV_NAMES);
const RESOURCE_NAME_RE = /_(TABLE|BUCKET|QUEUE_URL|SECRET_ARN|CONFIGURATION_SET)$/;

interface Bundle {
  dir: string;
  code: string;
  size: number;
  inputs: string[];
  /** Bytes each input contributes to index.mjs (esbuild's metafile). */
  bytesByInput: (readonly [string, number])[];
  env: Record<string, unknown>;
}

/** The five largest contributors, by package (node_modules/<pkg>) or by source file, for a failing size check. */
function biggestInputs(b: Bundle): string[] {
  const byKey = new Map<string, number>();
  for (const [path, bytes] of b.bytesByInput) {
    const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path;
    byKey.set(key, (byKey.get(key) ?? 0) + bytes);
  }
  return [...byKey]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5)
    .map(([key, bytes]) => `${key} ${(bytes / 1024).toFixed(1)} KB`);
}

function readsOf(b: Bundle): Set<string> {
  return new Set([...b.code.matchAll(QUOTED_NAME_RE)].map((m) => m[1]!));
}

let outdir: string;
let built: DigestApp;
const bundles = new Map<HandlerName, Bundle>();

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'digest-bundles-'));
  const app = new App({ outdir, context: { ...cdkJsonContext(), 'digest:allowMissingHandlers': true } });
  built = buildDigestApp(app);
  app.synth();
  const resources = Template.fromStack(built.stateless).toJSON().Resources as Record<
    string,
    { Properties: { Code: { S3Key: string }; Environment?: { Variables: Record<string, unknown> } } }
  >;
  for (const [name, fn] of Object.entries(built.stateless.functions)) {
    const props = resources[built.stateless.getLogicalId(fn.node.defaultChild as never)]!.Properties;
    const dir = join(outdir, `asset.${props.Code.S3Key.replace(/\.zip$/, '')}`);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    const meta = JSON.parse(readFileSync(join(dir, 'index.meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const output = Object.entries(meta.outputs).find(([path]) => path.endsWith('index.mjs'))?.[1];
    bundles.set(name as HandlerName, {
      dir,
      code,
      size: statSync(join(dir, 'index.mjs')).size,
      inputs: Object.keys(meta.inputs),
      bytesByInput: Object.entries(output?.inputs ?? {}).map(([path, i]) => [path, i.bytesInOutput] as const),
      env: props.Environment?.Variables ?? {},
    });
  }
}, 900_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

describe('bundles', () => {
  it('the schedule package carries a self-contained extraction worker that reads a page', async () => {
    const schedule = bundles.get('schedule');
    expect(schedule).toBeDefined();
    const file = join(schedule!.dir, 'html-extract-worker.cjs');
    expect(existsSync(file)).toBe(true);
    expect(schedule!.code).toContain('html-extract-worker.cjs');
    const worker = new Worker(file);
    const para =
      '<p>The council voted on Tuesday to rebuild the storm wall before the winter, the mayor said.</p>';
    const answer = await new Promise<{ ok: boolean; article?: { source: string } }>((resolve, reject) => {
      // the worker first says when it starts a page (the parent's budget counts from then), then answers
      worker.on('message', (m: { ok?: boolean; article?: { source: string } }) => {
        if (m.ok !== undefined) resolve({ ok: m.ok, ...(m.article ? { article: m.article } : {}) });
      });
      worker.once('error', reject);
      worker.postMessage({
        id: 1,
        html: `<html><body><article>${para.repeat(4)}</article></body></html>`,
        url: null,
      });
    });
    await worker.terminate();
    expect(answer.ok).toBe(true);
    expect(answer.article?.source).toContain('storm wall');
  });

  it('exist for every deployed function', () => {
    expect(bundles.size).toBe(Object.keys(built.stateless.functions).length);
    expect(bundles.size).toBeGreaterThan(0);
  });

  it('are minified ESM with an external source map', () => {
    for (const [name, b] of bundles) {
      expect(existsSync(join(b.dir, 'index.mjs.map')), name).toBe(true);
      expect(b.code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'), name).toBe(true);
      const lines = b.code.split('\n').length;
      expect(b.size / lines, `${name}: average line length`).toBeGreaterThan(200);
    }
  });

  it('never contain MJML (templates are compiled at build time)', () => {
    for (const [name, b] of bundles) {
      expect(
        b.inputs.filter((i) => /node_modules\/mjml/.test(i)),
        name,
      ).toEqual([]);
    }
  });

  it('leave the AWS SDK v3 to the runtime (imports stay external)', () => {
    for (const [name, b] of bundles) {
      expect(
        b.inputs.filter((i) => i.includes('node_modules/@aws-sdk/')),
        name,
      ).toEqual([]);
    }
  });

  it.each(Object.keys(BUNDLE_LIMITS_KB).filter((name) => !OVER_BUDGET.includes(name as HandlerName)))(
    '%s is under 500 KB',
    (name) => {
      const b = bundles.get(name as HandlerName);
      expect(b, `${name} is not deployed (functions/handlers/${name}.ts missing?)`).toBeDefined();
      expect(b!.size, `${name}: biggest inputs: ${biggestInputs(b!).join(', ')}`).toBeLessThan(
        SMALL_BUNDLE_LIMIT,
      );
    },
  );

  it.each(Object.entries(BUNDLE_LIMITS_KB))('%s stays under %d KB', (name, limitKb) => {
    const b = bundles.get(name as HandlerName);
    expect(b, `${name} is not deployed (functions/handlers/${name}.ts missing?)`).toBeDefined();
    expect(
      b!.size,
      `${name}: ${(b!.size / 1024).toFixed(1)} KB; biggest inputs: ${biggestInputs(b!).join(', ')}`,
    ).toBeLessThan(limitKb * 1024);
  });

  it.each([
    ['authorizer', ['@aws-sdk/client-secrets-manager']],
    // and the lists table, for the list's title (an unknown list is 404)
    ['issue-page', ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/lib-dynamodb']],
    ['archive', ['@aws-sdk/client-dynamodb', '@aws-sdk/client-s3', '@aws-sdk/lib-dynamodb']],
  ] as const)('%s carries no zod and loads no AWS client but %j', (name, clients) => {
    const b = bundles.get(name);
    expect(b, `${name} is not deployed`).toBeDefined();
    expect(b!.inputs.filter((i) => /node_modules\/zod\//.test(i))).toEqual([]);
    const imported = new Set([...b!.code.matchAll(/from\s*"(@aws-sdk\/[^"]+)"/g)].map((m) => m[1]));
    expect([...imported].sort()).toEqual([...clients]);
  });

  it('read only environment variables their construct binds', () => {
    // Tree-shaken and minified, a bundle keeps the name of a variable only where its code path reads it.
    const unbound: Record<string, string[]> = {};
    for (const [name, b] of bundles) {
      const missing = [...readsOf(b)].filter((env) => ENV_NAME_SET.has(env) && !(env in b.env));
      if (missing.length) unbound[name] = missing.sort();
    }
    expect(unbound).toEqual({});
  });

  it('are given no resource name they never read', () => {
    // A bound name is a pointer at a resource (and usually a grant next to it): none without a reader.
    const unread: Record<string, string[]> = {};
    for (const [name, b] of bundles) {
      const reads = readsOf(b);
      const extra = Object.keys(b.env).filter((env) => RESOURCE_NAME_RE.test(env) && !reads.has(env));
      if (extra.length) unread[name] = extra.sort();
    }
    expect(unread).toEqual({});
  });
});
