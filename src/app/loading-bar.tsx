import { useIsFetching } from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import { useRouteLoading } from './lazy-route.ts';

/** Data someone waits for: a query with nothing to show yet (not a page checking it is current). */
const awaited = (query: Query) => query.state.data === undefined;

/** A thin bar at the top of the window while awaited data or a page's code is in flight. */
export function LoadingBar() {
  const fetching = useIsFetching({ predicate: awaited });
  const navigating = useRouteLoading();
  const busy = fetching > 0 || navigating;
  return (
    <div
      aria-hidden="true"
      data-testid="loading-bar"
      data-busy={busy}
      className={`pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5 overflow-hidden transition-opacity duration-300 ${busy ? 'opacity-100' : 'opacity-0'}`}
    >
      <div className="h-full w-1/3 animate-[loading-bar_1.1s_ease-in-out_infinite] bg-indigo-500" />
    </div>
  );
}
