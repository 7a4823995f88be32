/**
 * The platform's environments: which names mean production, staging, development or sandbox
 * (with the aliases the platform uses, such as `prod`, `prd`, `stg`, `dev`), and the one order
 * they are listed in. The server sorts the catalog with it; the web app labels, colours and
 * sorts with it, so both always agree.
 */

export const ENVIRONMENT_KINDS = ['production', 'staging', 'development', 'sandbox'] as const;
export type EnvironmentKind = (typeof ENVIRONMENT_KINDS)[number];

const ALIASES: Record<EnvironmentKind, readonly string[]> = {
  production: ['production', 'prod', 'prd', 'live'],
  staging: ['staging', 'stage', 'stg'],
  development: ['development', 'develop', 'dev'],
  sandbox: ['sandbox', 'snd', 'sbx'],
};

const KIND_BY_ALIAS = new Map<string, EnvironmentKind>(
  ENVIRONMENT_KINDS.flatMap((kind) => ALIASES[kind].map((alias) => [alias, kind] as const)),
);

/** The kind an environment name stands for, ignoring case and surrounding spaces; undefined for any other name. */
export function environmentKind(name: string): EnvironmentKind | undefined {
  return KIND_BY_ALIAS.get(name.trim().toLowerCase());
}

function rank(name: string): number {
  const kind = environmentKind(name);
  return kind === undefined ? ENVIRONMENT_KINDS.length : ENVIRONMENT_KINDS.indexOf(kind);
}

/**
 * Production first, then staging, development, sandbox (under any alias), then every other
 * name. Ties go by code point order, which is the same in every locale, on the server and in
 * the browser.
 */
export function compareEnvironments(a: string, b: string): number {
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
