/**
 * Timing probes that run inside the page. Every time is `performance.now()` in the page (from
 * navigation start) at the first animation frame after the awaited DOM state appeared, i.e. the
 * frame that paints it; input times are the input event's own timestamp. No polling: conditions
 * are checked on every DOM mutation.
 */
export interface BenchProbes {
  /** Timestamp of the last click, change or input event (capture phase, so before the app sees it). */
  lastInput: number;
  /** Resolves at the frame after `condition` first holds. */
  when(condition: () => boolean): Promise<number>;
  /**
   * The rows on screen of the table named "Users" (the one shown: the next page is built ahead in a
   * hidden one), as a string of their user links; '' while loading or stale.
   */
  usersRows(): string;
  historyShown(): boolean;
  /** Armed by `arm`, awaited by `settle`. */
  pending?: Promise<number>;
  firstRows?: Promise<number>;
}

declare global {
  interface Window {
    __bench: BenchProbes;
  }
}

/** For `page.addInitScript`: must be self-contained (it is serialised into the page). */
export function installProbes(): void {
  /*
   * Not in a hidden part of the page: the app builds pages and rows ahead, hidden (React's
   * <Activity>, which sets `display: none` on the hidden page's elements; the users table's next
   * page is `aria-hidden` and invisible). Read from the DOM alone, so checking never makes the
   * browser compute styles or layout early.
   */
  const displayed = (element: Element) => {
    for (let node: Element | null = element; node; node = node.parentElement) {
      const { hidden, style } = node as HTMLElement;
      if (hidden || style?.display === 'none' || node.getAttribute('aria-hidden') === 'true') return false;
    }
    return true;
  };
  const probes: BenchProbes = {
    lastInput: 0,
    when(condition) {
      return new Promise((resolve) => {
        const check = () => {
          if (!condition()) return false;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now()));
          return true;
        };
        const observer = new MutationObserver(check);
        if (!check()) {
          observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        }
      });
    },
    usersRows() {
      const table = [...document.querySelectorAll('table')].find(
        (candidate) => candidate.querySelector('caption')?.textContent === 'Users' && displayed(candidate),
      );
      if (!table || table.getAttribute('aria-busy') !== 'false') return '';
      const links = table.querySelectorAll('tbody tr td:first-child a');
      return [...links].map((link) => link.getAttribute('href')).join('|');
    },
    historyShown() {
      const rows = document.querySelectorAll('[role="list"][aria-label="Session history"] [role="listitem"]');
      return [...rows].some(displayed);
    },
  };
  const remember = (event: Event) => (probes.lastInput = event.timeStamp);
  document.addEventListener('click', remember, true);
  document.addEventListener('change', remember, true);
  document.addEventListener('input', remember, true);
  // Armed from the very start of every page: when the users table first shows rows.
  probes.firstRows = probes.when(() => document.readyState !== 'loading' && probes.usersRows() !== '');
  window.__bench = probes;
}
