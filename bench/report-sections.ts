/**
 * Sections of docs/benchmarks.md between `<!-- section:NAME -->` and `<!-- /section:NAME -->`: each
 * written by its own command (`npm run bench` writes the `bench-*` ones, `npm run bench:compression`
 * its own), so a command replaces only what it measured and keeps everything else.
 */
const start = (name: string) => `<!-- section:${name} -->`;
const end = (name: string) => `<!-- /section:${name} -->`;

/** The body between the named section's markers, or undefined when the document has none. */
export function readSection(doc: string, name: string): string | undefined {
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  if (from === -1 || to < from) return undefined;
  return doc.slice(from + start(name).length, to).trim();
}

/**
 * `doc` with the named section replaced. A section not there yet goes after the last of `after`
 * that the document has (sections that come before it), else before "## Reproduce", else at the end.
 */
export function replaceSection(doc: string, name: string, body: string, after: readonly string[] = []): string {
  const block = `${start(name)}\n${body.trimEnd()}\n${end(name)}\n`;
  const from = doc.indexOf(start(name));
  const to = doc.indexOf(end(name));
  if (from !== -1 && to > from) {
    const rest = doc.slice(to + end(name).length).replace(/^\n/, '');
    return doc.slice(0, from) + block + rest;
  }
  for (const previous of [...after].reverse()) {
    const at = doc.indexOf(end(previous));
    if (at === -1) continue;
    const cut = at + end(previous).length;
    const rest = doc.slice(cut).replace(/^\n+/, '');
    return `${doc.slice(0, cut)}\n\n${block}${rest === '' ? '' : `\n${rest}`}`;
  }
  const reproduce = doc.indexOf('\n## Reproduce');
  if (reproduce === -1) return `${doc.trimEnd()}\n\n${block}`;
  return `${doc.slice(0, reproduce + 1)}${block}\n${doc.slice(reproduce + 1)}`;
}
