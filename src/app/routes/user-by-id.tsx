import { UserByIdRedirect } from '../../features/user-lookup/components/user-by-id-redirect.tsx';
import { routes } from '../../lib/routes.ts';
import { useRouteParams } from '../use-route-params.ts';

export function Component() {
  const { ductapeUserId = '' } = useRouteParams(routes.userById.pattern) ?? {};
  return <UserByIdRedirect key={ductapeUserId} ductapeUserId={ductapeUserId} />;
}
