import { useQueryClient } from '@tanstack/react-query';
import { routes } from '../../../lib/routes.ts';
import { useNavigateTo } from '../../../lib/use-navigate-to.ts';
import { logOut } from '../api/login.ts';

export function SignOutButton() {
  const navigate = useNavigateTo();
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      onClick={async () => {
        await logOut();
        queryClient.clear();
        navigate(routes.login.href(), { replace: true });
      }}
    >
      Sign out
    </button>
  );
}
