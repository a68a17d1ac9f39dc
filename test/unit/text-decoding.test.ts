import { describe, expect, it } from 'vitest';
import { decodeDocument } from '../../functions/core/text-decoding.js';

/** Windows-1252 bytes of an ASCII text with é, “ and ”. */
function cp1252(text: string): Uint8Array {
  const high: Record<string, number> = { é: 0xe9, '“': 0x93, '”': 0x94 };
  return Uint8Array.from([...text].map((c) => high[c] ?? c.charCodeAt(0)));
}

describe('decodeDocument: the charset of a fetched or dropped document', () => {
  it('a byte-order mark wins over everything else', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('<meta charset="windows-1252">café'),
    ]);
    expect(decodeDocument(bytes, 'text/html; charset=iso-8859-2')).toBe('<meta charset="windows-1252">café');
  });

  it("the Content-Type's charset before the document's own declaration", () => {
    const bytes = cp1252('<meta charset="utf-8"><p>“café”</p>');
    expect(decodeDocument(bytes, 'text/html; charset=windows-1252')).toBe(
      '<meta charset="utf-8"><p>“café”</p>',
    );
  });

  it('an XML prolog declares the charset of a feed', () => {
    const xml = '<?xml version="1.0" encoding="windows-1252"?><rss><title>“café”</title></rss>';
    expect(decodeDocument(cp1252(xml), 'application/rss+xml')).toBe(xml);
  });

  it('with no type (or a generic one), a <meta charset> is read as for HTML', () => {
    const page = '<meta charset="windows-1252"><p>“café”</p>';
    expect(decodeDocument(cp1252(page), null)).toBe(page);
    expect(decodeDocument(cp1252(page), 'binary/octet-stream')).toBe(page);
  });

  it('nothing declared: UTF-8 when the bytes are valid UTF-8, else Windows-1252', () => {
    expect(decodeDocument(new TextEncoder().encode('“café”'), 'text/plain')).toBe('“café”');
    expect(decodeDocument(cp1252('“café”'), 'text/plain')).toBe('“café”');
  });
});
