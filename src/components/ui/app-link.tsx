import type { AnchorHTMLAttributes, Ref } from 'react';
import { useHref, useLinkClickHandler } from 'react-router-dom';
import type { To } from 'react-router-dom';

export interface AppLinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: To;
  replace?: boolean;
  /** History state for the next page (read with useLocation().state). */
  state?: unknown;
  ref?: Ref<HTMLAnchorElement>;
}

/**
 * The app's link to its own pages: a real `<a href>` (open in a new tab, copy the address) that
 * navigates in place on a plain click. Built from React Router's own hooks for custom links
 * rather than its `<Link>`, whose framework-mode prefetching and data-router code this app never
 * uses but would ship in the first-load JS (about 2 kB gzipped).
 */
export function AppLink({ to, replace, state, onClick, target, ...rest }: AppLinkProps) {
  const href = useHref(to);
  const navigate = useLinkClickHandler<HTMLAnchorElement>(to, { replace, state, target });
  return (
    <a
      {...rest}
      href={href}
      target={target}
      onClick={(event) => {
        onClick?.(event);
        if (!event.defaultPrevented) navigate(event);
      }}
    />
  );
}
