import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';

export type ImportFormat = 'ndjson' | 'json-array' | 'csv';

/** One item of a file: a parsed value, or why its text is not one. `line` counts from 1. */
export type RawItem = { line: number; value: unknown } | { line: number; error: string };

/** A whole file that cannot be imported (unknown format, a CSV header with an unknown column). */
export class FileProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileProblem';
  }
}

/** The columns a CSV header may name: the SessionRecord fields. */
export const CSV_COLUMNS = [
  'product',
  'session',
  'env',
  'identifier',
  'session_id',
  'start_at',
  'end_at',
  'revoked_at',
  'seen_at',
  'ductape_user_id',
] as const;
const REQUIRED_COLUMNS = ['product', 'session', 'env', 'identifier', 'session_id', 'start_at', 'end_at'];

/**
 * The format from the name (.csv, .ndjson, .jsonl) or, for .json and anything else, from the
 * first character: `[` is a JSON array, `{` a line of NDJSON. An empty file is NDJSON (no items).
 */
export async function detectFormat(path: string): Promise<ImportFormat> {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const first = /\S/.exec(
      buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    )?.[0];
    if (first === undefined || first === '{') return 'ndjson';
    if (first === '[') return 'json-array';
  } finally {
    await handle.close();
  }
  throw new FileProblem(
    `${path}: unknown format. Import reads NDJSON (.ndjson, .jsonl: one JSON object a line), a JSON array (.json) or CSV (.csv with a header row).`,
  );
}

export interface ItemReader {
  items: AsyncIterable<RawItem>;
  /** Bytes of the file read so far (for the progress bar). */
  bytesRead(): number;
}

/** Streams the items of a file: memory holds one chunk and one item, however big the file. */
export function readItems(path: string, format: ImportFormat): ItemReader {
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const items = format === 'ndjson' ? ndjsonItems(stream) : format === 'csv' ? csvItems(stream) : arrayItems(stream);
  return { items, bytesRead: () => stream.bytesRead };
}

async function* ndjsonItems(stream: ReadStream): AsyncGenerator<RawItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    yield parseJson(line, trimmed);
  }
}

function parseJson(line: number, text: string): RawItem {
  try {
    return { line, value: JSON.parse(text) };
  } catch (error) {
    return { line, error: `not valid JSON (${(error as Error).message})` };
  }
}

/**
 * The elements of a top-level JSON array, one at a time: a scanner finds where each element
 * starts and ends (outside strings, by bracket depth), and only that text is parsed.
 */
async function* arrayItems(stream: ReadStream): AsyncGenerator<RawItem> {
  stream.setEncoding('utf8');
  let line = 1;
  let opened = false;
  let closed = false;
  let parts: string[] | undefined; // the current element's text, when inside one
  let startLine = 0;
  let depth = 0;
  let scalar = false;
  let inString = false;
  let escaped = false;
  const finish = (text: string): RawItem => {
    parts = undefined;
    scalar = false;
    return parseJson(startLine, text);
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    let from = 0; // where the current element's text starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (parts !== undefined) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92 /* \ */) escaped = true;
          else if (c === 34 /* " */) {
            inString = false;
            if (depth === 0) {
              parts.push(chunk.slice(from, i + 1));
              yield finish(parts.join(''));
            }
          }
        } else if (scalar) {
          if (c === 44 /* , */ || c === 93 /* ] */ || c === 32 || c === 10 || c === 13 || c === 9) {
            parts.push(chunk.slice(from, i));
            yield finish(parts.join(''));
            if (c === 93) closed = true;
          }
        } else if (c === 34) inString = true;
        else if (c === 123 /* { */ || c === 91 /* [ */) depth += 1;
        else if (c === 125 /* } */ || c === 93) {
          depth -= 1;
          if (depth === 0) {
            parts.push(chunk.slice(from, i + 1));
            yield finish(parts.join(''));
          }
        }
      } else if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) {
        // whitespace between elements
      } else if (!opened) {
        if (c !== 91) throw new FileProblem(`line ${line}: a JSON array file must start with "["`);
        opened = true;
      } else if (closed) {
        throw new FileProblem(`line ${line}: text after the end of the JSON array`);
      } else if (c === 44) {
        // between elements
      } else if (c === 93) {
        closed = true;
      } else {
        parts = [];
        from = i;
        startLine = line;
        depth = c === 123 || c === 91 ? 1 : 0;
        inString = c === 34;
        scalar = !inString && depth === 0;
      }
      if (c === 10) line += 1;
    }
    if (parts !== undefined) parts.push(chunk.slice(from));
  }
  if (parts !== undefined && scalar) yield finish(parts.join(''));
  else if (parts !== undefined) yield { line: startLine, error: 'the file ends inside this element' };
  if (opened && !closed) throw new FileProblem('the JSON array is not closed with "]" at the end of the file');
}

/**
 * CSV rows as session records: a header row of SessionRecord fields, then one record a row.
 * Empty cells of optional fields are left out. Line numbers assume one row a line (the header
 * is line 1), which holds for any valid record: its fields cannot contain line breaks.
 */
async function* csvItems(stream: ReadStream): AsyncGenerator<RawItem> {
  const rows = stream.pipe(Papa.parse(Papa.NODE_STREAM_INPUT, { header: true, skipEmptyLines: 'greedy' }));
  let line = 1;
  let checked = false;
  for await (const row of rows as AsyncIterable<Record<string, string | string[] | undefined>>) {
    line += 1;
    if (!checked) {
      checkHeader(Object.keys(row));
      checked = true;
    }
    if (row.__parsed_extra !== undefined) {
      yield { line, error: 'the row has more cells than the header' };
      continue;
    }
    const record: Record<string, string> = {};
    for (const [column, cell] of Object.entries(row)) {
      if (typeof cell !== 'string') continue;
      if (cell === '' && !REQUIRED_COLUMNS.includes(column)) continue;
      record[column] = cell;
    }
    yield { line, value: record };
  }
}

function checkHeader(columns: readonly string[]): void {
  const known = new Set<string>(CSV_COLUMNS);
  const unknown = columns.filter((column) => !known.has(column) && column !== '__parsed_extra');
  if (unknown.length > 0) {
    throw new FileProblem(
      `the CSV header names unknown column${unknown.length === 1 ? '' : 's'} ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0)
    throw new FileProblem(`the CSV header lacks column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
}
