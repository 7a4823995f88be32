/**
 * Sections of docs/benchmarks.md written by their own commands (`npm run bench:compression`),
 * marked so that `npm run bench`, which rewrites the file, keeps them.
 */
const start = (name: string) => `<!-- section:${name} -->`;
const end = (name: string) => `<!-- /section:${name} -->`;
const SECTION = /<!-- section:([\w-]+) -->[\s\S]*?<!-- \/section:\1 -->\n?/g;

/** `doc` with the named section replaced, or added before "## Reproduce" (or at the end). */
export function replaceSection(doc: string, name: string, body: string): string {
  const block = `${start(name)}\n${body.trimEnd()}\n${end(name)}\n`;
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  if (from !== -1 && to > from) {
    const after = doc.slice(to + end(name).length).replace(/^\n/, '');
    return doc.slice(0, from) + block + after;
  }
  const reproduce = doc.indexOf('\n## Reproduce');
  if (reproduce === -1) return `${doc.trimEnd()}\n\n${block}`;
  return `${doc.slice(0, reproduce + 1)}${block}\n${doc.slice(reproduce + 1)}`;
}

/** Every marked section of `previous` that `next` lacks, carried over into `next`. */
export function keepSections(next: string, previous: string): string {
  let doc = next;
  for (const match of previous.matchAll(SECTION)) {
    const name = match[1] as string;
    if (doc.includes(start(name))) continue;
    const body = match[0].slice(start(name).length, match[0].lastIndexOf(end(name)));
    doc = replaceSection(doc, name, body.trim());
  }
  return doc;
}
