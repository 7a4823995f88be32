import { closeSync, openSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IngestResult, SessionRecord, UserDocument } from '../../src/contract/ingest.ts';
import { createProgressBar, formatSeconds, type ProgressBar } from '../demo/progress-bar.ts';
import { StoreError, type BulkImport, type SessionUsersSource } from '../store/source.ts';
import { CommandProblem, oneLine, openCommandStore, type CommandIo } from './command-io.ts';
import { IMPORT_USAGE, parseImportArgs, type ImportArgs } from './import-args.ts';
import { parsedItems } from './parsed-items.ts';
import { detectFormat, FileProblem, type ImportFormat } from './read-items.ts';

/** Records per store call, and user documents (or their sessions) per store call: one transaction each. */
const RECORDS_PER_BATCH = 5_000;
const DOCUMENTS_PER_BATCH = 2_000;
const SESSIONS_PER_BATCH = 10_000;
/**
 * A batch's changed index pages stay in memory until its commit. 160 MB with 20,000-session
 * batches peaked at 452 MB RSS over the first 128,000 users of the 1M file: hence less of both.
 */
const IMPORT_CACHE_MB = 96;

interface Pending {
  file: string;
  line: number;
  record?: SessionRecord;
  document?: UserDocument;
}

/** `npm run import -- …`: resolves with the exit code (see IMPORT_USAGE). */
export async function runImport(argv: readonly string[], io: CommandIo): Promise<number> {
  let args: ImportArgs;
  let files: CheckedFile[];
  let store: SessionUsersSource;
  try {
    const parsed = parseImportArgs(argv);
    if (parsed === 'help') {
      io.stdout.write(`${IMPORT_USAGE}\n`);
      return 0;
    }
    args = parsed;
    files = await Promise.all(args.files.map(checkFile));
    store = await openCommandStore(io, { dataCacheMb: IMPORT_CACHE_MB });
  } catch (error) {
    if (error instanceof CommandProblem || error instanceof FileProblem) {
      io.stderr.write(`${error.message}\nRun "npm run import -- --help" for usage.\n`);
      return 2;
    }
    throw error;
  }

  try {
    // Into an empty store: the fast path (indexes built once at the end), unless the input
    // repeats itself; then everything is rolled back and imported the exact way below.
    const bulk = args.dryRun ? undefined : await store.beginBulkImport?.();
    if (bulk !== undefined) {
      const outcome = await importInBulk(bulk, store, args, io, files);
      if (typeof outcome === 'number') return outcome;
      if (outcome.why !== undefined) io.stderr.write(`${outcome.why}\n`);
    }
    return await importExactly(store, args, io, files);
  } finally {
    await store.close();
  }
}

type CheckedFile = { path: string; format: ImportFormat; bytes: number };

const REPEATS =
  'The input repeats a user or session, so nothing was kept from the fast pass: importing it again one batch at a time, to apply or reject each repeat exactly.';

/** Thrown out of a bulk import when the input needs the exact path: session records, or repeats (`why`). */
class NeedsExactImport extends Error {
  constructor(readonly why?: string) {
    super(why ?? 'session records');
  }
}

async function importInBulk(
  bulk: BulkImport,
  store: SessionUsersSource,
  args: ImportArgs,
  io: CommandIo,
  files: readonly CheckedFile[],
): Promise<number | { why: string | undefined }> {
  const importer = new Importer(store, args, io, bulk);
  try {
    for (const file of files) await importer.importFile(file.path, file.format, files);
    await importer.flush();
    importer.stop();
    const started = performance.now();
    const outcome = await bulk.finish(() => io.stderr.write('Building the indexes (one sort each)…\n'));
    if (outcome === 'repeats') return { why: REPEATS };
    io.stderr.write(`Indexes built in ${formatSeconds((performance.now() - started) / 1000)}.\n`);
    return importer.report();
  } catch (error) {
    await bulk.abandon();
    importer.stop();
    if (error instanceof NeedsExactImport) return { why: error.why };
    io.stderr.write(
      `Import stopped${importer.position()}: ${oneLine(error)}\nNothing was imported (an import into an empty store is all or nothing); run the same command again.\n`,
    );
    return error instanceof FileProblem ? 2 : 1;
  } finally {
    importer.closeRejects();
  }
}

