import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One entry of Vite's `dist/.vite/manifest.json`. */
interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface LoadedFile {
  file: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

export interface PageLoad {
  page: string;
  files: LoadedFile[];
  jsGzipBytes: number;
  cssGzipBytes: number;
}

/** The pages measured, by the route module each one's lazy chunk comes from. */
export const PAGES = {
  users: 'src/app/routes/users.tsx',
  userDetails: 'src/app/routes/user-details.tsx',
} as const;
export type PageName = keyof typeof PAGES;

/** Sizes are gzip level 9 (as gzip-size and most size budgets measure), 1 kB = 1000 bytes. */
export function gzipSize(content: Buffer): number {
  return gzipSync(content, { level: 9 }).length;
}

export function readManifest(distDir = 'dist'): Manifest {
  try {
    return JSON.parse(readFileSync(join(distDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(
      `Cannot read ${distDir}/.vite/manifest.json (${(error as Error).message}). Run "npm run build" first.`,
      { cause: error },
    );
  }
}

/**
 * What the first visit to a page downloads: index.html's entry chunk and everything it imports
 * statically, plus the page's lazy route chunk and its static imports, with their CSS. Chunks the
 * page loads later on demand (dynamic imports inside it) are not counted.
 */
export function firstLoad(page: PageName, distDir = 'dist', manifest = readManifest(distDir)): PageLoad {
  const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
  if (entry === undefined) throw new Error('The manifest has no entry chunk (index.html).');
  if (manifest[PAGES[page]] === undefined) throw new Error(`The manifest has no chunk for ${PAGES[page]}.`);
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key)) return;
    keys.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  visit(entry);
  visit(PAGES[page]);

  const files = new Map<string, LoadedFile>();
  const add = (file: string, kind: LoadedFile['kind']) => {
    if (files.has(file)) return;
    const content = readFileSync(join(distDir, file));
    files.set(file, { file, kind, bytes: content.length, gzipBytes: gzipSize(content) });
  };
  for (const key of keys) {
    const chunk = manifest[key] as ManifestChunk;
    add(chunk.file, 'js');
    for (const css of chunk.css ?? []) add(css, 'css');
  }
  const list = [...files.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
  const total = (kind: LoadedFile['kind']) =>
    list.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.gzipBytes, 0);
  return { page, files: list, jsGzipBytes: total('js'), cssGzipBytes: total('css') };
}

export const kB = (bytes: number): number => Math.round(bytes / 100) / 10;
