import { queryString, segment } from './api-client.ts';

/** Web app addresses (CONTRACT.md "Routes"); every path segment is percent-encoded. */

export function usersPath(product: string, session: string, search = ''): string {
  return `/products/${segment(product)}/sessions/${segment(session)}/users${search}`;
}

export interface UserPathParams {
  product: string;
  session: string;
  identifier: string;
  env?: string;
}

export function userPath({ product, session, identifier, env }: UserPathParams): string {
  return `${usersPath(product, session)}/${segment(identifier)}${queryString({ env })}`;
}
