import { firstLoad, kB } from './bundle.ts';
import { BUDGET_FILE, readBudget } from './bundle-budget.ts';

/**
 * `npm run budget` (part of `npm test`, after the build): fails when the users page's first-load
 * JS, gzipped, grows past the budget in bench/bundle-budget.json. Prints what it is made of.
 */
const { budgetKb } = readBudget().usersPageFirstLoadJs;
const users = firstLoad('users');
const totalKb = kB(users.jsGzipBytes);

console.log('Users page, first visit: JS loaded (gzip -9)');
for (const file of users.files.filter((entry) => entry.kind === 'js')) {
  console.log(`  ${file.file.padEnd(44)} ${kB(file.gzipBytes).toFixed(1).padStart(6)} kB`);
}
console.log(`  ${'total'.padEnd(44)} ${totalKb.toFixed(1).padStart(6)} kB   (budget ${budgetKb} kB, ${BUDGET_FILE})`);

if (totalKb > budgetKb) {
  console.error(
    `\nOver budget: the users page's first-load JS is ${totalKb} kB gzipped, more than ${budgetKb} kB. ` +
      'Split what the first view does not need into a lazy chunk, or find a lighter dependency.',
  );
  process.exit(1);
}
console.log(`Within budget: ${(budgetKb - totalKb).toFixed(1)} kB to spare.`);
