import { useState } from 'react';

type Theme = 'light' | 'dark';

function currentTheme(): Theme {
  return document.documentElement.classList.contains('dark') ? 'dark' : 'light';
}

/** Light/dark switch; the first visit follows the system (see public/theme-init.js). */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  return (
    <button
      type="button"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      className="rounded-md p-2 text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      onClick={() => {
        document.documentElement.classList.toggle('dark', next === 'dark');
        try {
          localStorage.setItem('theme', next);
        } catch {
          /* private mode: the choice lasts for this page only */
        }
        setTheme(next);
      }}
    >
      {theme === 'dark' ? (
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M10 3a1 1 0 0 1 1 1v1a1 1 0 1 1-2 0V4a1 1 0 0 1 1-1Zm0 10a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm6-4a1 1 0 1 1 0 2h-1a1 1 0 1 1 0-2h1ZM5 10a1 1 0 0 1-1 1H3a1 1 0 1 1 0-2h1a1 1 0 0 1 1 1Zm5 5a1 1 0 0 1 1 1v1a1 1 0 1 1-2 0v-1a1 1 0 0 1 1-1Zm4.95-9.536a1 1 0 0 1 0 1.415l-.707.707a1 1 0 1 1-1.415-1.415l.708-.707a1 1 0 0 1 1.414 0ZM7.172 12.828a1 1 0 0 1 0 1.415l-.707.707a1 1 0 1 1-1.415-1.414l.707-.708a1 1 0 0 1 1.415 0Zm7.778 2.122a1 1 0 0 1-1.414 0l-.708-.707a1 1 0 0 1 1.415-1.415l.707.708a1 1 0 0 1 0 1.414ZM7.172 7.172a1 1 0 0 1-1.415 0l-.707-.708a1 1 0 0 1 1.414-1.414l.708.707a1 1 0 0 1 0 1.415Z" />
        </svg>
      ) : (
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="currentColor">
          <path d="M17.293 13.293A8 8 0 0 1 6.707 2.707a8.001 8.001 0 1 0 10.586 10.586Z" />
        </svg>
      )}
    </button>
  );
}
