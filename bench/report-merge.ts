import { BENCH_BLOCKS, status, table, TARGETS_HEADER, targetSection, type MeasuredSection } from './report.ts';
import { readSection, replaceSection } from './report-sections.ts';

/**
 * docs/benchmarks.md after a run of `npm run bench`, which may have measured only some sections
 * (`--only browser,bundle`): `next` is what the run alone would write (bench/report.ts), `previous`
 * the document already there. The run's blocks replace theirs; blocks it did not measure, sections
 * other commands wrote and hand-written text stay as they were; each row of "Against the targets"
 * comes from the run that measured its section, with that run's date and load average.
 */
export function mergeReport(previous: string, next: string): string {
  if (previous.trim() === '') return next;
  let doc = adoptLegacyReport(previous);
  const ran = new Set<MeasuredSection>();
  for (const [index, name] of BENCH_BLOCKS.entries()) {
    const body = readSection(next, name);
    if (body === undefined) continue;
    if (name === 'bench-targets') continue;
    const section = name.slice('bench-'.length);
    if (section !== 'run' && section !== 'store') ran.add(section as MeasuredSection);
    doc = replaceSection(doc, name, body, BENCH_BLOCKS.slice(0, index));
  }
  const nextTargets = readSection(next, 'bench-targets');
  if (nextTargets === undefined) return doc;
  const body = mergeTargets(readSection(doc, 'bench-targets'), nextTargets, ran);
  return replaceSection(doc, 'bench-targets', body, BENCH_BLOCKS.slice(0, 1));
}

interface Row {
  cells: string[];
  section: MeasuredSection | undefined;
}

function rowsOf(body: string | undefined): Row[] {
  const lines = body?.split('\n').filter((line) => line.startsWith('|')) ?? [];
  // The header and its --- line first.
  return lines.slice(2).map((line) => {
    const cells = line
      .slice(1, line.trimEnd().length - 1)
      .split(' | ')
      .map((cell) => cell.trim());
    while (cells.length < TARGETS_HEADER.length) cells.push('');
    return { cells, section: targetSection(cells[0] ?? '') };
  });
}

const NOT_MEASURED = status(undefined);
const SECTION_ORDER: MeasuredSection[] = ['api', 'throughput', 'ingest', 'browser', 'bundle'];

/** Per section, the rows of the run that measured it: this one's, else the previous document's. */
function mergeTargets(previousBody: string | undefined, nextBody: string, ran: Set<MeasuredSection>): string {
  const before = rowsOf(previousBody);
  const now = rowsOf(nextBody);
  const rows: Row[] = [];
  for (const section of SECTION_ORDER) {
    const ours = now.filter((row) => row.section === section);
    const kept = before.filter((row) => row.section === section && row.cells[3] !== NOT_MEASURED);
    rows.push(...(!ran.has(section) && kept.length > 0 ? kept : ours));
  }
  // Rows of the previous document that no section of this runner measures stay at the end.
  rows.push(...before.filter((row) => row.section === undefined));
  const heading = nextBody.slice(0, nextBody.indexOf('\n|')).trimEnd();
  return `${heading}\n\n${table(
    TARGETS_HEADER,
    rows.map((row) => row.cells),
  )}`;
}

/** Headings `npm run bench` wrote before its blocks had markers, and the block each became. */
const LEGACY_HEADINGS: [string, (typeof BENCH_BLOCKS)[number]][] = [
  ['## Against the targets', 'bench-targets'],
  ['## The store', 'bench-store'],
  ['## API at scale', 'bench-api'],
  ['## Throughput (autocannon)', 'bench-throughput'],
  ['## Ingest (POST', 'bench-ingest'],
  ['## Browser path', 'bench-browser'],
  ['## Bundle (', 'bench-bundle'],
];

/**
 * A document written before the blocks had markers, given them: the text under the title becomes
 * `bench-run`, each generated heading its block (until the next heading or marked section), each
 * block and measured target row says the date and load of that old run.
 */
export function adoptLegacyReport(doc: string): string {
  if (doc.includes('<!-- section:bench-run -->')) return doc;
  const date = /Measured (\d{4}-\d\d-\d\d \d\d:\d\d) UTC by `npm run bench`/.exec(doc)?.[1];
  const load = /load average \(1 min\) at start \/ end \| ([\d.]+) \/ ([\d.]+)/.exec(doc);
  const when = `${date ?? 'date unknown'} UTC, load ${load?.[1] ?? '–'} → ${load?.[2] ?? '–'}`;
  const lines = doc.split('\n');
  const out: string[] = [];
  let open: string | undefined;
  let marked = 0;
  const close = () => {
    if (open === undefined) return;
    while (out.at(-1) === '') out.pop();
    out.push(`<!-- /section:${open} -->`, '');
    open = undefined;
  };
  for (const [index, line] of lines.entries()) {
    if (line.startsWith('<!-- section:')) {
      close();
      marked += 1;
    }
    if (line.startsWith('<!-- /section:')) marked -= 1;
    const isHeading = /^##? /.test(line) && marked === 0;
    if (isHeading) close();
    const legacy = isHeading ? LEGACY_HEADINGS.find(([prefix]) => line.startsWith(prefix))?.[1] : undefined;
    if (legacy !== undefined) {
      open = legacy;
      out.push(`<!-- section:${legacy} -->`, line);
      if (legacy !== 'bench-targets' && legacy !== 'bench-store') out.push('', `Measured ${when} (\`npm run bench\`).`);
      continue;
    }
    if (index === 1 && line === '' && open === 'bench-run') continue;
    out.push(line);
    if (index === 0 && line.startsWith('# ')) {
      out.push('', '<!-- section:bench-run -->');
      open = 'bench-run';
    }
  }
  close();
  let adopted = out.join('\n').replace(/<!-- section:bench-run -->\n\n+/, '<!-- section:bench-run -->\n');
  const targets = readSection(adopted, 'bench-targets');
  if (targets !== undefined) {
    const rows = rowsOf(targets).map((row) => {
      const cells = row.cells.slice(0, 4);
      return [...cells, cells[3] === NOT_MEASURED ? '' : when];
    });
    const heading = targets.slice(0, targets.indexOf('\n|')).trimEnd();
    adopted = replaceSection(adopted, 'bench-targets', `${heading}\n\n${table(TARGETS_HEADER, rows)}`);
  }
  return moveAnchorsToApi(adopted);
}

/** The old "The store" block ended with the page-anchor figures, which the API section measures. */
function moveAnchorsToApi(doc: string): string {
  const store = readSection(doc, 'bench-store');
  const api = readSection(doc, 'bench-api');
  const anchors = store?.split('\n\n').find((paragraph) => paragraph.startsWith('Page anchors:'));
  if (store === undefined || api === undefined || anchors === undefined) return doc;
  const rest = store
    .split('\n\n')
    .filter((paragraph) => paragraph !== anchors)
    .join('\n\n');
  return replaceSection(replaceSection(doc, 'bench-store', rest), 'bench-api', `${api}\n\n${anchors}`);
}
