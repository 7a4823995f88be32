import type { ReactNode } from 'react';

export interface ToggleOption<Value extends string> {
  value: Value;
  label: ReactNode;
  /** Tooltip, e.g. the long form of a short label. */
  title?: string;
}

export interface ToggleGroupProps<Value extends string> {
  /** The group's accessible name, e.g. "Time zone". */
  label: string;
  value: Value;
  options: readonly ToggleOption<Value>[];
  onChange: (value: Value) => void;
  className?: string;
}

/** A row of pressed/unpressed buttons of which exactly one is pressed (a segmented control). */
export function ToggleGroup<Value extends string>({
  label,
  value,
  options,
  onChange,
  className = '',
}: ToggleGroupProps<Value>) {
  return (
    <div
      role="group"
      aria-label={label}
      className={`inline-flex rounded-md border border-slate-300 bg-white p-0.5 dark:border-slate-700 dark:bg-slate-900 ${className}`}
    >
      {options.map((option) => {
        const pressed = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            aria-pressed={pressed}
            title={option.title}
            onClick={() => onChange(option.value)}
            className={`rounded px-2.5 py-1 text-sm font-medium whitespace-nowrap transition-colors ${
              pressed
                ? 'bg-indigo-600 text-white dark:bg-indigo-500 dark:text-white'
                : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'
            }`}
          >
            {option.label}
          </button>
        );
      })}
    </div>
  );
}
