import { useId } from 'react';
import { EnvBadge } from './env-badge.tsx';
import { Select } from './select.tsx';
import { describeEnvironment } from '../../lib/environments.ts';

export interface EnvironmentOption {
  name: string;
  /** Users of this session in the environment. */
  count: number;
}

export interface EnvFilterProps {
  /** Selected environment; undefined is "All environments". */
  value: string | undefined;
  /** The product's environments with counts; undefined while they load. */
  environments: EnvironmentOption[] | undefined;
  onChange: (env: string | undefined) => void;
}

const number = new Intl.NumberFormat('en-US');

/** The "Environment" select: "All environments" and each environment with its user count. */
export function EnvFilter({ value, environments, onChange }: EnvFilterProps) {
  const id = useId();
  const all = environments?.reduce((sum, option) => sum + option.count, 0);
  const known = environments?.some((option) => option.name === value) ?? false;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium">
        Environment
      </label>
      <Select
        id={id}
        value={value ?? ''}
        onChange={(event) => onChange(event.target.value || undefined)}
        className="min-w-[12rem]"
      >
        <option value="">All environments{all === undefined ? '' : ` (${number.format(all)})`}</option>
        {value !== undefined && !known && <option value={value}>{describeEnvironment(value).label}</option>}
        {environments?.map((option) => {
          const info = describeEnvironment(option.name);
          return (
            <option key={option.name} value={option.name}>
              {info.label}
              {info.isProduction || info.tone === 'other' ? '' : ` [${info.short}]`} ({number.format(option.count)})
            </option>
          );
        })}
      </Select>
      {value !== undefined && <EnvBadge env={value} />}
    </div>
  );
}
