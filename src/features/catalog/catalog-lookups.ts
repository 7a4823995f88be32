import type { Catalog } from '../../contract/session-users.ts';
import { compareEnvironments } from '../../contract/environments.ts';

type Product = Catalog['products'][number];

export interface EnvironmentCount {
  name: string;
  count: number;
}

export function findProduct(catalog: Catalog, product: string | undefined): Product | undefined {
  return product === undefined ? undefined : catalog.products.find((candidate) => candidate.tag === product);
}

/** The first product's first session: where "/" leads. */
export function firstSession(catalog: Catalog): { product: string; session: string } | undefined {
  for (const product of catalog.products) {
    const session = product.sessions[0];
    if (session) return { product: product.tag, session: session.tag };
  }
  return undefined;
}

/**
 * Every environment of the product (production first), with this session's user count in each;
 * an environment with no users in this session counts 0.
 */
export function sessionEnvironments(
  catalog: Catalog,
  product: string,
  session: string,
): EnvironmentCount[] | undefined {
  const found = findProduct(catalog, product);
  const counts = found?.sessions.find((candidate) => candidate.tag === session)?.users;
  if (!found || !counts) return undefined;
  const names = new Set([...found.envs, ...Object.keys(counts)]);
  return [...names].sort(compareEnvironments).map((name) => ({ name, count: counts[name] ?? 0 }));
}
