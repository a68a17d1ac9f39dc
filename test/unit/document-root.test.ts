// A feed is told by its root element, after a prolog, comments and a DOCTYPE, whatever it was labelled.
import { describe, expect, it } from 'vitest';
import { readsAsFeed, rootElement } from '../../functions/core/document-root.js';

describe('rootElement and readsAsFeed', () => {
  it.each([
    { text: '<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', root: 'rss', feed: true },
    { text: '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', root: 'feed', feed: true },
    {
      text: '<!-- a comment --><?xml-stylesheet href="s.xsl"?><rdf:RDF xmlns:rdf="…"/>',
      root: 'rdf:RDF',
      feed: true,
    },
    { text: '<!DOCTYPE rss [<!ENTITY a "b">]>\n<rss>', root: 'rss', feed: true },
    { text: '<!doctype html><html><body><p>A page.</p></body></html>', root: 'html', feed: false },
    { text: '<?xml version="1.0"?><note><to>Ana</to></note>', root: 'note', feed: false },
    {
      text: 'The harbour office said the ferry would run late. <rss> is a word here.',
      root: null,
      feed: false,
    },
    { text: `${'<!---->'.repeat(60)}The night ferry ran late.`, root: null, feed: false },
  ])('$root', ({ text, root, feed }) => {
    expect(rootElement(text)).toBe(root);
    expect(readsAsFeed(text)).toBe(feed);
  });
});
