import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeXml } from '../../functions/core/html-escape.js';
import { PLACEHOLDERS } from '../../functions/core/placeholders.js';

describe('escapeHtml', () => {
  it.each([
    { input: 'plain', out: 'plain' },
    { input: '&', out: '&amp;' },
    { input: '<', out: '&lt;' },
    { input: '>', out: '&gt;' },
    { input: '"', out: '&quot;' },
    { input: "'", out: '&#39;' },
    { input: '`', out: '&#96;' },
    { input: '<script>alert(1)</script>', out: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { input: '"><img src=x onerror=alert(1)>', out: '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;' },
    { input: "' onmouseover='x", out: '&#39; onmouseover=&#39;x' },
    { input: '&amp;', out: '&amp;amp;' },
    { input: 'Zürich — “quoted” 日本', out: 'Zürich — “quoted” 日本' },
    { input: PLACEHOLDERS.unsubscribeUrl, out: PLACEHOLDERS.unsubscribeUrl },
  ])('$input → $out', ({ input, out }) => {
    expect(escapeHtml(input)).toBe(out);
  });
});

describe('escapeXml', () => {
  it.each([
    { input: 'Tom & Jerry <b>', out: 'Tom &amp; Jerry &lt;b&gt;' },
    { input: 'it\'s "x" `y`', out: 'it&#39;s &quot;x&quot; &#96;y&#96;' },
    { input: 'a\u0000b\u0008c\u000bd\u001fe\ufffe', out: 'abcde' },
    { input: 'tab\tline\nreturn\r', out: 'tab\tline\nreturn\r' },
  ])('$input → $out', ({ input, out }) => {
    expect(escapeXml(input)).toBe(out);
  });
});
