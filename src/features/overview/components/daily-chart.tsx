import { useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { useElementWidth } from '../../../lib/use-element-width.ts';
import type { OverviewDay } from '../../../contract/session-users.ts';
import { describeEnvironment, environmentDotClasses, environmentFillClasses } from '../../../lib/environments.ts';
import type { EnvDaily } from './daily-table.tsx';

/** Until the first measurement (and without layout, in tests): the width of a desktop page's chart. */
const FALLBACK_WIDTH = 720;
/** Room for one date label on the time axis (`MM-DD` at 11 px and a gap). */
const LABEL_ROOM = 64;
const LEFT = 48;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 24;
const number = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact' });

const heightFor = (width: number) => Math.round(Math.min(320, Math.max(200, width / 3)));

/** A round axis maximum at or above `value`: 1, 2 or 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 2, 5, 10].find((step) => step * power >= value) ?? 10) * power;
}

/**
 * Drawn in CSS pixels at the width it is given (measured), not scaled from a fixed picture: its
 * text stays 11 px on a phone as on a desktop, and its height follows the width between 200 and 320 px.
 *
 * Sessions started per day as bars, one colour per environment (stacked), with new users (solid
 * line) and users seen (dashed line) over them. Pointing at a day, or the arrow keys once the
 * chart has focus, shows that day's exact numbers; the table "Sessions per day" has them all.
 */
export function DailyChart({ daily, byEnv }: { daily: readonly OverviewDay[]; byEnv: readonly EnvDaily[] }) {
  const [active, setActive] = useState<number | undefined>(undefined);
  const boxRef = useRef<HTMLDivElement>(null);
  const measured = useElementWidth(boxRef);
  const width = measured > 0 ? measured : FALLBACK_WIDTH;
  const height = heightFor(width);
  const days = daily.length;
  const max = niceMax(
    Math.max(1, ...daily.map((day) => Math.max(day.sessions_started, day.users_seen, day.new_users))),
  );
  const plotWidth = width - LEFT - RIGHT;
  const plotHeight = height - TOP - BOTTOM;
  const slot = plotWidth / days;
  const x = (i: number) => LEFT + i * slot;
  const y = (value: number) => TOP + plotHeight - (value / max) * plotHeight;
  const line = (pick: (day: OverviewDay) => number) =>
    daily.map((day, i) => `${i === 0 ? 'M' : 'L'}${(x(i) + slot / 2).toFixed(1)},${y(pick(day)).toFixed(1)}`).join(' ');
  const ticks = [0, max / 2, max];
  const labelEvery = Math.ceil(days / Math.max(2, Math.min(6, Math.floor(plotWidth / LABEL_ROOM))));

  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = ((event.clientX - box.left) / box.width) * width;
    const index = Math.floor((at - LEFT) / slot);
    setActive(index >= 0 && index < days ? index : undefined);
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>) => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, Home: -days, End: days };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    setActive((current) => Math.min(days - 1, Math.max(0, (current ?? days - 1) + move)));
  };
  const shown = active === undefined ? undefined : daily[active];

  return (
    <figure className="space-y-2">
      <div ref={boxRef} className="relative">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          className="block max-w-full touch-none rounded-md focus-visible:outline-2 focus-visible:outline-indigo-500"
          role="img"
          aria-label={`Sessions started, new users and users seen per day over the last ${days} days; the table “Sessions per day” below lists every number. Arrow keys show one day at a time.`}
          tabIndex={0}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setActive(undefined)}
          onKeyDown={onKeyDown}
          onBlur={() => setActive(undefined)}
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={LEFT}
                x2={width - RIGHT}
                y1={y(tick)}
                y2={y(tick)}
                className="stroke-slate-200 dark:stroke-slate-800"
              />
              <text
                x={LEFT - 6}
                y={y(tick) + 4}
                textAnchor="end"
                className="fill-slate-600 text-[11px] dark:fill-slate-400"
              >
                {compact.format(tick)}
              </text>
            </g>
          ))}
          {daily.map((day, i) => {
            let base = 0;
            return (
              <g key={day.date}>
                {active === i && (
                  <rect
                    x={x(i)}
                    y={TOP}
                    width={slot}
                    height={plotHeight}
                    className="fill-slate-100 dark:fill-slate-800/70"
                  />
                )}
                {byEnv.map(({ env, daily: envDaily }) => {
                  const value = envDaily[i]?.sessions_started ?? 0;
                  const top = y(base + value);
                  const barHeight = y(base) - top;
                  base += value;
                  return value === 0 ? null : (
                    <rect
                      key={env}
                      x={x(i) + slot * 0.15}
                      y={top}
                      width={slot * 0.7}
                      height={Math.max(0.5, barHeight)}
                      className={environmentFillClasses(env)}
                    />
                  );
                })}
                {i % labelEvery === 0 && (
                  <text
                    x={x(i) + slot / 2}
                    y={height - 6}
                    textAnchor="middle"
                    className="fill-slate-600 text-[11px] dark:fill-slate-400"
                  >
                    {day.date.slice(5)}
                  </text>
                )}
              </g>
            );
          })}
          <path
            d={line((day) => day.users_seen)}
            fill="none"
            strokeWidth={2}
            strokeDasharray="5 3"
            className="stroke-slate-900 dark:stroke-slate-100"
          />
          <path
            d={line((day) => day.new_users)}
            fill="none"
            strokeWidth={2}
            className="stroke-rose-600 dark:stroke-rose-400"
          />
        </svg>
        {shown && active !== undefined && (
          <div
            role="status"
            className="pointer-events-none absolute top-2 rounded-md border border-slate-200 bg-white/95 px-3 py-2 text-xs shadow-md dark:border-slate-700 dark:bg-slate-900/95"
            style={
              active < days / 2
                ? { left: `${((x(active) + slot) / width) * 100}%` }
                : { right: `${((width - x(active)) / width) * 100}%` }
            }
          >
            <p className="font-semibold">{shown.date} (UTC)</p>
            <p>
              Sessions started: <span className="tabular-nums">{number.format(shown.sessions_started)}</span>
            </p>
            {byEnv.length > 1 &&
              byEnv.map(({ env, daily: envDaily }) => (
                <p key={env} className="pl-2 text-slate-600 dark:text-slate-300">
                  {describeEnvironment(env).label}:{' '}
                  <span className="tabular-nums">{number.format(envDaily[active]?.sessions_started ?? 0)}</span>
                </p>
              ))}
            <p>
              New users: <span className="tabular-nums">{number.format(shown.new_users)}</span>
            </p>
            <p>
              Users seen: <span className="tabular-nums">{number.format(shown.users_seen)}</span>
            </p>
          </div>
        )}
      </div>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
        {byEnv.map(({ env }) => (
          <span key={env} className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className={`h-2.5 w-2.5 rounded-sm ${environmentDotClasses(env)}`} />
            Sessions started, {describeEnvironment(env).label}
          </span>
        ))}
        <span className="inline-flex items-center gap-1.5">
          <span aria-hidden="true" className="h-0.5 w-4 bg-rose-600 dark:bg-rose-400" />
          New users
        </span>
        <span className="inline-flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="h-0 w-4 border-t-2 border-dashed border-slate-900 dark:border-slate-100"
          />
          Users seen
        </span>
      </figcaption>
    </figure>
  );
}
