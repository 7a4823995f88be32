import type { Check } from '../contract/json-check.ts';

/**
 * localStorage that never throws (private mode, quota, disabled storage) and never trusts what
 * it reads: a value that no longer fits the schema reads as absent.
 */
export function readStored<T>(key: string, check: Check<T>): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return undefined;
    const parsed = check.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage unavailable: the choice lasts for this page only */
  }
}
