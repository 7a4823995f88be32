import { useId, useState, type FormEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '../../../components/ui/button.tsx';
import { logIn } from '../api/login.ts';
import { routes } from '../../../lib/routes.ts';
import { safeLocalPath } from '../../../lib/safe-path.ts';

const notices: Record<string, string> = {
  invalid_token: 'That token is not valid. Check it and try again.',
  expired: 'Your session has ended. Enter the admin token to continue.',
};

export function LoginPage() {
  // Not useSearchParams: the page only reads the address, and React Router keeps the code of every
  // hook any page uses in the first-load chunk (about 0.3 kB gzipped for that one).
  const params = new URLSearchParams(useLocation().search);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [token, setToken] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(notices[params.get('error') ?? ''] ?? null);
  const notice = notices[params.get('reason') ?? ''];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!token.trim()) {
      setError('Enter the admin token.');
      return;
    }
    setPending(true);
    try {
      await logIn(token.trim());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not sign in. Try again.');
      return;
    } finally {
      setPending(false);
    }
    await queryClient.invalidateQueries();
    navigate(safeLocalPath(params.get('next')) ?? routes.home.href(), { replace: true });
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4 dark:bg-slate-950">
      <form
        onSubmit={submit}
        noValidate
        className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="flex items-center gap-2">
          <img src="/favicon.svg" alt="" className="h-7 w-7" />
          <h1 className="text-lg font-semibold">Session users</h1>
        </div>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          {notice ?? 'Sign in with the admin token printed by the server at start.'}
        </p>
        <label htmlFor={inputId} className="mt-5 block text-sm font-medium">
          Admin token
        </label>
        <input
          id={inputId}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
        />
        {error && (
          <p id={`${inputId}-error`} role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" className="mt-5 w-full" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </main>
  );
}
