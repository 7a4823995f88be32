import { useEffect, useState, useSyncExternalStore } from 'react';
import type { FocusEvent, KeyboardEvent, PointerEvent } from 'react';
import { formatLocal, formatRelative, formatShortLocal, formatUtc, parseTimestamp } from '../../lib/time.ts';

// One shared clock for every relative time on the page, ticking while any is mounted.
const TICK_MS = 30_000;
let clock = Date.now();
const listeners = new Set<() => void>();
let interval: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!interval) {
    clock = Date.now();
    interval = setInterval(() => {
      clock = Date.now();
      listeners.forEach((notify) => notify());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      clearInterval(interval);
      interval = undefined;
    }
  };
}

/** The current time, refreshed every 30 s, shared by every caller. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => clock,
    () => clock,
  );
}

export interface TimestampProps {
  /** ISO-8601 timestamp from the API. */
  value: string;
  /** "relative" (default): "5 minutes ago". "absolute": the local date and time. */
  display?: 'relative' | 'absolute';
  className?: string;
}

interface Anchor {
  top: number;
  left: number;
}

const TOOLTIP_WIDTH = 288;

/**
 * A time people can read at a glance, with the exact time in UTC and in their own zone on hover
 * and on keyboard focus (Escape hides it). Screen readers get the exact times in the text itself.
 */
export function Timestamp({ value, display = 'relative', className = '' }: TimestampProps) {
  const now = useNow();
  const [anchor, setAnchor] = useState<Anchor | null>(null);
  const valid = parseTimestamp(value) !== undefined;
  const utc = formatUtc(value);
  const local = formatLocal(value);
  const shown = display === 'relative' ? formatRelative(value, now) : formatShortLocal(value);

  useEffect(() => {
    if (!anchor) return;
    const hide = () => setAnchor(null);
    window.addEventListener('scroll', hide, { passive: true, capture: true });
    window.addEventListener('resize', hide);
    return () => {
      window.removeEventListener('scroll', hide, { capture: true });
      window.removeEventListener('resize', hide);
    };
  }, [anchor]);

  const show = (event: PointerEvent<HTMLElement> | FocusEvent<HTMLElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const maxLeft = Math.max(8, window.innerWidth - TOOLTIP_WIDTH - 8);
    setAnchor({ top: rect.bottom + 6, left: Math.min(Math.max(8, rect.left), maxLeft) });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'Escape' && anchor) {
      event.stopPropagation();
      setAnchor(null);
    }
  };

  if (!valid) return <span className={className}>{value || '—'}</span>;

  return (
    <>
      <time
        dateTime={value}
        tabIndex={0}
        onPointerEnter={show}
        onPointerLeave={() => setAnchor(null)}
        onFocus={show}
        onBlur={() => setAnchor(null)}
        onKeyDown={onKeyDown}
        className={`cursor-default rounded whitespace-nowrap underline decoration-slate-400 decoration-dotted underline-offset-4 dark:decoration-slate-500 ${className}`}
      >
        {shown}
        <span className="sr-only">
          {' '}
          ({utc}; local time {local})
        </span>
      </time>
      {anchor && (
        <span
          aria-hidden="true"
          style={{ top: anchor.top, left: anchor.left, maxWidth: TOOLTIP_WIDTH }}
          className="pointer-events-none fixed z-50 block rounded-md bg-slate-900 px-3 py-2 text-xs leading-relaxed text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
        >
          <span className="block">
            <span className="font-semibold">UTC</span> {utc.replace(/ UTC$/, '')}
          </span>
          <span className="block">
            <span className="font-semibold">Local</span> {local}
          </span>
        </span>
      )}
    </>
  );
}
