import { useCallback } from 'react';
import type { MouseEvent } from 'react';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { routes } from '../../../lib/routes.ts';
import { useNavigateTo } from '../../../lib/use-navigate-to.ts';

const INTERACTIVE = 'a, button, input, select, textarea, time, [role="button"]';
const USER_LINK = 'a[data-user-link]';

/**
 * A click anywhere on a row opens that user's page, remembering this list page for "Back to
 * users"; so does a plain click on the row's identifier link (a modified or middle click is the
 * browser's: a new tab or window). A click on another control inside the row, or one that ends a
 * text selection, does not. The same handler for every page of rows (the list page is read at the
 * click), so another page leaves the rows' handlers as they are.
 */
export function useOpenUserRow() {
  const navigateTo = useNavigateTo();
  return useCallback(
    (event: MouseEvent<HTMLElement>, user: ISessionUser) => {
      const target = event.target as Element;
      if (target.closest(USER_LINK)) {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey) return;
        if (event.shiftKey) return;
        event.preventDefault();
      } else {
        if (target.closest(INTERACTIVE)) return;
        if (window.getSelection()?.toString()) return;
      }
      const { pathname, search } = window.location;
      navigateTo(routes.userDetails.hrefOf(user), { state: { from: `${pathname}${search}` } });
    },
    [navigateTo],
  );
}
