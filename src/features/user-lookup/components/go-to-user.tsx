import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { routes } from '../../../lib/routes.ts';
import { useNavigateTo } from '../../../lib/use-navigate-to.ts';
import { findUser } from '../api/find-user.ts';
import type { LookupContext } from '../api/find-user.ts';

export type GoToUserProps = LookupContext;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * "Go to user": an exact identifier (in the current session) or a Ductape user ID opens that
 * user's page. The / key focuses the box from anywhere.
 */
export function GoToUser({ product, session }: GoToUserProps) {
  const queryClient = useQueryClient();
  const navigate = useNavigateTo();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const messageId = useId();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState('');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const [pending, setPending] = useState(false);

  // A plain async call rather than useMutation: a lookup changes nothing, and useMutation's
  // observer is about 1 kB gzipped of first-load JS that nothing else needs.
  const lookUp = async (text: string) => {
    setPending(true);
    try {
      const user = await findUser(queryClient, text, { product, session });
      if (!user) {
        const where = product && session ? ` in ${product} / ${session}` : '';
        setMessage(`No user “${text.trim()}”${where}, and no user with that Ductape user ID.`);
        return;
      }
      setMessage('');
      setValue('');
      input.current?.blur();
      navigate(routes.userDetails.hrefOf(user));
    } catch (error) {
      setMessage(error instanceof Error ? error.message : 'The lookup failed. Try again.');
    } finally {
      setPending(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) {
      setMessage('Type an identifier (such as an email) or a Ductape user ID.');
      return;
    }
    setMessage('');
    void lookUp(value);
  };

  return (
    <form
      role="search"
      aria-label="Go to user"
      onSubmit={onSubmit}
      className="relative w-full min-w-0 sm:w-auto sm:max-w-xs sm:flex-1"
    >
      <label htmlFor={inputId} className="sr-only">
        Go to user (identifier or Ductape user ID)
      </label>
      <div className="flex items-center rounded-md border border-slate-300 bg-white focus-within:border-indigo-500 dark:border-slate-700 dark:bg-slate-900">
        <input
          ref={input}
          id={inputId}
          type="search"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            if (message) setMessage('');
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setMessage('');
              if (!value) input.current?.blur();
            }
          }}
          placeholder="Go to user…"
          autoComplete="off"
          spellCheck={false}
          aria-keyshortcuts="/"
          aria-invalid={message ? true : undefined}
          aria-describedby={message ? messageId : undefined}
          className="h-8 min-w-0 flex-1 rounded-md bg-transparent px-2 text-sm placeholder:text-slate-500 focus:outline-none dark:placeholder:text-slate-400"
        />
        {pending ? (
          <span className="px-2 text-xs text-slate-500 dark:text-slate-400">Looking…</span>
        ) : (
          <kbd
            aria-hidden="true"
            className="mr-1.5 hidden rounded border border-slate-300 px-1.5 font-mono text-xs text-slate-500 sm:inline dark:border-slate-600 dark:text-slate-400"
          >
            /
          </kbd>
        )}
        <button
          type="submit"
          disabled={pending}
          className="h-8 rounded-r-md border-l border-slate-300 px-2.5 text-sm font-medium text-slate-700 hover:bg-slate-50 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          Go
        </button>
      </div>
      <p
        id={messageId}
        role="status"
        className={
          message
            ? 'absolute top-full right-0 left-0 z-50 mt-1 rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-900 shadow-lg dark:border-red-800 dark:bg-red-950 dark:text-red-100'
            : 'sr-only'
        }
      >
        {message}
      </p>
    </form>
  );
}
