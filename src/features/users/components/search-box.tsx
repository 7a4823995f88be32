import { useEffect, useId, useState } from 'react';
import { SEARCH_MAX } from '../../../contract/view-params.ts';

/** Typing pauses this long before the address (and so the request) follows. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface SearchBoxProps {
  /** The search in the address; undefined when there is none. */
  value: string | undefined;
  /** Moves the address to `q`; `replace` while refining a search already in the address (one Back step per search). */
  onSearch: (q: string | undefined, options: { replace: boolean }) => void;
}

/**
 * The "Search users" box. What is typed stays exactly as typed: the address follows after a
 * pause (or at once on Enter), and only a change of the address from elsewhere (Back, a link)
 * replaces the text, never the echo of what this box sent while the person keeps typing.
 */
export function SearchBox({ value, onSearch }: SearchBoxProps) {
  const id = useId();
  const current = value ?? '';
  const [text, setText] = useState(current);
  const [sent, setSent] = useState(current);
  const [seen, setSeen] = useState(current);
  if (current !== seen) {
    setSeen(current);
    if (current !== sent) {
      setSent(current);
      setText(current);
    }
  }

  const wanted = text.trim();
  const send = (q: string) => {
    setSent(q);
    onSearch(q === '' ? undefined : q, { replace: current !== '' && q !== '' });
  };

  useEffect(() => {
    if (wanted === current) return;
    const timer = setTimeout(() => {
      setSent(wanted);
      onSearch(wanted === '' ? undefined : wanted, { replace: current !== '' && wanted !== '' });
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [wanted, current, onSearch]);

  return (
    <form
      role="search"
      className="relative flex w-full max-w-sm items-center"
      onSubmit={(event) => {
        event.preventDefault();
        if (wanted !== current) send(wanted);
      }}
    >
      <label htmlFor={id} className="sr-only">
        Search users
      </label>
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        className="pointer-events-none absolute left-2.5 h-4 w-4 text-slate-500 dark:text-slate-400"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
      >
        <circle cx="8.5" cy="8.5" r="5.5" />
        <path strokeLinecap="round" d="m13 13 4 4" />
      </svg>
      <input
        id={id}
        type="search"
        value={text}
        maxLength={SEARCH_MAX}
        autoComplete="off"
        spellCheck={false}
        placeholder="Search by identifier"
        onChange={(event) => setText(event.target.value)}
        className="h-9 w-full rounded-md border border-slate-300 bg-white pr-8 pl-8 text-sm placeholder:text-slate-500 dark:border-slate-700 dark:bg-slate-900 dark:placeholder:text-slate-400 [&::-webkit-search-cancel-button]:hidden"
      />
      {text !== '' && (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => {
            setText('');
            send('');
          }}
          className="absolute right-1 flex h-7 w-7 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
        >
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className="h-4 w-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
          >
            <path strokeLinecap="round" d="m5 5 10 10M15 5 5 15" />
          </svg>
        </button>
      )}
    </form>
  );
}
