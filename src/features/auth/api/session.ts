import { postJson } from '../../../lib/api-client.ts';

export type LoginOutcome = { ok: true } | { ok: false; message: string };

/** Exchanges the admin token for an HttpOnly session cookie. */
export async function logIn(token: string): Promise<LoginOutcome> {
  let response: Response;
  try {
    response = await postJson('/api/login', { token });
  } catch {
    return { ok: false, message: 'Could not reach the server. Check your connection and try again.' };
  }
  if (response.ok) return { ok: true };
  const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
  return { ok: false, message: body?.error?.message ?? `The server answered ${response.status}.` };
}

export async function logOut(): Promise<void> {
  await postJson('/api/logout', {}).catch(() => undefined);
}
