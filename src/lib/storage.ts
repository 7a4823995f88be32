import type { z } from 'zod/mini';

/**
 * localStorage that never throws (private mode, quota, disabled storage) and never trusts what
 * it reads: a value that no longer fits the schema reads as absent.
 */
export function readStored<Schema extends z.ZodMiniType>(key: string, schema: Schema): z.infer<Schema> | undefined {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return undefined;
    const parsed = schema.safeParse(JSON.parse(raw));
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
