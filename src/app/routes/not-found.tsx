import { AppLink } from '../../components/ui/app-link.tsx';
import { routes } from '../../lib/routes.ts';

export function Component() {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-300">There is nothing at this address.</p>
      <AppLink
        className="mt-6 inline-block font-medium text-indigo-700 underline dark:text-indigo-300"
        to={routes.home.href()}
      >
        Go to the dashboard
      </AppLink>
    </div>
  );
}
