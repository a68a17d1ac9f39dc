import { tokenAt } from '../phrases.js';
import { asFound, type Sieve } from '../sieve.js';

/**
 * A quotation that ends its paragraph, signed on the next line with a dash and a name
 * ("…”⏎⏎— Ada Moss, tweeting after the vote."): that name speaks.
 */
export const dashLineSieve: Sieve = {
  id: 'dash-line',
  description: 'A quotation paragraph signed on the next line with a dash and a name (`"…"⏎— Ada Moss`).',
  run({ source, tokens, config }, { span: q }) {
    if (source.slice(q.close + 1, q.paraEnd).trim() !== '') return null;
    const m = /^\s*[—–―-]\s*/u.exec(source.slice(q.paraEnd, q.paraEnd + 12));
    if (!m?.[0].includes('\n')) return null;
    let lineEnd = source.indexOf('\n', q.paraEnd + m[0].length);
    if (lineEnd < 0) lineEnd = source.length;
    if (lineEnd - q.paraEnd > config.dashLineMaxChars) return null;
    const name = [];
    for (let k = tokenAt(tokens, q.paraEnd + m[0].length); k < tokens.length && name.length < 6; k++) {
      const t = tokens[k]!;
      if (t.start >= lineEnd || !t.word || !t.cap) break;
      name.push(t);
    }
    return asFound(name);
  },
};
