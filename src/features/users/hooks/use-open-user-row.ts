import type { MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { routes } from '../../../lib/routes.ts';

const INTERACTIVE = 'a, button, input, select, textarea, time, [role="button"]';

/**
 * A click anywhere on a row opens that user's page, remembering this list page for "Back to
 * users" (as the identifier link does); a click on a control inside the row, or one that ends
 * a text selection, does not.
 */
export function useOpenUserRow() {
  const navigate = useNavigate();
  const location = useLocation();
  return (event: MouseEvent<HTMLElement>, user: ISessionUser) => {
    if ((event.target as Element).closest(INTERACTIVE)) return;
    if (window.getSelection()?.toString()) return;
    navigate(routes.userDetails.hrefOf(user), { state: { from: `${location.pathname}${location.search}` } });
  };
}
