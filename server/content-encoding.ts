import type { Context } from 'hono';

/** The content codings this server sends, best first: brotli is smaller than gzip for the same text. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/** The file name suffix of each precompressed copy written at build time (see server/precompress.ts). */
export const ENCODING_SUFFIX: Readonly<Record<Encoding, string>> = { br: '.br', gzip: '.gz' };

/**
 * The codings an `Accept-Encoding` header accepts, best first: highest q-value first, ties going
 * to brotli. Empty means identity only. `q=0` refuses a coding, `*` stands for every coding not
 * named, `x-gzip` is gzip (RFC 9110 §12.5.3); a missing header accepts identity only.
 */
export function acceptedEncodings(acceptEncoding: string | undefined): Encoding[] {
  if (!acceptEncoding) return [];
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((text) => text.trim().toLowerCase());
      if (key === 'q') q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? '') ? Number(value) : Number.NaN;
    }
    if (Number.isNaN(q)) continue;
    const coding = name === 'x-gzip' ? 'gzip' : name;
    weights.set(coding, Math.max(q, weights.get(coding) ?? 0));
  }
  const weight = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  // A stable sort keeps ENCODINGS' order (brotli first) between equal weights.
  return ENCODINGS.filter((encoding) => weight(encoding) > 0).sort((a, b) => weight(b) - weight(a));
}

/** The coding to compress an answer with, or undefined for identity. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  return acceptedEncodings(acceptEncoding)[0];
}

/** Adds `Accept-Encoding` to the response's `Vary` (once), so caches keep one copy per coding. */
export function varyOnAcceptEncoding(headers: Headers): void {
  const vary = headers.get('Vary');
  if (vary === null || vary.trim() === '') headers.set('Vary', 'Accept-Encoding');
  else if (!vary.split(',').some((name) => /^\s*(accept-encoding|\*)\s*$/i.test(name))) {
    headers.set('Vary', `${vary}, Accept-Encoding`);
  }
}

/**
 * Puts `response` in place of the context's response as it is. (Assigning `c.res` directly would
 * copy the old response's headers over the new one's, an old Content-Length included.)
 */
export function replaceResponse(c: Context, response: Response): Response {
  c.res = undefined;
  c.res = response;
  return response;
}

/**
 * A Buffer from a file or zlib as a response body. Such Buffers are never backed by a
 * SharedArrayBuffer, which is all the DOM `BodyInit` type rules out; no bytes are copied.
 */
export function responseBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return buffer as Uint8Array<ArrayBuffer>;
}

/** Bodies of responses this server built from bytes it already holds, so no middleware reads them twice. */
const knownBodies = new WeakMap<Response, Uint8Array<ArrayBuffer>>();

/** A response with these bytes as its body; `bodyBytes` gives them back without reading the body. */
export function responseWithBytes(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit): Response {
  const response = new Response(bytes, init);
  knownBodies.set(response, bytes);
  return response;
}

/** The response's body as bytes: the ones it was built from when known, else read (once) from it. */
export async function bodyBytes(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  return knownBodies.get(response) ?? new Uint8Array(await response.arrayBuffer());
}
