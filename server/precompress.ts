import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { ENCODING_SUFFIX } from './content-encoding.ts';

/** Text files worth compressing; images and fonts are compressed already. */
export const COMPRESSIBLE_EXTENSIONS = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.json',
  '.txt',
  '.webmanifest',
]);

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Written once per build, so the smallest output wins over speed: brotli 11 and gzip 9. */
function compressForBuild(content: Buffer): Promise<[br: Buffer, gzip: Buffer]> {
  return Promise.all([
    brotli(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gzipAsync(content, { level: 9 }),
  ]);
}

interface PrecompressedFile {
  file: string;
  bytes: number;
  br?: number;
  gzip?: number;
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file under `dir` (dot folders such
 * as `.vite/` are skipped: they are never served). A copy that would not be smaller is not
 * written, so the server sends the file as it is. Returns what it wrote, for the build log.
 */
export async function precompressDir(dir: string): Promise<PrecompressedFile[]> {
  const files = (await listFiles(dir)).filter((file) => COMPRESSIBLE_EXTENSIONS.has(extname(file).toLowerCase()));
  return Promise.all(
    files.map(async (file): Promise<PrecompressedFile> => {
      const content = await readFile(file);
      const [br, gz] = await compressForBuild(content);
      const result: PrecompressedFile = { file, bytes: content.length };
      if (br.length < content.length) {
        await writeFile(file + ENCODING_SUFFIX.br, br);
        result.br = br.length;
      }
      if (gz.length < content.length) {
        await writeFile(file + ENCODING_SUFFIX.gzip, gz);
        result.gzip = gz.length;
      }
      return result;
    }),
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith('.'))
      .map((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return listFiles(path);
        return Promise.resolve(entry.isFile() ? [path] : []);
      }),
  );
  return nested.flat();
}
