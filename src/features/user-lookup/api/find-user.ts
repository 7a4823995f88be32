import type { QueryClient } from '@tanstack/react-query';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { ApiError } from '../../../lib/api-client.ts';
import { userByIdentifierQueryOptions } from './fetch-user-by-identifier.ts';
import { userByIdQueryOptions } from './fetch-user-by-id.ts';

export interface LookupContext {
  product?: string;
  session?: string;
}

const isNotFound = (error: unknown) =>
  error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 401;

/**
 * Finds a user by exact identifier (in the current product and session) or by Ductape user ID,
 * asking both at once. Resolves undefined when neither exists; rejects on any other failure.
 */
export async function findUser(
  queryClient: QueryClient,
  text: string,
  context: LookupContext,
): Promise<ISessionUser | undefined> {
  const value = text.trim();
  if (!value) return undefined;
  const attempts: Promise<ISessionUser>[] = [];
  if (context.product && context.session) {
    attempts.push(
      queryClient.query(
        userByIdentifierQueryOptions({ product: context.product, session: context.session, identifier: value }),
      ),
    );
  }
  attempts.push(queryClient.query(userByIdQueryOptions(value)));
  const results = await Promise.allSettled(attempts);
  for (const result of results) if (result.status === 'fulfilled') return result.value;
  const failure = results.find((result) => result.status === 'rejected' && !isNotFound(result.reason));
  if (failure?.status === 'rejected') throw failure.reason;
  return undefined;
}
