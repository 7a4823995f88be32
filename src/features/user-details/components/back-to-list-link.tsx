import { AppLink } from '../../../components/ui/app-link.tsx';
import { useLocation } from 'react-router-dom';
import { backToListHref } from '../back-link.ts';

export interface BackToListLinkProps {
  product: string;
  session: string;
  env?: string;
}

/** Back to the users list, on the very page and filter the person came from. */
export function BackToListLink({ product, session, env }: BackToListLinkProps) {
  const location = useLocation();
  return (
    <AppLink
      to={backToListHref(location.state, product, session, env)}
      className="inline-flex items-center gap-1 rounded text-sm font-medium text-indigo-700 hover:underline dark:text-indigo-300"
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
        <path d="M12.7 4.3a1 1 0 0 1 0 1.4L8.42 10l4.3 4.3a1 1 0 0 1-1.42 1.4l-5-5a1 1 0 0 1 0-1.4l5-5a1 1 0 0 1 1.4 0Z" />
      </svg>
      Back to users
    </AppLink>
  );
}
