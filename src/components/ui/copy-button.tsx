import { useEffect, useRef, useState } from 'react';

export interface CopyButtonProps {
  /** The text put on the clipboard. */
  value: string;
  /** What is copied, for the accessible name "Copy <what>", e.g. "Ductape user ID". */
  what: string;
  className?: string;
}

type Status = 'idle' | 'copied' | 'failed';

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older or insecure contexts: the selection-based fallback still works there.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy failed');
}

/**
 * An icon button that copies `value`; the result is shown and announced politely. The result
 * belongs to the value copied: a button that is handed another value (a table row showing the next
 * page's user) shows nothing copied, without being built again.
 */
export function CopyButton({ value, what, className = '' }: CopyButtonProps) {
  const [result, setResult] = useState<{ value: string; status: Status }>();
  const status = result?.value === value ? result.status : 'idle';
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const copy = async () => {
    clearTimeout(timer.current);
    try {
      await writeClipboard(value);
      setResult({ value, status: 'copied' });
    } catch {
      setResult({ value, status: 'failed' });
    }
    timer.current = setTimeout(() => setResult(undefined), 2000);
  };

  return (
    <>
      <button
        type="button"
        aria-label={`Copy ${what}`}
        title={`Copy ${what}`}
        onClick={copy}
        className={`inline-flex h-7 w-7 shrink-0 items-center justify-center rounded text-slate-500 hover:bg-slate-100 hover:text-slate-800 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100 ${className}`}
      >
        {status === 'copied' ? (
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className="h-4 w-4 text-emerald-600 dark:text-emerald-400"
            fill="currentColor"
          >
            <path d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.58l7.3-7.3a1 1 0 0 1 1.4 0Z" />
          </svg>
        ) : (
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className="h-4 w-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.5"
          >
            <rect x="7" y="7" width="10" height="10" rx="1.5" />
            <path d="M13 7V4.5A1.5 1.5 0 0 0 11.5 3h-7A1.5 1.5 0 0 0 3 4.5v7A1.5 1.5 0 0 0 4.5 13H7" />
          </svg>
        )}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {status === 'copied' ? `${what} copied` : status === 'failed' ? `Could not copy ${what}` : ''}
      </span>
    </>
  );
}
