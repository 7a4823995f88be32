import { isRouteErrorResponse, useRouteError } from 'react-router-dom';

/** Last line of defence: a render error shows a message and a way out, never a blank page. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : 'Something went wrong.';
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="text-xl font-semibold">This page could not be shown</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">{message}</p>
      <p className="mt-4 flex gap-4">
        <button
          type="button"
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
        <a
          className="rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 underline dark:text-indigo-300"
          href="/"
        >
          Go to the dashboard
        </a>
      </p>
    </main>
  );
}
