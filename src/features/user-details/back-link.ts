import { queryString, routes } from '../../lib/routes.ts';
import { safeLocalPath } from '../../lib/safe-path.ts';

/**
 * Where "Back to users" goes: the list address the person came from (router state `from`, set
 * by the users table), else the session's list filtered to the user's environment. Only a path
 * inside this app is trusted, so state can never send anyone to another site.
 */
export function backToListHref(state: unknown, product: string, session: string, env?: string): string {
  const from = typeof state === 'object' && state !== null ? (state as { from?: unknown }).from : undefined;
  return safeLocalPath(from) ?? routes.users.href({ product, session }, queryString({ env }));
}
