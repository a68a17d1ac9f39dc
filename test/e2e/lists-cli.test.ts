// `digest lists` as an operator uses it on a fresh data dir: the built-in default list, create, update,
// show, list, embed, delete (refused while people are on it), and the one list-id rule.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

let dataDir: string;
const ENV = {
  DIGEST_BASE_URL: 'https://news.example.org',
  DIGEST_SECRET: '',
  DIGEST_DATA_DIR: '',
  DIGEST_LIST_TITLE: 'Harbour Digest',
};
const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir], { env: ENV, timeoutMs: 120_000 });

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'digest-e2e-lists-'));
});
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('digest lists', () => {
  it('a fresh data dir has the list "default", titled from configuration', async () => {
    const shown = await cli('lists', 'show', 'default', '--json');
    expect(shown.stderr).toBe('');
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      id: 'default',
      title: 'Harbour Digest',
      tracking: false,
      maxItemAgeDays: 7,
      timeZone: 'UTC',
    });
  });

  it('show without --json prints every setting --json has, readably', async () => {
    const created = await cli(
      'lists',
      'create',
      'quay-notes',
      '--title',
      'Quay Notes',
      '--topics',
      'ferries,tides',
      '--tracking',
      '--max-item-age-days',
      '3',
      '--time-zone',
      // stored as the runtime spells it
      'europe/oslo',
    );
    expect(created.code, created.stderr).toBe(0);
    const json = JSON.parse((await cli('lists', 'show', 'quay-notes', '--json')).stdout) as Record<
      string,
      unknown
    >;
    const text = await cli('lists', 'show', 'quay-notes');
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    const rows = text.stdout.trimEnd().split('\n');
    // one row per field of the JSON object, each with its value
    expect(rows).toHaveLength(Object.keys(json).length);
    for (const [key, value] of Object.entries(json)) {
      if (value === null || typeof value === 'boolean' || key === 'maxItemAgeDays') continue;
      const shown = Array.isArray(value) ? value.join(', ') : String(value);
      expect(text.stdout, key).toContain(shown);
    }
    expect(rows).toContain('tracking        on (opens and clicks counted)');
    expect(rows).toContain('max item age    3 days');
    expect(rows).toContain('topics          ferries, tides');
    expect(rows).toContain('time zone       Europe/Oslo');
    expect(rows).toContain('description     -');
    expect((await cli('lists', 'delete', 'quay-notes')).code).toBe(0);
  });

  it('creates a list with every flag, shows it, and lists it beside default', async () => {
    const created = await cli(
      'lists',
      'create',
      'harbour-brief',
      '--title',
      'The Harbour Brief',
      '--description',
      'Tides, trade and the town council',
      '--from-name',
      'Harbour Desk',
      '--from',
      'brief@news.example.org',
      '--reply-to',
      'desk@news.example.org',
      '--postal-address',
      '2 Quay Street, Exampleton',
      '--time-zone',
      'Europe/London',
      '--subject-prefix',
      '[Harbour]',
      '--accent-color',
      '#0a5c7a',
      '--tracking',
      '--max-item-age-days',
      '3',
    );
    expect(created.stderr).toBe('created list "harbour-brief" (The Harbour Brief)\n');
    expect(created.code).toBe(0);
    const shown = JSON.parse((await cli('lists', 'show', 'harbour-brief', '--json')).stdout);
    expect(shown).toMatchObject({
      id: 'harbour-brief',
      title: 'The Harbour Brief',
      description: 'Tides, trade and the town council',
      fromName: 'Harbour Desk',
      fromAddress: 'brief@news.example.org',
      replyTo: 'desk@news.example.org',
      postalAddress: '2 Quay Street, Exampleton',
      timeZone: 'Europe/London',
      subjectPrefix: '[Harbour]',
      accentColor: '#0a5c7a',
      tracking: true,
      maxItemAgeDays: 3,
    });
    const all = JSON.parse((await cli('lists', 'list', '--json')).stdout) as Array<{ id: string }>;
    expect(all.map((l) => l.id)).toEqual(['default', 'harbour-brief']);
    const again = await cli('lists', 'create', 'harbour-brief', '--title', 'Twice');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toBe('digest: the list "harbour-brief" exists already\n');
  });

  it('updates only what is given and clears an optional field with an empty value', async () => {
    const updated = await cli('lists', 'update', 'harbour-brief', '--reply-to', '', '--no-tracking');
    expect(updated.code).toBe(0);
    const shown = JSON.parse((await cli('lists', 'show', 'harbour-brief', '--json')).stdout);
    expect(shown).toMatchObject({ title: 'The Harbour Brief', replyTo: null, tracking: false });
  });

  it('--topics given twice keeps the topics of both, as one comma-separated --topics does', async () => {
    const created = await cli(
      'lists',
      'create',
      'tide-notes',
      '--title',
      'Tide Notes',
      '--topics',
      'Ferries',
    );
    expect(created.code, created.stderr).toBe(0);
    const updated = await cli(
      'lists',
      'update',
      'tide-notes',
      '--topics',
      'Tides',
      '--topics',
      'Weather, Port',
    );
    expect(updated.code, updated.stderr).toBe(0);
    const shown = JSON.parse((await cli('lists', 'show', 'tide-notes', '--json')).stdout);
    expect(shown.topics).toEqual(['port', 'tides', 'weather']);
    // and an empty --topics still clears them
    expect((await cli('lists', 'update', 'tide-notes', '--topics', '')).code).toBe(0);
    expect(JSON.parse((await cli('lists', 'show', 'tide-notes', '--json')).stdout).topics).toEqual([]);
  });

  it('refuses bad values with one line naming the field, and writes nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--from', 'not-an-address'], /^digest: --from: /],
      [['--time-zone', 'Mars/Olympus'], /^digest: --time-zone: "Mars\/Olympus" is not an IANA time zone/],
      [['--title', 'Two\nlines'], /^digest: --title: the title has control characters/],
      [
        ['--logo-url', 'http://example.org/logo.png'],
        /^digest: --logo-url: the logo URL must be an https URL/,
      ],
      [['--accent-color', 'blue'], /^digest: --accent-color: /],
      // the whole rule, in the product's words, whichever part of it the value breaks (never zod's own text)
      ...['soon', '0', '1.5', '366'].map((days): [string[], RegExp] => [
        ['--max-item-age-days', days],
        /^digest: --max-item-age-days: the maximum item age is a whole number of days from 1 to 365\n$/,
      ]),
      [
        ['--logo-url', `https://example.org/${'l'.repeat(2100)}.png`],
        /^digest: --logo-url: the logo URL is longer than 2048 characters\n$/,
      ],
      [['--topics', 'rail, sp@rt'], /^digest: --topics: "sp@rt": a topic is 1-40 letters/],
    ];
    for (const [flags, message] of cases) {
      const result = await cli('lists', 'update', 'harbour-brief', ...flags);
      // a bad value is a bad option: exit 2
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    const shown = JSON.parse((await cli('lists', 'show', 'harbour-brief', '--json')).stdout);
    expect(shown.fromAddress).toBe('brief@news.example.org');
  });

  it('a call that gives nothing to change, or no --title to create, is a usage error: exit 2', async () => {
    const nothing = await cli('lists', 'update', 'harbour-brief');
    expect(nothing.stderr).toBe('digest: nothing to change: give at least one flag\n');
    expect(nothing.code).toBe(2);
    const untitled = await cli('lists', 'create', 'no-title');
    expect(untitled.stderr).toBe('digest: --title is required\n');
    expect(untitled.code).toBe(2);
  });

  it('one list-id rule: an upper-case or dotted id is refused, never lower-cased into another list', async () => {
    for (const id of ['Harbour-Brief', 'a.b', '_x']) {
      const result = await cli('lists', 'create', id, '--title', 'X');
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/is not a list id: a list id is 1-64 of a-z/);
    }
    const shown = await cli('lists', 'show', 'Harbour-Brief');
    expect(shown.code).not.toBe(0);
    expect(shown.stderr).toMatch(
      /^digest: no list "Harbour-Brief"; lists: default\b.*\(create one with `digest lists create`\)\n$/,
    );
  });

  it('embed prints a form that posts the list id to the subscribe route, with the title escaped', async () => {
    await cli('lists', 'create', 'tricky', '--title', 'Fish & <Chips>');
    const result = await cli('lists', 'embed', 'tricky');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('action="https://news.example.org/subscribe" method="post"');
    expect(result.stdout).toContain('<input type="hidden" name="list" value="tricky">');
    expect(result.stdout).toContain('Fish &amp; &lt;Chips&gt;');
    expect(result.stdout).not.toContain('<Chips>');
  });

  it('delete refuses while someone is on the list, deletes with --force, and keeps the built-in list', async () => {
    expect(
      (await cli('subscribers', 'add', 'reader@example.org', '--list', 'tricky', '--confirmed')).code,
    ).toBe(0);
    const refused = await cli('lists', 'delete', 'tricky');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toBe(
      'digest: the list "tricky" still has 1 subscriber; remove them first, or add --force\n',
    );
    const forced = await cli('lists', 'delete', 'tricky', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe('deleted list "tricky" and 1 subscriber record; its archive stays\n');
    expect((await cli('lists', 'show', 'tricky')).code).not.toBe(0);
    const builtIn = await cli('lists', 'delete', 'default');
    expect(builtIn.code).not.toBe(0);
    expect(builtIn.stderr).toMatch(/built in/);
  });
});
