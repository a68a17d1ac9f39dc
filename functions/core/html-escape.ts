/**
 * The one escaper for text placed in HTML or XML: element content and quoted attribute values
 * (single or double). The backtick is escaped too, because old browsers treated it as an
 * attribute quote. Numeric references (`&#39;`, `&#96;`) are valid in both HTML and XML, so the
 * RSS feed uses the same function after dropping the characters XML 1.0 forbids.
 */

const HTML_SPECIAL_RE = /[&<>"'`]/g;
const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};
// Characters XML 1.0 forbids even escaped.
const XML_FORBIDDEN_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example escapeHtml('"><img onerror=x>') // '&quot;&gt;&lt;img onerror=x&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(HTML_SPECIAL_RE, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * Escapes text for XML content and attribute values: `escapeHtml` without the characters XML 1.0
 * cannot carry at all.
 * @example escapeXml('a\u0000 & b') // 'a &amp; b'
 */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(XML_FORBIDDEN_RE, ''));
}
