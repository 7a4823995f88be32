import type { UserDetailsParams } from '../api/fetch-user-details.ts';
import { BackToListLink } from './back-to-list-link.tsx';

export interface UserNotFoundProps {
  params: UserDetailsParams;
  code: string;
}

const quoted = (text: string) => `“${text}”`;

function message({ product, session, identifier, env }: UserDetailsParams, code: string): string {
  switch (code) {
    case 'PRODUCT_NOT_FOUND':
      return `No product ${quoted(product)}`;
    case 'SESSION_NOT_FOUND':
      return `No session ${quoted(session)} in ${product}`;
    case 'ENV_NOT_FOUND':
      return `No environment ${quoted(env ?? '')} in ${product}`;
    case 'USER_NOT_FOUND':
      return `No user ${quoted(identifier)} in ${product} / ${session}${env ? ` (${env})` : ''}`;
    default:
      return 'There is no user at this address';
  }
}

export function UserNotFound({ params, code }: UserNotFoundProps) {
  return (
    <div className="mx-auto max-w-2xl space-y-4 py-10 text-center">
      <h1 dir="auto" className="text-2xl font-semibold break-words">
        {message(params, code)}
      </h1>
      <p className="text-slate-600 dark:text-slate-300">
        Check the identifier and environment, or find the user in the list.
      </p>
      {params.product && params.session && (
        <BackToListLink product={params.product} session={params.session} env={params.env} />
      )}
    </div>
  );
}
