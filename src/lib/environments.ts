import { environmentKind } from '../contract/environments.ts';
import type { EnvironmentKind } from '../contract/environments.ts';

/**
 * One place that decides how an environment looks: its label, short code, colour tone and
 * whether it is production. Every badge, filter option and chart uses this, so a colour means
 * the same environment everywhere.
 */

export type EnvironmentTone = EnvironmentKind | 'other';

export interface EnvironmentInfo {
  /** The name exactly as the API sends it (used in URLs and requests). */
  name: string;
  /** Human label: "Production", or the name as written for environments we do not know. */
  label: string;
  /** Short code for tight spaces: prd, stg, dev, snd, or the name as written. */
  short: string;
  tone: EnvironmentTone;
  isProduction: boolean;
}

const KNOWN: Record<EnvironmentKind, { label: string; short: string }> = {
  production: { label: 'Production', short: 'prd' },
  staging: { label: 'Staging', short: 'stg' },
  development: { label: 'Development', short: 'dev' },
  sandbox: { label: 'Sandbox', short: 'snd' },
};

/** Which names are which kind (with their aliases) is the contract's rule, shared with the server. */
/** A session has a handful of environments; every badge of a page asks about the same few names. */
const described = new Map<string, EnvironmentInfo>();
const DESCRIBED_MAX = 64;

export function describeEnvironment(name: string): EnvironmentInfo {
  let info = described.get(name);
  if (info === undefined) {
    info = describeAfresh(name);
    if (described.size >= DESCRIBED_MAX) described.clear();
    described.set(name, info);
  }
  return info;
}

function describeAfresh(name: string): EnvironmentInfo {
  const tone = environmentKind(name);
  if (!tone) return { name, label: name, short: name, tone: 'other', isProduction: false };
  const known = KNOWN[tone];
  return { name, label: known.label, short: known.short, tone, isProduction: tone === 'production' };
}

/**
 * Badge colours per tone. Production is solid; every non-production tone is drawn with a dashed
 * border so "not production" reads at a glance even without colour. Unknown environments get a
 * colour from a small palette picked by a stable hash of the name, so the same name always
 * gets the same colour.
 */
const TONE_CLASSES: Record<EnvironmentKind, string> = {
  production:
    'border-solid border-emerald-700 bg-emerald-700 text-white dark:border-emerald-400 dark:bg-emerald-400 dark:text-emerald-950',
  staging:
    'border-dashed border-amber-500 bg-amber-50 text-amber-900 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-200',
  development:
    'border-dashed border-sky-500 bg-sky-50 text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-200',
  sandbox:
    'border-dashed border-violet-500 bg-violet-50 text-violet-900 dark:border-violet-400 dark:bg-violet-950 dark:text-violet-200',
};

const OTHER_CLASSES = [
  'border-dashed border-pink-500 bg-pink-50 text-pink-900 dark:border-pink-400 dark:bg-pink-950 dark:text-pink-200',
  'border-dashed border-teal-500 bg-teal-50 text-teal-900 dark:border-teal-400 dark:bg-teal-950 dark:text-teal-200',
  'border-dashed border-orange-500 bg-orange-50 text-orange-900 dark:border-orange-400 dark:bg-orange-950 dark:text-orange-200',
  'border-dashed border-slate-500 bg-slate-50 text-slate-800 dark:border-slate-400 dark:bg-slate-900 dark:text-slate-200',
] as const;

/** Dot colours for charts and legends, matching the badge of the same tone. */
const TONE_DOTS: Record<EnvironmentKind, string> = {
  production: 'bg-emerald-600 dark:bg-emerald-400',
  staging: 'bg-amber-500 dark:bg-amber-400',
  development: 'bg-sky-500 dark:bg-sky-400',
  sandbox: 'bg-violet-500 dark:bg-violet-400',
};
const OTHER_DOTS = [
  'bg-pink-500 dark:bg-pink-400',
  'bg-teal-500 dark:bg-teal-400',
  'bg-orange-500 dark:bg-orange-400',
  'bg-slate-500 dark:bg-slate-400',
] as const;

function stableIndex(name: string, size: number): number {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return hash % size;
}

export function environmentBadgeClasses(name: string): string {
  const { tone } = describeEnvironment(name);
  if (tone !== 'other') return TONE_CLASSES[tone];
  return OTHER_CLASSES[stableIndex(name, OTHER_CLASSES.length)] ?? OTHER_CLASSES[0];
}

export function environmentDotClasses(name: string): string {
  const { tone } = describeEnvironment(name);
  if (tone !== 'other') return TONE_DOTS[tone];
  return OTHER_DOTS[stableIndex(name, OTHER_DOTS.length)] ?? OTHER_DOTS[0];
}

/** Fill colours (SVG charts), matching the dots and badges of the same tone. */
const TONE_FILLS: Record<EnvironmentKind, string> = {
  production: 'fill-emerald-600 dark:fill-emerald-400',
  staging: 'fill-amber-500 dark:fill-amber-400',
  development: 'fill-sky-500 dark:fill-sky-400',
  sandbox: 'fill-violet-500 dark:fill-violet-400',
};
const OTHER_FILLS = [
  'fill-pink-500 dark:fill-pink-400',
  'fill-teal-500 dark:fill-teal-400',
  'fill-orange-500 dark:fill-orange-400',
  'fill-slate-500 dark:fill-slate-400',
] as const;

export function environmentFillClasses(name: string): string {
  const tone = environmentKind(name);
  return tone ? TONE_FILLS[tone] : (OTHER_FILLS[stableIndex(name, OTHER_FILLS.length)] ?? OTHER_FILLS[0]);
}
