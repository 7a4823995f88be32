import { readFileSync } from 'node:fs';
import { ENCODINGS, type Encoding } from '../server/content-encoding.ts';
import { kB, PAGES, type PageName } from './bundle.ts';
import { pageBytes, type Kind } from './compressed-size.ts';

/**
 * `npm run budget:compressed` (part of `npm test`, after the build): the bytes a first visit to
 * each page downloads, per content coding, against bench/compressed-budget.json. Fails when a
 * total is over its budget, or when the build left a text file without its compressed copies.
 */
const BUDGET_FILE = 'bench/compressed-budget.json';
type Budgets = Record<PageName, Record<Encoding, Record<Kind, number>>>;
const { budgetKb } = JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as { budgetKb: Budgets };
const KINDS: Kind[] = ['html', 'js', 'css'];

const problems: string[] = [];
for (const page of Object.keys(PAGES) as PageName[]) {
  const measured = pageBytes(page);
  console.log(`First visit to the ${page} page, bytes sent (kB): ${ENCODINGS.join(' / ')}`);
  for (const file of measured.files) {
    const sizes = ENCODINGS.map((encoding) => kB(file.sent[encoding]).toFixed(1).padStart(6)).join(' ');
    console.log(`  ${file.file.padEnd(44)} ${sizes}   (raw ${kB(file.bytes).toFixed(1)})`);
    if (file.missing.length > 0) problems.push(`${file.file} has no ${file.missing.join(' or ')} copy in dist/`);
  }
  for (const encoding of ENCODINGS) {
    const line = KINDS.map((kind) => {
      const total = kB(measured.total[encoding][kind]);
      const budget = budgetKb[page][encoding][kind];
      if (total > budget)
        problems.push(`${page} page ${kind} with ${encoding}: ${total} kB, over the ${budget} kB budget`);
      return `${kind} ${total} of ${budget}`;
    });
    console.log(`  ${encoding.padEnd(5)} total kB: ${line.join(', ')}`);
  }
}

if (problems.length > 0) {
  console.error(`\n${problems.join('\n')}`);
  console.error(
    `\nOver budget (${BUDGET_FILE}) or not precompressed: run "npm run build" (its precompress step writes the .br ` +
      'and .gz copies), and split what the first view does not need into a lazy chunk.',
  );
  process.exit(1);
}
console.log('Within the compressed budgets.');
