import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import {
  bodyBytes,
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

/**
 * Up to this size an answer is compressed on the event loop (0.2 ms for a page of 100 users);
 * larger ones in zlib's thread pool. Handing a compression to the pool costs about 1 ms of CPU
 * more than doing it (thread hand-offs, and one round trip per 16 kB of output), 5 to 25 times
 * the compression itself for the pages and histories most requests ask for; see "Compressing on
 * the event loop or in the thread pool" in docs/benchmarks.md. Above this size the compression
 * itself dominates and would hold other requests up for milliseconds.
 */
export const COMPRESS_ON_LOOP_MAX_BYTES = 64 * 1024;

/**
 * A large answer is sent at once with the quick setting above, and its kept brotli copy is then
 * remade at brotli's best quality in the thread pool, one at a time, so later requests for the
 * same bytes (the same ETag: the cache follows the answer, not every write to the store) get
 * the smaller copy: the 10,000-session history 348.8 → 283.7 kB for about 2.5–3 s of CPU, once.
 * Answers above BEST_COPY_MAX_BYTES keep the quick copy (brotli 11 takes about 1.6 s per MB).
 */
export const BROTLI_BEST_QUALITY = 11;
export const BEST_COPY_MAX_BYTES = 4 * 1024 * 1024;

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** The codec's settings for a body of this size: see BROTLI_QUALITY and GZIP_LEVEL. */
export function codecOptions(encoding: Encoding, bodyBytes: number) {
  const size = bodyBytes > LARGE_ANSWER_BYTES ? 'large' : 'small';
  // One output chunk for the whole answer where it fits: each chunk is a round trip to the pool.
  const chunkSize = Math.min(Math.max(bodyBytes, 16 * 1024), 1024 * 1024);
  if (encoding === 'gzip') return { level: GZIP_LEVEL[size], chunkSize };
  return {
    chunkSize,
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY[size],
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bodyBytes,
    },
  };
}

function compressAnswer(body: Uint8Array, encoding: Encoding): Buffer | Promise<Buffer> {
  const options = codecOptions(encoding, body.length);
  if (body.length <= COMPRESS_ON_LOOP_MAX_BYTES) {
    return encoding === 'gzip' ? gzipSync(body, options) : brotliCompressSync(body, options);
  }
  return encoding === 'gzip' ? gzipAsync(body, options) : brotliAsync(body, options);
}

const JSON_TYPE = /^application\/(.+\+)?json\b/i;

interface KeptCopy {
  bytes: Buffer;
  /** Made at the best quality (or not worth remaking). */
  final: boolean;
}

/**
 * Compressed answers kept by their ETag (a hash of the uncompressed bytes, see conditional-get.ts)
 * and coding, so a repeated answer (the first page, the catalog, a long history opened twice) is
 * compressed once. Bounded by bytes; least recently used dropped first.
 */
class CompressedAnswers {
  readonly #entries = new Map<string, KeptCopy>();
  #bytes = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): KeptCopy | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: KeptCopy): void {
    if (value.bytes.length > this.maxBytes / 4 || this.#entries.has(key)) return;
    this.#entries.set(key, value);
    this.#bytes += value.bytes.length;
    for (const [oldKey, old] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldKey);
      this.#bytes -= old.bytes.length;
    }
  }

  /** Puts a better copy in place of one still kept (a dropped one stays dropped). */
  replace(key: string, value: KeptCopy): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#entries.set(key, value);
    this.#bytes += value.bytes.length - old.bytes.length;
  }
}

interface CompressAnswersOptions {
  minBytes?: number;
  /** Memory for compressed answers kept by ETag; 0 keeps none. */
  keptBytes?: number;
  /** The brotli quality large kept answers are remade at (tests make it quicker). */
  bestQuality?: number;
}

/**
 * Compresses JSON answers of at least `minBytes` with the best coding the request
 * accepts (brotli, then gzip), with `Vary: Accept-Encoding` and the compressed Content-Length.
 * Files of the built app are precompressed at build time instead (server/static.ts).
 */
export function compressAnswers(options: CompressAnswersOptions = {}): MiddlewareHandler {
  const minBytes = options.minBytes ?? COMPRESS_MIN_BYTES;
  const kept = new CompressedAnswers(options.keptBytes ?? 16 * 1024 * 1024);
  const bestQuality = options.bestQuality ?? BROTLI_BEST_QUALITY;
  let remaking = false;
  /** Remakes a kept brotli copy at the best quality in the thread pool, one answer at a time. */
  const remakeAtBest = (key: string, body: Uint8Array) => {
    if (remaking) return;
    remaking = true;
    brotliAsync(body, {
      chunkSize: Math.min(body.length, 1024 * 1024),
      params: {
        [constants.BROTLI_PARAM_QUALITY]: bestQuality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    })
      .then((best) => {
        const current = kept.get(key);
        if (current !== undefined && best.length < current.bytes.length)
          kept.replace(key, { bytes: best, final: true });
        else if (current !== undefined) current.final = true;
      })
      // The quick copy stays: it is correct, only larger.
      .catch(() => {})
      .finally(() => {
        remaking = false;
      });
  };
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

    const body = await bodyBytes(response);
    const headers = new Headers(response.headers);
    const encoding = body.length >= minBytes ? chooseEncoding(c.req.header('Accept-Encoding')) : undefined;
    if (body.length >= minBytes) varyOnAcceptEncoding(headers);
    let sent: Uint8Array<ArrayBuffer> = body;
    if (encoding !== undefined) {
      const etag = headers.get('ETag');
      const key = etag === null ? undefined : `${encoding} ${etag}`;
      let copy = key === undefined ? undefined : kept.get(key);
      if (copy === undefined) {
        const worthRemaking =
          encoding === 'br' && body.length > LARGE_ANSWER_BYTES && body.length <= BEST_COPY_MAX_BYTES;
        copy = { bytes: await compressAnswer(body, encoding), final: !worthRemaking };
        if (key !== undefined) kept.set(key, copy);
      }
      if (!copy.final && key !== undefined) remakeAtBest(key, body);
      const compressed = copy.bytes;
      if (compressed.length < body.length) {
        sent = responseBytes(compressed);
        headers.set('Content-Encoding', encoding);
      }
    }
    headers.set('Content-Length', String(sent.length));
    replaceResponse(c, new Response(sent, { status: response.status, statusText: response.statusText, headers }));
  };
}
