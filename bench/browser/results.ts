import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BROWSER_RESULTS } from '../bench-config.ts';
import { summarize, type Summary } from '../stats.ts';

export interface BrowserStep {
  label: string;
  /** What is timed, from when to when. */
  measures: string;
  summary: Summary;
  /** The targets it is held to, in ms, each on one statistic (none: reported only). */
  targets?: { on: 'median' | 'p95'; ms: number }[];
}

export interface BrowserResults {
  chromium: string;
  steps: Record<string, BrowserStep>;
}

/** Adds one step's figures to .bench-cache/browser-results.json (the runner prints them). */
export function recordStep(chromium: string, key: string, step: Omit<BrowserStep, 'summary'>, samples: number[]) {
  const results: BrowserResults = existsSync(BROWSER_RESULTS)
    ? (JSON.parse(readFileSync(BROWSER_RESULTS, 'utf8')) as BrowserResults)
    : { chromium, steps: {} };
  results.chromium = chromium;
  results.steps[key] = { ...step, summary: summarize(samples) };
  mkdirSync(dirname(BROWSER_RESULTS), { recursive: true });
  writeFileSync(BROWSER_RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  const { median, p95 } = results.steps[key].summary;
  console.log(`${step.label}: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${samples.length} samples)`);
}
