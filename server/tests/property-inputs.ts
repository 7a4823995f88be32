import type { StoreName } from '../store/conformance/each-store.ts';
import fc from 'fast-check';

/**
 * Generators of hostile input for the property-based tests: any Unicode (lone surrogates too),
 * any length up to 64 KB, percent-encoding broken on purpose, numbers at and past every bound,
 * repeated and unknown parameters. Each yields URL text ready to put into a path or query.
 */

/** Runs per route; CI keeps the default (at least 1,000). */
export const RUNS = Math.max(1, Number(process.env.PROPERTY_RUNS ?? 1_000) || 1_000);
/**
 * Cases per property on a store: PostgreSQL runs a quarter of them (the same generators), which
 * keeps its added CI time modest; SQLite runs them all.
 */
export function runsOn(store: StoreName): number {
  return store === 'postgres' ? Math.max(1, Math.ceil(RUNS / 4)) : RUNS;
}

export const MAX_LENGTH = 64 * 1024;

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit));

/** Short text of any kind: graphemes, any code point, control characters, lone surrogates. */
export const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), loneSurrogate),
    maxLength: 12,
  }),
);

/** Text of any length up to 64 KB, made by repeating a short piece (cheap to generate). */
export const longText = fc
  .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: MAX_LENGTH }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Percent-encoding that decodes to nothing valid, or to separators and other surprises. */
export const BROKEN_PERCENT = [
  '%',
  '%%',
  '%2',
  '%Z1',
  '%G0',
  '%u0041',
  '%E0%A4',
  '%E0%A4%A',
  '%ED%A0%80', // a lone high surrogate, UTF-8 encoded
  '%ED%B0%80', // a lone low surrogate
  '%C0%AF', // an overlong "/"
  '%F4%90%80%80', // past U+10FFFF
  '%F0%9F%A6', // a 4-byte sequence cut short
  '%FF%FE',
  '%00',
  '%0A',
  '%0D%0A',
  '%2F',
  '%2f..%2f',
  '%2E%2E',
  '%5C',
  '%23',
  '%3F',
  '%26',
  '%3D',
  '%25',
  '%2B',
  '+',
] as const;
export const brokenPercent = fc.constantFrom(...BROKEN_PERCENT);

/** Numbers at and past every bound of page (1..1e9) and limit (1..100), and number-like text. */
export const NUMBER_EDGES = [
  '0',
  '1',
  '2',
  '20',
  '99',
  '100',
  '101',
  '999999999',
  '1000000000',
  '1000000001',
  '1e9',
  '1e9+1',
  '9007199254740991',
  '9007199254740992',
  '99999999999999999999',
  `1${'0'.repeat(400)}`,
  '1e3',
  '1E3',
  '-0',
  '-1',
  ' 1',
  '1 ',
  '%201',
  '+1',
  '1.0',
  '1.5',
  '0x10',
  '0b1',
  '0o7',
  '00001',
  'Infinity',
  '-Infinity',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '',
  '１', // a full-width digit
  '٣', // an Arabic-Indic digit
] as const;
export const numberEdge = fc.oneof(
  fc.constantFrom(...NUMBER_EDGES),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double().map(String),
);

/** How a piece of text goes into a URL: properly encoded, raw (the URL parser copes) or mangled. */
function encodings(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constant(safeEncode(text)),
    fc.constant(text),
    brokenPercent.map((broken) => `${safeEncode(text)}${broken}`),
    brokenPercent.map((broken) => `${broken}${text}`),
  );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** encodeURIComponent, except that lone surrogates are sent as their (invalid) UTF-8 bytes. */
export function safeEncode(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(LONE_SURROGATE)) {
    const unit = text.charCodeAt(match.index);
    const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
    out += encodeURIComponent(text.slice(last, match.index)) + bytes.map((byte) => `%${byte.toString(16)}`).join('');
    last = match.index + 1;
  }
  return out + encodeURIComponent(text.slice(last));
}

/** A parameter value or path segment as URL text: any text, any length, broken or numeric. */
export const urlText = fc
  .oneof(
    { arbitrary: anyText, weight: 8 },
    { arbitrary: numberEdge, weight: 5 },
    { arbitrary: brokenPercent, weight: 3 },
    { arbitrary: longText, weight: 1 },
  )
  .chain(encodings);

/** A path segment: hostile text, or one of `known` (real values, so 200 answers are checked too). */
export function segment(known: readonly string[] = []): fc.Arbitrary<string> {
  if (known.length === 0) return urlText;
  return fc.oneof(urlText, fc.constantFrom(...known).map(encodeURIComponent));
}

/** `{product}/sessions/{session}`: a real pair half the time, else either or both hostile. */
export function sessionScope(product: string, session: string): fc.Arbitrary<string> {
  const real = (text: string) => fc.constant(encodeURIComponent(text));
  return fc
    .oneof(
      { arbitrary: fc.tuple(real(product), real(session)), weight: 3 },
      { arbitrary: fc.tuple(urlText, real(session)), weight: 1 },
      { arbitrary: fc.tuple(real(product), urlText), weight: 1 },
      { arbitrary: fc.tuple(urlText, urlText), weight: 1 },
    )
    .map(([productSegment, sessionSegment]) => `${productSegment}/sessions/${sessionSegment}`);
}

const KNOWN_NAMES = ['page', 'limit', 'env', 'token', 'PAGE', 'Limit', 'page[]', 'env ', ' env', 'p%61ge', '%'];

/**
 * A query string: known and unknown names, repeated ones, and values from `values` or any
 * hostile text. `known` values (like real environments) make some requests succeed.
 */
export function queryString(values: Record<string, readonly string[]> = {}): fc.Arbitrary<string> {
  const names = [...new Set([...KNOWN_NAMES, ...Object.keys(values)])];
  const value = (name: string) => {
    const real = values[name];
    return real && real.length > 0
      ? fc.oneof(urlText, numberEdge, fc.constantFrom(...real).map(encodeURIComponent))
      : fc.oneof(urlText, numberEdge);
  };
  const pair = fc
    .oneof({ arbitrary: fc.constantFrom(...names), weight: 3 }, { arbitrary: urlText, weight: 1 })
    .chain((name) =>
      fc.oneof(
        value(name).map((text) => `${name}=${text}`),
        fc.constant(name),
        value(name).map((text) => `${name}=${text}&${name}=${text}`),
      ),
    );
  return fc
    .array(pair, { maxLength: 6 })
    .chain((pairs) => fc.constantFrom('&', '&&', ';').map((separator) => pairs.join(separator)));
}

/** Path plus `?query`, with `#` kept inside the URL (a raw `#` would cut it short). */
export function withQuery(path: string, query: string): string {
  const url = query === '' ? path : `${path}?${query}`;
  return url.replaceAll('#', '%23');
}

/** A header value the Fetch API accepts (Latin-1, no CR, LF or NUL), possibly long. */
export const headerValue = fc
  .oneof(fc.string({ unit: 'binary-ascii', maxLength: 60 }), longText, anyText)
  .map((text) => [...text].map((char) => (char.charCodeAt(0) > 0xff ? '?' : char)).join(''))
  .map((text) => text.replace(/[\r\n\0]/g, ' ').slice(0, 8 * 1024));
