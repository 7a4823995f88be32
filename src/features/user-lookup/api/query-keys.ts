import type { IdentifierLookup } from './fetch-user-by-identifier.ts';

export const userLookupKeys = {
  all: ['user-lookup'] as const,
  byId: (ductapeUserId: string) => [...userLookupKeys.all, 'by-id', ductapeUserId] as const,
  byIdentifier: ({ product, session, identifier }: IdentifierLookup) =>
    [...userLookupKeys.all, 'by-identifier', product, session, identifier] as const,
};
