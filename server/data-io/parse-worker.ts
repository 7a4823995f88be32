import { parentPort, workerData } from 'node:worker_threads';
import { classifyItem } from './import-items.ts';
import { FileProblem, readItems, type ImportFormat } from './read-items.ts';
import type { ParsedChunk, ParsedItem, WorkerMessage } from './parsed-items.ts';

/**
 * The worker half of parsedItems(): reads, parses and validates one file and posts its items in
 * chunks, never more than the main thread has asked for (its credits), so memory stays bounded.
 */
const { path, format, chunkSize } = workerData as { path: string; format: ImportFormat; chunkSize: number };
const port = parentPort;
if (port === null) throw new Error('parse-worker.ts runs as a worker thread');

let credits = 0;
let wake: (() => void) | undefined;
port.on('message', (added: number) => {
  credits += added;
  wake?.();
});
const creditFor = async (): Promise<void> => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits -= 1;
};
const post = (message: WorkerMessage) => port.postMessage(message);

async function run(): Promise<void> {
  const reader = readItems(path, format);
  let items: ParsedItem[] = [];
  const send = async () => {
    await creditFor();
    post({ kind: 'chunk', items, bytesRead: reader.bytesRead() } satisfies ParsedChunk);
    items = [];
  };
  try {
    for await (const item of reader.items) {
      if ('error' in item) items.push(item);
      else {
        const checked = classifyItem(item.value);
        // The input goes back only when it is rejected (the rejects file shows it).
        items.push(
          checked.kind === 'rejected' ? { line: item.line, checked, value: item.value } : { line: item.line, checked },
        );
      }
      if (items.length >= chunkSize) await send();
    }
    if (items.length > 0) await send();
    post({ kind: 'done', bytesRead: reader.bytesRead() });
  } catch (error) {
    post({
      kind: 'failed',
      message: error instanceof Error ? error.message : String(error),
      fileProblem: error instanceof FileProblem,
    });
  }
}

await run();
port.close();
