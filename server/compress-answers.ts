import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import {
  chooseEncoding,
  replaceResponse,
  responseBytes,
  varyOnAcceptEncoding,
  type Encoding,
} from './content-encoding.ts';

/** Below this an answer goes out as it is: a smaller one fits in one packet anyway. */
export const COMPRESS_MIN_BYTES = 1024;

/**
 * Codec settings for answers compressed per request, chosen from the measurements in
 * docs/benchmarks.md ("Compression", `npm run bench:compression`): the level with the least CPU
 * time plus sending time at 10 Mbit/s. Brotli gives fewer bytes than gzip for the same CPU.
 * Pages of users and ordinary histories: brotli 3 (0.15 ms for a page of 100 users); higher
 * qualities cost more CPU than their few saved bytes take to send. Above LARGE_ANSWER_BYTES (the
 * 10,000-session history, 1.6 MB) each step costs milliseconds for a percent or two: brotli 2.
 * For gzip, levels 4 to 6 tie on large answers (within 1 %, changing places between runs); 4 takes
 * the least CPU.
 */
export const LARGE_ANSWER_BYTES = 256 * 1024;
export const BROTLI_QUALITY = { small: 3, large: 2 } as const;
export const GZIP_LEVEL = { small: 6, large: 4 } as const;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Compresses off the event loop (zlib's thread pool), so other requests keep being served. */
function compressAnswer(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  const size = body.length > LARGE_ANSWER_BYTES ? 'large' : 'small';
  if (encoding === 'gzip') return gzipAsync(body, { level: GZIP_LEVEL[size] });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY[size],
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

const JSON_TYPE = /^application\/(.+\+)?json\b/i;

/**
 * Compressed answers kept by their ETag (a hash of the uncompressed bytes, see conditional-get.ts)
 * and coding, so a repeated answer (the first page, the catalog, a long history opened twice) is
 * compressed once. Bounded by bytes; least recently used dropped first.
 */
class CompressedAnswers {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes / 4 || this.#entries.has(key)) return;
    this.#entries.set(key, value);
    this.#bytes += value.length;
    for (const [oldKey, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= old.length;
    }
  }
}

interface CompressAnswersOptions {
  minBytes?: number;
  /** Memory for compressed answers kept by ETag; 0 keeps none. */
  keptBytes?: number;
}

/**
 * Compresses JSON answers of at least `minBytes` with the best coding the request
 * accepts (brotli, then gzip), with `Vary: Accept-Encoding` and the compressed Content-Length.
 * Files of the built app are precompressed at build time instead (server/static.ts).
 */
export function compressAnswers(options: CompressAnswersOptions = {}): MiddlewareHandler {
  const minBytes = options.minBytes ?? COMPRESS_MIN_BYTES;
  const kept = new CompressedAnswers(options.keptBytes ?? 16 * 1024 * 1024);
  return async (c, next) => {
    await next();
    const response = c.res;
    if (response.status === 304) {
      // The answer the client kept may have been compressed.
      varyOnAcceptEncoding(response.headers);
      return;
    }
    const type = response.headers.get('Content-Type') ?? '';
    if (response.body === null || response.headers.has('Content-Encoding') || !JSON_TYPE.test(type)) return;

    const body = new Uint8Array(await response.arrayBuffer());
    const headers = new Headers(response.headers);
    const encoding = body.length >= minBytes ? chooseEncoding(c.req.header('Accept-Encoding')) : undefined;
    if (body.length >= minBytes) varyOnAcceptEncoding(headers);
    let sent: Uint8Array<ArrayBuffer> = body;
    if (encoding !== undefined) {
      const etag = headers.get('ETag');
      const key = etag === null ? undefined : `${encoding} ${etag}`;
      let compressed = key === undefined ? undefined : kept.get(key);
      if (compressed === undefined) {
        compressed = await compressAnswer(body, encoding);
        if (key !== undefined) kept.set(key, compressed);
      }
      if (compressed.length < body.length) {
        sent = responseBytes(compressed);
        headers.set('Content-Encoding', encoding);
      }
    }
    headers.set('Content-Length', String(sent.length));
    replaceResponse(c, new Response(sent, { status: response.status, statusText: response.statusText, headers }));
  };
}
