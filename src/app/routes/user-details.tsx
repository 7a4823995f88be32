import { UserDetailsPage } from '../../features/user-details/components/user-details-page.tsx';

export function Component() {
  return <UserDetailsPage />;
}
