import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/*
 * Import direction (docs/architecture.md): app → features → components, lib → contract.
 * - A feature never imports another feature (nor app); what two need moves to components/ or lib/.
 * - lib/ and components/ import no feature and not app; contract/ imports nothing of ours.
 * - server/ imports only src/contract/ from src/.
 * Relative specifiers are matched per folder depth, so "../x" means the same place in each rule.
 */
const FEATURES = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const MAX_FEATURE_DEPTH = 4;
const up = (count) => `^(\\.\\./){${count}}(?!\\.\\./)`;

const restrict = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

const featureRules = FEATURES.flatMap((feature) =>
  Array.from({ length: MAX_FEATURE_DEPTH + 1 }, (_, depth) =>
    restrict(
      [`src/features/${feature}/${'*/'.repeat(depth)}*.{ts,tsx}`],
      [
        {
          regex: `${up(depth + 1)}(?!${feature}(/|$))`,
          message: `A feature does not import another feature (this is ${feature}): move what both need to src/components or src/lib.`,
        },
        {
          regex: `${up(depth + 2)}(features|app)/`,
          message: 'A feature imports neither another feature nor src/app; src/app imports features.',
        },
      ],
    ),
  ),
);

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'data', 'test-results', 'playwright-report', '.bench-cache'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...featureRules,
  restrict(
    ['src/lib/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    [
      {
        regex: '^\\.{1,2}/(.*/)?(features|app)/',
        message: 'src/lib and src/components import no feature and not src/app: they are shared by all of them.',
      },
    ],
  ),
  restrict(
    ['src/contract/**/*.{ts,tsx}'],
    [{ regex: '^\\.\\./', message: 'src/contract imports nothing else of ours: the server and the web app share it.' }],
  ),
  restrict(
    ['server/**/*.ts'],
    [
      {
        regex: '^(\\.\\./)+src/(?!contract/)',
        message: 'The server imports only src/contract from src/ (the shared API schemas).',
      },
    ],
  ),
);
