import { createContext } from 'react';

/** The users table's search text, for the rows to mark what matched. */
export const SearchTermContext = createContext<string | undefined>(undefined);
