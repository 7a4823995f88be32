import { useParams } from 'react-router-dom';
import { UserByIdRedirect } from '../../features/user-lookup/components/user-by-id-redirect.tsx';

export function Component() {
  const { ductapeUserId = '' } = useParams();
  return <UserByIdRedirect key={ductapeUserId} ductapeUserId={ductapeUserId} />;
}
