/** How often an open page asks whether its data changed. */
export const LIVE_INTERVAL_MS = 5_000;

/**
 * Query options for the data a page keeps current while it is open (the users table's first
 * page, a user's page). Each is asked again every 5 s with `If-None-Match` (lib/api-client.ts),
 * so an idle page costs one 304 of a few hundred bytes per 5 s and no render.
 *
 * - Only while the page is visible: React Query skips interval fetches while `document.hidden`,
 *   and catches up when the page is shown again (its focus manager listens to `visibilitychange`).
 * - Only once there is data: a page showing an error or still loading keeps its own retries.
 * - `structuralSharing: false`: the object a 304 gives back is then exactly the one the cache
 *   holds (React Query compares by reference and notifies nobody), and the api client's weak
 *   reference to it stays alive as long as the cache keeps it.
 * - Fresh for one interval, so a prefetched page (hover) is not asked again when it opens.
 */
export const liveQueryOptions = {
  staleTime: LIVE_INTERVAL_MS,
  refetchInterval: (query: { state: { data: unknown } }) => (query.state.data === undefined ? false : LIVE_INTERVAL_MS),
  refetchIntervalInBackground: false,
  refetchOnWindowFocus: true,
  structuralSharing: false,
  /** Read by the app's query client: a change here refreshes the catalog's counts. */
  meta: { live: true },
} as const;
