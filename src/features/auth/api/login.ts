import { postJson } from '../../../lib/api-client.ts';
import { apiPaths } from '../../../lib/routes.ts';

/**
 * Exchanges the admin token for the login cookie (HttpOnly). Rejects with an ApiError: a wrong
 * token is 401 UNAUTHORIZED with the server's message, an unreachable server NETWORK_ERROR.
 */
export function logIn(token: string): Promise<void> {
  return postJson(apiPaths.login(), { token });
}

/** Ends the login cookie; the person is sent to the login page whatever the server answers. */
export async function logOut(): Promise<void> {
  await postJson(apiPaths.logout(), {}).catch(() => undefined);
}