async function importExactly(
  store: SessionUsersSource,
  args: ImportArgs,
  io: CommandIo,
  files: readonly CheckedFile[],
): Promise<number> {
  const importer = new Importer(store, args, io);
  try {
    for (const file of files) await importer.importFile(file.path, file.format, files);
    await importer.flush();
  } catch (error) {
    importer.stop();
    const where = importer.position();
    io.stderr.write(
      `Import stopped${where}: ${oneLine(error)}\nWhat was imported before stays; run the same command again to continue (importing is idempotent).\n`,
    );
    return error instanceof FileProblem ? 2 : 1;
  } finally {
    importer.closeRejects();
  }
  return importer.report();
}

/** Exists, is a file, can be read, and is in a format import reads: else one clear line. */
async function checkFile(path: string): Promise<CheckedFile> {
  let bytes: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CommandProblem(`Cannot import ${path}: it is a folder, not a file.`);
    bytes = info.size;
    return { path, format: await detectFormat(path), bytes };
  } catch (error) {
    if (error instanceof CommandProblem || error instanceof FileProblem) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CommandProblem(`Cannot import ${path}: there is no such file.`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new CommandProblem(`Cannot import ${path}: permission denied (the file cannot be read).`);
    }
    throw new CommandProblem(`Cannot import ${path}: ${oneLine(error)}`);
  }
}

class Importer {
  readonly #store: SessionUsersSource;
  readonly #args: ImportArgs;
  readonly #io: CommandIo;
  readonly #bulk: BulkImport | undefined;
  readonly #started = performance.now();
  readonly #totals: IngestResult = { accepted: 0, users_created: 0, sessions_created: 0, sessions_updated: 0 };
  #pending: Pending[] = [];
  #pendingSessions = 0;
  #sessionIds = new Set<string>();
  #users = new Set<string>();
  #lines = 0;
  #rejected = 0;
  #rejectsFd: number | undefined;
  #bar: ProgressBar | undefined;
  #bytesDone = 0;
  #file = '';
  #line = 0;

  constructor(store: SessionUsersSource, args: ImportArgs, io: CommandIo, bulk?: BulkImport) {
    this.#store = store;
    this.#args = args;
    this.#io = io;
    this.#bulk = bulk;
  }

