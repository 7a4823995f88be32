import { Worker } from 'node:worker_threads';
import type { ImportItem } from './import-items.ts';
import { FileProblem, type ImportFormat } from './read-items.ts';

/** One item of an import file, parsed and checked against the contract, or why its text is not one. */
export type ParsedItem = { line: number; error: string } | { line: number; checked: ImportItem; value?: unknown };

export interface ParsedChunk {
  kind: 'chunk';
  items: ParsedItem[];
  bytesRead: number;
}
export type WorkerMessage =
  ParsedChunk | { kind: 'done'; bytesRead: number } | { kind: 'failed'; message: string; fileProblem: boolean };

export interface ParsedItems {
  items: AsyncIterable<ParsedItem>;
  bytesRead(): number;
}

const CHUNK_SIZE = 256;
/** Chunks the worker may have ready ahead of the store: parsing overlaps writing, memory stays flat. */
const CHUNKS_AHEAD = 4;

/**
 * Reads, parses and validates an import file on a worker thread while this thread writes to the
 * store: on two cores the JSON parsing and validation (about half of an import's CPU) no longer
 * waits for the writes. The worker runs TypeScript through tsx's loader, like the commands do.
 */
export function parsedItems(path: string, format: ImportFormat): ParsedItems {
  let bytesRead = 0;
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href)}); });`,
    {
      eval: true,
      workerData: { path, format, chunkSize: CHUNK_SIZE },
      // A streaming reader needs little: small heaps keep the import's RSS bounded (< 400 MB).
      resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 128 },
    },
  );
  const queue: WorkerMessage[] = [];
  let waiting: (() => void) | undefined;
  let crashed: Error | undefined;
  let exited = false;
  const wakeUp = () => {
    waiting?.();
    waiting = undefined;
  };
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    wakeUp();
  });
  worker.on('error', (error) => {
    crashed = error;
    wakeUp();
  });
  worker.on('exit', () => {
    exited = true;
    wakeUp();
  });

  async function* items(): AsyncGenerator<ParsedItem> {
    worker.postMessage(CHUNKS_AHEAD);
    try {
      for (;;) {
        const message = queue.shift();
        if (message === undefined) {
          if (crashed !== undefined) throw crashed;
          if (exited) throw new Error('the file reader stopped before the end of the file');
          await new Promise<void>((resolve) => (waiting = resolve));
          continue;
        }
        bytesRead = message.kind === 'failed' ? bytesRead : message.bytesRead;
        if (message.kind === 'done') return;
        if (message.kind === 'failed') {
          throw message.fileProblem ? new FileProblem(message.message) : new Error(message.message);
        }
        worker.postMessage(1);
        yield* message.items;
      }
    } finally {
      await worker.terminate();
    }
  }
  return { items: items(), bytesRead: () => bytesRead };
}
