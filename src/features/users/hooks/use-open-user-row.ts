import type { MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { routes } from '../../../lib/routes.ts';

const INTERACTIVE = 'a, button, input, select, textarea, time, [role="button"]';
const USER_LINK = 'a[data-user-link]';

/**
 * A click anywhere on a row opens that user's page, remembering this list page for "Back to
 * users"; so does a plain click on the row's identifier link (a modified or middle click is the
 * browser's: a new tab or window). A click on another control inside the row, or one that ends a
 * text selection, does not.
 */
export function useOpenUserRow() {
  const navigate = useNavigate();
  const location = useLocation();
  return (event: MouseEvent<HTMLElement>, user: ISessionUser) => {
    const target = event.target as Element;
    if (target.closest(USER_LINK)) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey) return;
      if (event.shiftKey) return;
      event.preventDefault();
    } else {
      if (target.closest(INTERACTIVE)) return;
      if (window.getSelection()?.toString()) return;
    }
    navigate(routes.userDetails.hrefOf(user), { state: { from: `${location.pathname}${location.search}` } });
  };
}
