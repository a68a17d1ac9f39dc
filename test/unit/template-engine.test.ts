import { describe, expect, it } from 'vitest';
import { PLACEHOLDERS } from '../../functions/core/placeholders.js';
import {
  compileTemplate,
  isSafeUrl,
  renderTemplate,
  TemplateError,
} from '../../functions/core/template-engine.js';

const render = (template: string, view: object) => renderTemplate(compileTemplate(template), view);

describe('isSafeUrl', () => {
  it.each([
    { input: 'https://example.org/a?b=1#:~:text=x', out: true },
    { input: 'http://127.0.0.1:8787/issues/1', out: true },
    { input: PLACEHOLDERS.unsubscribeUrl, out: true },
    { input: PLACEHOLDERS.preferencesUrl, out: true },
    { input: 'javascript:alert(1)', out: false },
    { input: 'JaVaScRiPt:alert(1)', out: false },
    { input: ' javascript:alert(1)', out: false },
    { input: 'java\tscript:alert(1)', out: false },
    { input: 'data:text/html,<b>', out: false },
    { input: 'mailto:a@example.org', out: false },
    { input: '/relative/path', out: false },
    { input: '//example.org/x', out: false },
    { input: 'https://exa mple.org', out: false },
    { input: '', out: false },
    { input: '%%{other}%%', out: false },
  ])('$input → $out', ({ input, out }) => {
    expect(isSafeUrl(input)).toBe(out);
  });
});

describe('renderTemplate', () => {
  it.each([
    {
      name: 'text slot is escaped',
      template: '<p>{{a}}</p>',
      view: { a: '<b>&' },
      out: '<p>&lt;b&gt;&amp;</p>',
    },
    {
      name: 'attribute slot cannot break out of its quotes',
      template: '<p title="{{a}}">',
      view: { a: '" onmouseover="x' },
      out: '<p title="&quot; onmouseover=&quot;x">',
    },
    {
      name: 'numbers and missing values',
      template: '{{n}}|{{missing}}|{{nil}}',
      view: { n: 3, nil: null },
      out: '3||',
    },
    {
      name: 'marker text inside a value stays literal',
      template: '{{a}}',
      view: { a: '{{b}} {{#c}}x{{/c}}', b: 'NO' },
      out: '{{b}} {{#c}}x{{/c}}',
    },
    {
      name: 'array section repeats',
      template: '{{#xs}}[{{v}}]{{/xs}}',
      view: { xs: [{ v: 1 }, { v: 2 }] },
      out: '[1][2]',
    },
    { name: 'empty array renders nothing', template: '{{#xs}}x{{/xs}}', view: { xs: [] }, out: '' },
    {
      name: 'inverted section on empty array',
      template: '{{^xs}}none{{/xs}}',
      view: { xs: [] },
      out: 'none',
    },
    { name: 'inverted section on a value', template: '{{^xs}}none{{/xs}}', view: { xs: [1] }, out: '' },
    {
      name: 'truthy string section keeps scope',
      template: '{{#u}}<{{u}}>{{/u}}',
      view: { u: 'a' },
      out: '<a>',
    },
    { name: 'object section scopes', template: '{{#o}}{{k}}{{/o}}', view: { o: { k: 'v' } }, out: 'v' },
    {
      name: 'lookup falls back to outer scope',
      template: '{{#xs}}{{v}}@{{outer}};{{/xs}}',
      view: { outer: 'o', xs: [{ v: 1 }, { v: 2 }] },
      out: '1@o;2@o;',
    },
    {
      name: 'an inner null shadows the outer value',
      template: '{{#xs}}{{#url}}link{{/url}}{{^url}}plain{{/url}};{{/xs}}',
      view: { url: 'https://outer.example', xs: [{ url: null }, { url: 'https://inner.example' }] },
      out: 'plain;link;',
    },
    { name: 'dotted names', template: '{{a.b.c}}', view: { a: { b: { c: '<x>' } } }, out: '&lt;x&gt;' },
    {
      name: 'url slot accepts http(s) and escapes it',
      template: '<a href="{{url:u}}">',
      view: { u: 'https://x.org/?a=1&b="2"' },
      out: '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">',
    },
    {
      name: 'url slot accepts the per-recipient placeholders',
      template: '<a href="{{url:u}}">',
      view: { u: PLACEHOLDERS.unsubscribeUrl },
      out: `<a href="${PLACEHOLDERS.unsubscribeUrl}">`,
    },
  ])('$name', ({ template, view, out }) => {
    expect(render(template, view)).toBe(out);
  });

  it.each(['javascript:alert(1)', 'data:text/html,x', '/relative', ''])('url slot rejects %j', (u) => {
    expect(() => render('<a href="{{url:u}}">', { u })).toThrow(TemplateError);
  });

  it('rejects an object where a scalar belongs', () => {
    expect(() => render('{{o}}', { o: { a: 1 } })).toThrow(TemplateError);
  });

  it.each([
    { template: '{{#a}}x', message: /never closed/ },
    { template: 'x{{/a}}', message: /closes nothing/ },
    { template: '{{#a}}{{#b}}{{/a}}{{/b}}', message: /closes \{\{#b\}\}/ },
  ])('unbalanced sections fail at compile time: $template', ({ template, message }) => {
    expect(() => compileTemplate(template)).toThrow(message);
  });

  it('lists the names a template uses', () => {
    expect([...compileTemplate('{{a}}{{#b}}{{url:c}}{{/b}}').names].sort()).toEqual(['a', 'b', 'c']);
  });
});
