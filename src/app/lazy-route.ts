import { createElement, use, useSyncExternalStore } from 'react';
import type { ComponentType } from 'react';

/** A route module: what `import('./routes/…')` gives. */
interface RouteModule {
  Component: ComponentType;
}

/** A promise that says whether it has settled, which React's `use` reads to avoid suspending. */
type TrackedPromise<T> = Promise<T> & { status?: 'pending' | 'fulfilled' | 'rejected'; value?: T; reason?: unknown };

let pending = 0;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

export interface LazyRoute<Module extends RouteModule = RouteModule> {
  /** Renders the page; suspends (inside a navigation: the previous page stays) until its code is here. */
  Component: ComponentType;
  /** Starts downloading the page's code, e.g. on hover, or before the first render. */
  preload: () => Promise<Module>;
  /** The page's code is here: rendering it will not suspend. */
  loaded: () => boolean;
}

/**
 * A page's code in its own chunk. Unlike `React.lazy`, a page whose code is already here renders
 * without suspending, even the first time: main.tsx loads the first page's code before the first
 * render, so React never shows (and then holds for its 300 ms throttle) an empty fallback.
 * Downloads in flight show in the loading bar.
 */
export function lazyRoute<Module extends RouteModule>(load: () => Promise<Module>): LazyRoute<Module> {
  let module: TrackedPromise<Module> | undefined;
  const download = (): Promise<Module> => {
    pending += 1;
    // Possibly called while rendering a page: tell the loading bar afterwards, not during.
    queueMicrotask(notify);
    const promise: TrackedPromise<Module> = load();
    promise.status = 'pending';
    promise.then(
      (value) => {
        promise.status = 'fulfilled';
        promise.value = value;
      },
      (reason: unknown) => {
        promise.status = 'rejected';
        promise.reason = reason;
      },
    );
    promise
      .finally(() => {
        pending -= 1;
        notify();
      })
      .catch(() => {});
    module = promise;
    return promise;
  };
  // Rendering reuses a failed download, so its error reaches the error view (which offers a
  // reload); preloading (hover, the next first render) tries a failed one again.
  const preload = () => (module === undefined || module.status === 'rejected' ? download() : module);
  const Component = () => createElement(use(module ?? download()).Component);
  const loaded = () => module?.status === 'fulfilled';
  return { Component, preload, loaded };
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True while a page's code is downloading (the router keeps the previous page on screen meanwhile). */
export function useRouteLoading(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => pending > 0,
    () => false,
  );
}
