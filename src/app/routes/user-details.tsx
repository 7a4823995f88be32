import type { QueryClient } from '@tanstack/react-query';
import type { LoaderFunction } from 'react-router-dom';

export function Component() {
  return <p>Coming soon.</p>;
}

export function createLoader(_queryClient: QueryClient): LoaderFunction | undefined {
  return undefined;
}