  async importFile(path: string, format: ImportFormat, files: readonly { bytes: number }[]): Promise<void> {
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    this.#bar ??= createProgressBar({
      total,
      unit: 'MB',
      stream: this.#io.stderr,
      formatAmount: (bytes) => (bytes / 1e6).toFixed(1),
      rate: { unit: 'lines' },
    });
    this.#file = path;
    const reader = parsedItems(path, format);
    const before = this.#bytesDone;
    try {
      for await (const item of reader.items) {
        this.#lines += 1;
        this.#line = item.line;
        if ('error' in item) {
          this.#reject(path, item.line, item.error);
          continue;
        }
        const { checked } = item;
        if (checked.kind === 'rejected') this.#reject(path, item.line, checked.reason, item.value);
        else if (checked.kind === 'record') await this.#add({ file: path, line: item.line, record: checked.record });
        else await this.#add({ file: path, line: item.line, document: checked.document });
        if ((this.#lines & 1023) === 0) this.#bar.update(before + reader.bytesRead(), this.#lines);
      }
    } catch (error) {
      if (error instanceof FileProblem) throw new FileProblem(`${path}: ${error.message}`);
      throw error;
    }
    this.#bytesDone = before + reader.bytesRead();
    this.#bar.update(this.#bytesDone, this.#lines);
  }

  /** Where the import is, for a message: ` at FILE line N`. */
  position(): string {
    return this.#file === '' ? '' : ` at ${this.#file} line ${this.#line}`;
  }

  async #add(item: Pending): Promise<void> {
    const kind = item.record !== undefined ? 'record' : 'document';
    const pendingKind = this.#pending[0]?.record !== undefined ? 'record' : 'document';
    const sessionIds = item.record
      ? [item.record.session_id]
      : (item.document?.sessions ?? []).map((s) => s.session_id);
    const userKey = item.document
      ? JSON.stringify([
          item.document.product_tag,
          item.document.session_tag,
          item.document.env,
          item.document.identifier,
        ])
      : undefined;
    // One batch holds one kind, each session_id once and each user document once: a later line
    // about the same session or user goes into the next batch, so it applies after the earlier one.
    const repeats =
      sessionIds.some((id) => this.#sessionIds.has(id)) || (userKey !== undefined && this.#users.has(userKey));
    // The bulk path takes user documents that name each user and session once.
    if (this.#bulk !== undefined && (kind === 'record' || repeats)) {
      throw new NeedsExactImport(kind === 'record' ? undefined : REPEATS);
    }
    if (this.#pending.length > 0 && (kind !== pendingKind || repeats)) {
      await this.flush();
    }
    this.#pending.push(item);
    for (const id of sessionIds) this.#sessionIds.add(id);
    if (userKey !== undefined) this.#users.add(userKey);
    this.#pendingSessions += sessionIds.length;
    const full =
      kind === 'record'
        ? this.#pending.length >= RECORDS_PER_BATCH
        : this.#pending.length >= DOCUMENTS_PER_BATCH || this.#pendingSessions >= SESSIONS_PER_BATCH;
    if (full) await this.flush();
  }

  /**
   * Applies the pending batch (one transaction). Lines the store refuses (a session_id owned by
   * another user, an _id taken…) go to the rejects file and the rest is applied without them.
   */
  async flush(): Promise<void> {
    let batch = this.#pending;
    this.#pending = [];
    this.#pendingSessions = 0;
    this.#sessionIds = new Set();
    this.#users = new Set();
    const options = { dryRun: this.#args.dryRun };
    if (this.#bulk !== undefined && batch.length > 0) {
      this.#count(await this.#addInBulk(this.#bulk, batch));
      return;
    }
    while (batch.length > 0) {
      try {
        const result =
          batch[0]?.record !== undefined
            ? await this.#store.ingest(
                batch.map((item) => item.record as SessionRecord),
                options,
              )
            : await this.#store.importUsers(
                batch.map((item) => item.document as UserDocument),
                options,
              );
        this.#count(result);
        return;
      } catch (error) {
        const details = error instanceof StoreError && error.kind === 'invalid' ? error.options.details : undefined;
        if (details === undefined || details.length === 0 || details.some((d) => batch[d.index] === undefined)) {
          throw error;
        }
        const reasons = new Map<number, string[]>();
        for (const { index, field, message } of details) {
          const text = `${field}: ${message.replace(/\b(record|document) (\d+) of this batch\b/g, (_, _noun, n: string) => `line ${batch[Number(n)]?.line ?? '?'}`)}`;
          reasons.set(index, [...(reasons.get(index) ?? []), text]);
        }
        for (const [index, texts] of reasons) {
          const item = batch[index] as Pending;
          this.#reject(item.file, item.line, texts.join('; '), item.record ?? item.document);
        }
        batch = batch.filter((_, index) => !reasons.has(index));
      }
    }
  }

  async #addInBulk(bulk: BulkImport, batch: readonly Pending[]): Promise<IngestResult> {
    try {
      return await bulk.add(batch.map((item) => item.document as UserDocument));
    } catch (error) {
      if (error instanceof StoreError && error.kind === 'invalid') throw new NeedsExactImport(REPEATS);
      throw error;
    }
  }

  #count(result: IngestResult): void {
    this.#totals.accepted += result.accepted;
    this.#totals.users_created += result.users_created;
    this.#totals.sessions_created += result.sessions_created;
    this.#totals.sessions_updated += result.sessions_updated;
  }

  #reject(file: string, line: number, reason: string, value?: unknown): void {
    this.#rejected += 1;
    this.#rejectsFd ??= openSync(this.#args.rejects, 'w');
    const entry = value === undefined ? { file, line, reason } : { file, line, reason, input: value };
    writeSync(this.#rejectsFd, `${JSON.stringify(entry)}\n`);
  }

  stop(): void {
    this.#bar?.finish();
  }

  closeRejects(): void {
    if (this.#rejectsFd !== undefined) closeSync(this.#rejectsFd);
  }

  /** Prints the summary; returns the exit code. */
  report(): number {
    this.#bar?.finish();
    const n = (value: number) => value.toLocaleString('en-US');
    const t = this.#totals;
    const elapsed = formatSeconds((performance.now() - this.#started) / 1000);
    const verb = this.#args.dryRun ? 'Dry run (nothing was written): would import' : 'Imported';
    const rejected =
      this.#rejected === 0
        ? 'none rejected'
        : `${n(this.#rejected)} rejected (line numbers and reasons in ${this.#args.rejects})`;
    this.#io.stdout.write(
      `${verb} ${n(t.accepted)} of ${n(this.#lines)} lines in ${elapsed}: ${n(t.users_created)} users created, ` +
        `${n(t.sessions_created)} sessions created, ${n(t.sessions_updated)} sessions updated; ${rejected}.\n`,
    );
    return this.#rejected === 0 ? 0 : 1;
  }
}
