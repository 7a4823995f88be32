import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENCODING_SUFFIX, type Encoding } from '../server/content-encoding.ts';
import { firstLoad, readManifest, type PageName } from './bundle.ts';

export type Kind = 'html' | 'js' | 'css';

interface SentFile {
  file: string;
  kind: Kind;
  bytes: number;
  /** What the server sends for each coding: the precompressed copy, or the file itself without one. */
  sent: Record<Encoding, number>;
  /** Codings that had no precompressed copy in dist/. */
  missing: Encoding[];
}

interface PageBytes {
  page: PageName;
  files: SentFile[];
  total: Record<Encoding, Record<Kind, number>>;
}

function sentFile(distDir: string, file: string, kind: Kind): SentFile {
  const path = join(distDir, file);
  const bytes = statSync(path).size;
  const missing: Encoding[] = [];
  const size = (encoding: Encoding) => {
    const copy = path + ENCODING_SUFFIX[encoding];
    if (existsSync(copy)) return statSync(copy).size;
    missing.push(encoding);
    return bytes;
  };
  return { file, kind, bytes, sent: { br: size('br'), gzip: size('gzip') }, missing };
}

/** Scripts and stylesheets index.html itself names (the theme script from public/ is not in the manifest). */
function indexAssets(html: string): { file: string; kind: Kind }[] {
  const found: { file: string; kind: Kind }[] = [];
  for (const [, file] of html.matchAll(/<script\b[^>]*\bsrc="\/([^"]+)"/g))
    found.push({ file: file ?? '', kind: 'js' });
  for (const [tag, file] of html.matchAll(/<link\b[^>]*\bhref="\/([^"]+)"[^>]*>/g)) {
    if (/rel="(modulepreload|stylesheet)"/.test(tag))
      found.push({ file: file ?? '', kind: tag.includes('stylesheet') ? 'css' : 'js' });
  }
  return found;
}

/**
 * The bytes a first visit to `page` downloads as the server sends them (server/static.ts):
 * index.html, the scripts and stylesheets it names, and the page's route chunk with its static
 * imports and CSS (from Vite's manifest), per content coding.
 */
export function pageBytes(page: PageName, distDir = 'dist'): PageBytes {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const wanted = new Map<string, Kind>([['index.html', 'html']]);
  for (const { file, kind } of indexAssets(html)) wanted.set(file, kind);
  for (const { file, kind } of firstLoad(page, distDir, readManifest(distDir)).files) wanted.set(file, kind);
  const files = [...wanted].map(([file, kind]) => sentFile(distDir, file, kind)).sort((a, b) => b.sent.br - a.sent.br);
  const sum = (encoding: Encoding, kind: Kind) =>
    files.filter((file) => file.kind === kind).reduce((total, file) => total + file.sent[encoding], 0);
  const totals = (encoding: Encoding) => ({
    html: sum(encoding, 'html'),
    js: sum(encoding, 'js'),
    css: sum(encoding, 'css'),
  });
  return { page, files, total: { br: totals('br'), gzip: totals('gzip') } };
}
