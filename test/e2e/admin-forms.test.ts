/**
 * The console's forms as an editor meets them, over HTTP against `digest dev`: a change either lands and says
 * so or is refused and says why, a refused form keeps what was typed, and the pages list and report what is
 * really there.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/cli.js';
import { consoleClient, csrfOf } from '../support/console-client.js';
import { type DevServer, startDevServer } from '../support/dev-server.js';
import { outboxFiles } from '../support/outbox.js';

const SECRET = 'admin-forms-test-secret-0123456789ab';
const ARTICLE = readFileSync(join(REPO_ROOT, 'test/fixtures/articles/ferry-timetable.txt'), 'utf8');

describe('admin console forms', () => {
  let dataDir: string;
  let server: DevServer;
  let cookie: string;
  let csrf: string;
  const client = consoleClient(() => server.url);
  const { get, post } = client;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'digest-admin-forms-'));
    const key = (
      await runCli(['keys', '--data-dir', dataDir], { env: { DIGEST_SECRET: SECRET } })
    ).stdout.trim();
    server = await startDevServer(dataDir, { DIGEST_SECRET: SECRET });
    cookie = (await client.signIn(key)).cookie ?? '';
    csrf = csrfOf(await (await get('/admin/issues/new', cookie)).text());
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  async function compose(list = 'default'): Promise<string> {
    const composed = await post('/admin/issues', { _csrf: csrf, list, text: ARTICLE }, cookie);
    expect(composed.status).toBe(303);
    return composed.headers.get('location') as string;
  }

  /** The hidden fields of the editor's first form posting `op`. */
  async function formFields(editor: string, op: string): Promise<Record<string, string>> {
    return fieldsIn(await (await get(editor, cookie)).text(), op);
  }

  /** The version (the record's `updatedAt`) a list's settings form carries. */
  function listVersion(page: string, list: string): string | undefined {
    const form = new RegExp(`action="/admin/lists/${list}">[\\s\\S]*?name="version" value="([^"]+)"`);
    return form.exec(page)?.[1];
  }

  /** The version the editor's Schedule form carries. */
  async function scheduleVersion(editor: string): Promise<string> {
    const page = await (await get(editor, cookie)).text();
    const form = /<form[^>]*action="[^"]+\/schedule"[^>]*>([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
    const version = /name="version" value="(\d+)"/.exec(form)?.[1];
    expect(version, 'the Schedule form carries a version').toBeDefined();
    return version as string;
  }

  function fieldsIn(page: string, op: string): Record<string, string> {
    const form = [...page.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)]
      .map((m) => m[1] as string)
      .find((f) => f.includes(`name="op" value="${op}"`));
    expect(form, op).toBeDefined();
    return Object.fromEntries(
      [...(form as string).matchAll(/type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
  }

  it('an edit whose return anchor is not an anchor still answers with the editor, never a broken redirect', async () => {
    const editor = await compose();
    const fields = await formFields(editor, 'drop-key-point');
    const answer = await post(
      `${editor}/edit`,
      { ...fields, return: 'story-0\r\nSet-Cookie: planted=1' },
      cookie,
    );
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${editor}#top`);
    expect(answer.headers.get('set-cookie')).toBeNull();
    const odd = await post(
      `${editor}/edit`,
      { ...(await formFields(editor, 'drop-key-point')), return: '"><b>' },
      cookie,
    );
    expect(odd.headers.get('location')).toBe(`${editor}#top`);
    const kept = await post(`${editor}/edit`, { ...(await formFields(editor, 'drop-key-point')) }, cookie);
    expect(kept.headers.get('location')).toBe(`${editor}#story-0`);
  });

  it('/admin/ with a trailing slash reaches the console, as /admin does', async () => {
    const slash = await get('/admin/', cookie);
    expect(slash.status).toBe(308);
    expect(slash.headers.get('location')).toBe('/admin');
    const console = await get(slash.headers.get('location') as string, cookie);
    expect(console.status).toBe(303);
    expect(console.headers.get('location')).toBe('/admin/issues');
    // Without a session, the same way leads to the sign-in page.
    const signedOut = await get('/admin');
    expect(signedOut.headers.get('location')).toBe('/admin/sign-in');
  });

  it('a refused change of list settings keeps what was typed, and saves nothing', async () => {
    expect(
      (
        await post(
          '/admin/lists',
          { _csrf: csrf, id: 'harbour', title: 'Harbour notes', timeZone: 'UTC' },
          cookie,
        )
      ).status,
    ).toBe(303);
    const refused = await post(
      '/admin/lists/harbour',
      {
        _csrf: csrf,
        title: 'Harbour weekly',
        description: 'Sailings, tides and the quay',
        timeZone: 'Mars/Olympus',
        tracking: '1',
      },
      cookie,
    );
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('Not saved');
    expect(page).toContain('value="Harbour weekly"');
    expect(page).toContain('value="Sailings, tides and the quay"');
    expect(page).toContain('value="Mars/Olympus"');
    expect(page).toMatch(/id="f-tracking"[^>]* checked/);
    const stored = await (await get('/admin/lists/harbour', cookie)).text();
    expect(stored).toContain('value="Harbour notes"');
    expect(stored).not.toContain('Sailings, tides and the quay');
  });

  it('an empty list title is refused with the form error, on creating and on saving, and nothing is written', async () => {
    const refused = await post(
      '/admin/lists',
      { _csrf: csrf, id: 'haiti', title: '', description: 'Weekly: the UN mission', timeZone: 'UTC' },
      cookie,
    );
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toMatch(
      /<div class="flash error" role="alert">Not created: Title: it cannot be empty\.<\/div>/,
    );
    // What was typed stays in the form.
    expect(page).toMatch(/id="new-id"[^>]* value="haiti"/);
    expect(page).toContain('value="Weekly: the UN mission"');
    expect((await get('/admin/lists/haiti', cookie)).status).toBe(404);
    // Blanks only are empty too.
    expect(
      (await post('/admin/lists', { _csrf: csrf, id: 'haiti', title: '   ', timeZone: 'UTC' }, cookie))
        .status,
    ).toBe(422);
    expect((await get('/admin/lists/haiti', cookie)).status).toBe(404);

    expect(
      (
        await post(
          '/admin/lists',
          { _csrf: csrf, id: 'haiti', title: 'The Haiti Brief', timeZone: 'UTC' },
          cookie,
        )
      ).status,
    ).toBe(303);
    const cleared = await post('/admin/lists/haiti', { _csrf: csrf, title: '', timeZone: 'UTC' }, cookie);
    expect(cleared.status).toBe(422);
    expect(await cleared.text()).toContain('Not saved: Title: it cannot be empty.');
    expect(await (await get('/admin/lists/haiti', cookie)).text()).toContain('<h1>The Haiti Brief</h1>');
  });

  it('a save of list settings from a page loaded before another save is refused, keeping what was typed', async () => {
    const created = await post(
      '/admin/lists',
      { _csrf: csrf, id: 'soundings', title: 'Soundings', timeZone: 'UTC' },
      cookie,
    );
    expect(created.status).toBe(303);
    const settingsVersion = (page: string) => listVersion(page, 'soundings');
    // Two editors open the list's page.
    const first = settingsVersion(await (await get('/admin/lists/soundings', cookie)).text());
    const second = settingsVersion(await (await get('/admin/lists/soundings', cookie)).text());
    expect(first).toBeDefined();
    expect(second).toBe(first);
    const saved = await post(
      '/admin/lists/soundings',
      { _csrf: csrf, version: second ?? '', title: 'Soundings weekly', timeZone: 'UTC' },
      cookie,
    );
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved.');

    // The first saves from the page loaded before that save: refused, nothing written over it.
    const typed = {
      _csrf: csrf,
      version: first ?? '',
      title: 'Soundings at dawn',
      description: 'High and low water at the quay',
      timeZone: 'UTC',
    };
    const stale = await post('/admin/lists/soundings', typed, cookie);
    expect(stale.status).toBe(409);
    const page = await stale.text();
    expect(page).toContain('Not saved: these settings were changed since this page was loaded');
    // The settings as they are now, beside what was typed; the form keeps what was typed.
    expect(page).toContain(
      '<tr><th scope="row">Title</th><td>Soundings weekly</td><td>Soundings at dawn</td></tr>',
    );
    expect(page).toMatch(/id="f-title"[^>]* value="Soundings at dawn"/);
    expect(page).toMatch(/id="f-description"[^>]* value="High and low water at the quay"/);
    expect(await (await get('/admin/lists/soundings', cookie)).text()).toContain('<h1>Soundings weekly</h1>');
    // Without a version the save is as stale.
    const bare = await post('/admin/lists/soundings', { ...typed, version: '' }, cookie);
    expect(bare.status).toBe(409);

    // Checked, saved again from the refused page (its form carries the settings' version now): it lands.
    const again = await post(
      '/admin/lists/soundings',
      { ...typed, version: settingsVersion(page) ?? '' },
      cookie,
    );
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('<h1>Soundings at dawn</h1>');

    // The configured list, which has no record until its first save, is saved from its page too.
    const defaults = await (await get('/admin/lists/default', cookie)).text();
    const version = listVersion(defaults, 'default');
    const title = /id="f-title"[^>]* value="([^"]*)"/.exec(defaults)?.[1] ?? '';
    const kept = await post(
      '/admin/lists/default',
      { _csrf: csrf, version: version ?? '', title, timeZone: 'UTC' },
      cookie,
    );
    expect(kept.status).toBe(200);
  });

  it('a refused setting is named by its label with what it takes, never the schema field or the validator text; the form is kept', async () => {
    expect(
      (
        await post(
          '/admin/lists',
          { _csrf: csrf, id: 'quayside', title: 'Quayside evenings', timeZone: 'UTC' },
          cookie,
        )
      ).status,
    ).toBe(303);
    const typed = {
      _csrf: csrf,
      title: 'Quayside evenings',
      timeZone: 'UTC',
      maxItemAgeDays: 'a fortnight',
      accentColor: 'teal',
      fromAddress: 'desk at quayside',
    };
    const refused = await post('/admin/lists/quayside', typed, cookie);
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain(
      'Not saved: Sender address: the address must contain exactly one @: give one address, such as news@example.org, or leave it empty; Accent colour: give # and six hexadecimal digits, such as #0b4fa0, or leave it empty for the default; Oldest feed item to send: give a whole number of days, from 1 to 365.',
    );
    for (const internal of [
      'maxItemAgeDays:',
      'accentColor:',
      'fromAddress:',
      'Expected number',
      'received nan',
    ])
      expect(page).not.toContain(internal);
    // Each refused field is marked, its message under it; the form is as typed.
    expect(page).toMatch(
      /id="f-maxItemAgeDays"[^>]* aria-invalid="true" aria-describedby="f-maxItemAgeDays-help f-maxItemAgeDays-error" value="a fortnight"/,
    );
    expect(page).toContain(
      '<p class="small" id="f-maxItemAgeDays-error"><strong>Oldest feed item to send: give a whole number of days, from 1 to 365</strong></p>',
    );
    expect(page).toMatch(
      /id="f-accentColor"[^>]* aria-invalid="true" aria-describedby="f-accentColor-error" value="teal"/,
    );
    expect(page).toContain('value="desk at quayside"');
    expect(page).not.toMatch(/id="f-title"[^>]* aria-invalid/);
    // Out of range, and a colour links could not be read in: the same words, or the product's own reason.
    const again = await post(
      '/admin/lists/quayside',
      { ...typed, maxItemAgeDays: '400', accentColor: '#ffee66', fromAddress: '' },
      cookie,
    );
    expect(again.status).toBe(422);
    const second = await again.text();
    expect(second).toContain('Oldest feed item to send: give a whole number of days, from 1 to 365');
    expect(second).toContain('Accent colour: links in #ffee66 would be hard to read');
    expect(second).not.toContain('Number must be');
    expect(await (await get('/admin/lists/quayside', cookie)).text()).toMatch(
      /id="f-maxItemAgeDays"[^>]* value="7"/,
    );
  });

  it('sets the topics a list offers, as `digest lists update --topics` does; a bad topic is refused, named', async () => {
    const created = await post(
      '/admin/lists',
      { _csrf: csrf, id: 'tides', title: 'Tide tables', timeZone: 'UTC', topics: 'Ferries, tides' },
      cookie,
    );
    expect(created.status).toBe(303);
    const shown = async () => {
      const out = await runCli(['lists', 'show', 'tides', '--json', '--data-dir', dataDir], {
        env: { DIGEST_SECRET: SECRET },
      });
      expect(out.code, out.stderr).toBe(0);
      return (JSON.parse(out.stdout) as { topics: string[] }).topics;
    };
    expect(await shown()).toEqual(['ferries', 'tides']);

    // Saved from the settings form: comma-separated, trimmed, lower-cased, de-duplicated and sorted.
    const saved = await post(
      '/admin/lists/tides',
      {
        _csrf: csrf,
        version: listVersion(await (await get('/admin/lists/tides', cookie)).text(), 'tides') ?? '',
        title: 'Tide tables',
        timeZone: 'UTC',
        topics: ' Weather , ferries,, Tides,weather ',
      },
      cookie,
    );
    expect(saved.status).toBe(200);
    const page = await saved.text();
    expect(page).toContain('Saved.');
    expect(await shown()).toEqual(['ferries', 'tides', 'weather']);
    // The list's page shows them, and the settings form holds them to be changed.
    expect(page).toContain(
      '<p id="list-topics">Topics readers may choose: <strong>ferries</strong>, <strong>tides</strong>, <strong>weather</strong>.</p>',
    );
    expect(page).toMatch(/id="f-topics"[^>]* value="ferries, tides, weather"/);
    // Readers may choose them on the subscribe page.
    const subscribe = await (await get('/lists/tides/subscribe')).text();
    for (const topic of ['ferries', 'tides', 'weather'])
      expect(subscribe).toContain(`name="topics" value="${topic}"`);

    // A bad topic: refused with the field and the topic named, the form as typed, nothing saved.
    const refused = await post(
      '/admin/lists/tides',
      { _csrf: csrf, title: 'Tide tables', timeZone: 'UTC', topics: 'ferries, <sp@rt>' },
      cookie,
    );
    expect(refused.status).toBe(422);
    const answer = await refused.text();
    expect(answer).toContain(
      'Not saved: Topics: “&lt;sp@rt&gt;”: a topic is 1-40 letters, digits, spaces or - _ &amp; &#39; .',
    );
    expect(answer).toMatch(/id="f-topics"[^>]* value="ferries, &lt;sp@rt&gt;"/);
    expect(answer).not.toContain('<sp@rt>');
    expect(await shown()).toEqual(['ferries', 'tides', 'weather']);
    // Too many is refused too; emptied, the list offers none.
    const many = Array.from({ length: 21 }, (_, i) => `topic ${i}`).join(',');
    const tooMany = await post(
      '/admin/lists/tides',
      { _csrf: csrf, title: 'Tide tables', timeZone: 'UTC', topics: many },
      cookie,
    );
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain('Not saved: Topics: at most 20 topics.');
    const cleared = await post(
      '/admin/lists/tides',
      {
        _csrf: csrf,
        version: listVersion(await (await get('/admin/lists/tides', cookie)).text(), 'tides') ?? '',
        title: 'Tide tables',
        timeZone: 'UTC',
        topics: '',
      },
      cookie,
    );
    expect(cleared.status).toBe(200);
    expect(await cleared.text()).toContain('No topics: readers choose none');
    expect(await shown()).toEqual([]);
  });

  it('a sent issue is listed under Sent only, not among the drafts awaiting approval', async () => {
    const editor = await compose();
    const id = editor.split('/').pop() as string;
    const draftRow = `<a href="/admin/issues/${id}">`;
    expect(await (await get('/admin/issues', cookie)).text()).toContain(draftRow);
    // Send now needs a confirmed subscriber, and the version of the issue the editor shows.
    const added = await runCli(
      ['subscribers', 'add', 'reader@example.org', '--confirmed', '--data-dir', dataDir],
      { env: { DIGEST_SECRET: SECRET } },
    );
    expect(added.code, added.stderr).toBe(0);
    const page = await (await get(editor, cookie)).text();
    const version = /action="[^"]+\/send"[^>]*>[\s\S]*?name="version" value="(\d+)"/.exec(page)?.[1] ?? '';
    const sent = await post(`${editor}/send`, { _csrf: csrf, version }, cookie);
    expect(sent.status).toBe(303);
    for (let i = 0; i < 50; i++) {
      const state = (await (await get(`${editor}/progress.json`, cookie)).json()) as { finished: boolean };
      if (state.finished) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const index = await (await get('/admin/issues', cookie)).text();
    const [drafts, sentPart] = index.split('<h2>Sent</h2>') as [string, string];
    expect(drafts).not.toContain(draftRow);
    expect(sentPart).toContain(`<a href="/admin/issues/${id}/progress">`);
  });

  it('the delivery progress of an issue that does not exist is a 404, not a send that never ends', async () => {
    const page = await get('/admin/issues/20261203-000000000000/progress', cookie);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Sending');
    const state = await get('/admin/issues/20261203-000000000000/progress.json', cookie, 'application/json');
    expect(state.status).toBe(404);
  });

  it('composing refuses a subject the editor could not save: too long, or with control characters', async () => {
    const before = await (await get('/admin/issues', cookie)).text();
    for (const subject of [`Harbour notes ${'and tides '.repeat(20)}`, 'Harbour\u0007 notes']) {
      const refused = await post(
        '/admin/issues',
        { _csrf: csrf, list: 'default', subject, text: ARTICLE },
        cookie,
      );
      expect(refused.status, subject).toBe(422);
      const page = await refused.text();
      expect(page).toMatch(/subject/i);
      expect(page).toContain('Island ferry');
    }
    const after = await (await get('/admin/issues', cookie)).text();
    expect(after.match(/<a href="\/admin\/issues\/[^"/]+">/g)).toEqual(
      before.match(/<a href="\/admin\/issues\/[^"/]+">/g),
    );
    const fits = await post(
      '/admin/issues',
      { _csrf: csrf, list: 'default', subject: '  Harbour\n notes  ', text: ARTICLE },
      cookie,
    );
    expect(fits.status).toBe(303);
    expect(await (await get(fits.headers.get('location') as string, cookie)).text()).toContain(
      '<h1 id="top">Harbour notes</h1>',
    );
  });

  it('a refused edit answers with the editor and the form as typed, not a page that lost it', async () => {
    const editor = await compose();
    const meta = await post(
      `${editor}/edit`,
      { ...(await formFields(editor, 'meta')), subject: '   ', preheader: 'Tides at dawn, sailings at dusk' },
      cookie,
    );
    expect(meta.status).toBe(422);
    const metaPage = await meta.text();
    expect(metaPage).toContain('the subject cannot be empty');
    expect(metaPage).toContain('value="Tides at dawn, sailings at dusk"');
    expect(metaPage).toContain('name="op" value="meta"');

    const speaker = await formFields(editor, 'correct-speaker');
    const refused = await post(
      `${editor}/edit`,
      { ...speaker, speaker: '', role: 'harbour master of the north quay' },
      cookie,
    );
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toContain('a role needs a speaker');
    expect(page).toContain('value="harbour master of the north quay"');
    expect(page).toMatch(/<details open>/);
    // Nothing was saved.
    const stored = await (await get(editor, cookie)).text();
    expect(stored).not.toContain('Tides at dawn, sailings at dusk');
    expect(stored).not.toContain('harbour master of the north quay');
  });

  it('scheduling refuses a date that is not in the calendar rather than moving it to another day', async () => {
    const editor = await compose();
    const version = await scheduleVersion(editor);
    for (const at of ['2027-02-30T09:00', '2027-04-31T09:00', '2027-06-10T24:30']) {
      const refused = await post(`${editor}/schedule`, { _csrf: csrf, version, at }, cookie);
      expect(refused.status, at).toBe(422);
      const page = await refused.text();
      expect(page).not.toContain('Scheduled: it goes out');
      expect(page).toMatch(new RegExp(`id="at"[^>]* value="${at}"`));
    }
    expect(await (await get(editor, cookie)).text()).toContain('· draft');
    const scheduled = await post(
      `${editor}/schedule`,
      { _csrf: csrf, version: await scheduleVersion(editor), at: '2027-03-02T09:00' },
      cookie,
    );
    expect(scheduled.status).toBe(303);
    const shown = await get(scheduled.headers.get('location') as string, cookie);
    expect(await shown.text()).toContain('Scheduled: it goes out 2027-03-02 09:00 UTC.');
  });

  it('a scheduled draft shows its time and can be taken off the schedule, staying a draft', async () => {
    const editor = await compose();
    const scheduled = await post(
      `${editor}/schedule`,
      { _csrf: csrf, version: await scheduleVersion(editor), at: '2027-05-04T06:15' },
      cookie,
    );
    expect(scheduled.status).toBe(303);
    const page = await (await get(scheduled.headers.get('location') as string, cookie)).text();
    // Said as the page says it elsewhere, not as the stored 2027-05-04T06:15:00.000Z.
    expect(page).toContain('Scheduled: it goes out 2027-05-04 06:15 UTC.');
    expect(page).not.toContain('Scheduled for 2027-05-04T06:15:00.000Z');
    expect(page).toContain('· scheduled · goes out 2027-05-04 06:15 UTC');
    // The time it goes out is in the field, to change it, beside a form that takes the schedule off.
    expect(page).toMatch(/id="at"[^>]* value="2027-05-04T06:15"/);
    expect(page).toContain(`action="${editor}/unschedule"`);

    const off = await post(`${editor}/unschedule`, { _csrf: csrf }, cookie);
    expect(off.status).toBe(303);
    const shown = await (await get(off.headers.get('location') as string, cookie)).text();
    expect(shown).toContain('Schedule taken off');
    expect(shown).toContain('· draft');
    expect(shown).not.toContain('goes out 2027-05-04');
    expect(shown).not.toContain(`action="${editor}/unschedule"`);
    expect(shown).toMatch(/local editor: schedule for 2027-05-04T06:15:00.000Z taken off: stays a draft/);
    expect(shown).toMatch(/id="at"[^>]* value=""/);
    // Nothing left to take off: said so, nothing changed.
    const again = await post(`${editor}/unschedule`, { _csrf: csrf }, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('this draft is not scheduled');
    // The Issues page lists it as a draft with no send time.
    const id = editor.split('/').pop() as string;
    const row = (await (await get('/admin/issues', cookie)).text())
      .split('<tr>')
      .find((r) => r.includes(`/admin/issues/${id}"`));
    expect(row).toContain('<td>draft</td><td>—</td>');
  });

  it('a refused subscriber keeps the address as typed in the form, to be corrected', async () => {
    const refused = await post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'default', email: 'harbour.master@@example.org', confirmed: '1' },
      cookie,
    );
    expect(refused.status).toBe(422);
    const page = await refused.text();
    expect(page).toMatch(/id="a-email"[^>]* value="harbour.master@@example.org"/);
    expect(page).toMatch(/id="a-confirmed"[^>]* checked/);
    const added = await post(
      '/admin/subscribers',
      { _csrf: csrf, list: 'default', email: 'harbour.master@example.org', confirmed: '1' },
      cookie,
    );
    expect(added.status).toBe(200);
    expect(await added.text()).not.toMatch(/id="a-email"[^>]* value="harbour.master@example.org"/);
  });

  it('a form posted twice, or from a page older than the last change, is refused instead of applied again', async () => {
    const editor = await compose();
    const page = await (await get(editor, cookie)).text();
    const points = () =>
      get(editor, cookie)
        .then((r) => r.text())
        .then((t) =>
          [...(t.split('<h4>Quotes</h4>')[0] as string).matchAll(/<li>([^<]+)</g)].map((m) => m[1]),
        );
    const before = await points();
    const down = await formFields(editor, 'move-key-point');
    expect((await post(`${editor}/edit`, down, cookie)).status).toBe(303);
    const moved = await points();
    expect(moved).toEqual([before[1], before[0], ...before.slice(2)]);
    // The same form again (a double click, a reload that re-posts): refused, nothing moves twice.
    const again = await post(`${editor}/edit`, down, cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(/changed since/);
    expect(await points()).toEqual(moved);
    // A form from the page as it was before that change: refused too.
    const stale = fieldsIn(page, 'drop-key-point');
    expect((await post(`${editor}/edit`, stale, cookie)).status).toBe(409);
    expect(await points()).toEqual(moved);
  });

  it('a test copy answers with a redirect: reloading the page that says so sends no second copy', async () => {
    const editor = await compose();
    const before = outboxFiles(dataDir).length;
    const sent = await post(`${editor}/test`, { _csrf: csrf, to: 'night.desk@example.org' }, cookie);
    expect(sent.status).toBe(303);
    const location = sent.headers.get('location') as string;
    expect(location).not.toContain('night.desk');
    for (let reload = 0; reload < 2; reload++)
      expect(await (await get(location, cookie)).text()).toContain('A test copy went out.');
    expect(outboxFiles(dataDir).length).toBe(before + 1);
  });

  it('a refused test copy or schedule answers with the editor and what was typed', async () => {
    const editor = await compose();
    const test = await post(`${editor}/test`, { _csrf: csrf, to: 'night.desk@@example.org' }, cookie);
    expect(test.status).toBe(422);
    const testPage = await test.text();
    expect(testPage).toContain(`action="${editor}/test"`);
    expect(testPage).toMatch(/id="test-to"[^>]* value="night.desk@@example.org"/);
    const past = await post(
      `${editor}/schedule`,
      { _csrf: csrf, version: await scheduleVersion(editor), at: '2020-01-06T07:30' },
      cookie,
    );
    expect(past.status).toBe(422);
    const pastPage = await past.text();
    expect(pastPage).toContain('pick a time in the future');
    expect(pastPage).toMatch(/id="at"[^>]* value="2020-01-06T07:30"/);
  });
});
