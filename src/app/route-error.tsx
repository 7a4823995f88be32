import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { routes } from '../lib/routes.ts';

interface RouteErrorBoundaryProps {
  children: ReactNode;
  /** Changes on every navigation: showing the error stops when the person goes elsewhere. */
  resetKey: string;
}

interface RouteErrorBoundaryState {
  error: unknown;
  resetKey: string;
}

/** Last line of defence: a render error (or a page's code failing to download) never leaves a blank page. */
export class RouteErrorBoundary extends Component<RouteErrorBoundaryProps, RouteErrorBoundaryState> {
  state: RouteErrorBoundaryState = { error: undefined, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<RouteErrorBoundaryState> {
    return { error: error ?? new Error('Something went wrong.') };
  }

  static getDerivedStateFromProps(
    props: RouteErrorBoundaryProps,
    state: RouteErrorBoundaryState,
  ): Partial<RouteErrorBoundaryState> | null {
    return props.resetKey === state.resetKey ? null : { error: undefined, resetKey: props.resetKey };
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('The page could not be shown:', error, info.componentStack);
  }

  render() {
    return this.state.error === undefined ? this.props.children : <RouteError error={this.state.error} />;
  }
}

export function RouteError({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
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
          href={routes.home.href()}
        >
          Go to the dashboard
        </a>
      </p>
    </main>
  );
}
