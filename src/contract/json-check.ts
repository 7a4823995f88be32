/**
 * Tiny runtime checks for JSON the browser receives (API answers, localStorage). Each has zod's
 * `safeParse` shape, so a zod schema fits wherever one is asked for. The web app ships these
 * instead of zod (about 7 kB gzipped of first-load JS, see docs/benchmarks.md); the server keeps
 * validating with the zod schemas, and response-checks.test.ts keeps both in agreement.
 *
 * Unlike zod, a passing value is returned as it is (unknown keys are kept, nothing is copied).
 */

type Path = PropertyKey[];

export type CheckResult<T> =
  { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[] }[] } };

export interface Check<T> {
  safeParse(value: unknown): CheckResult<T>;
}

/** A check built here: `test` answers undefined when the value fits, else the path of the first misfit. */
interface Checker<T> extends Check<T> {
  test(value: unknown): Path | undefined;
}

type Output<C> = C extends Check<infer T> ? T : never;

function checker<T>(test: (value: unknown) => Path | undefined): Checker<T> {
  return {
    test,
    safeParse: (value) => {
      const path = test(value);
      return path ? { success: false, error: { issues: [{ path }] } } : { success: true, data: value as T };
    },
  };
}

const fits = (ok: boolean): Path | undefined => (ok ? undefined : []);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const string = checker<string>((value) => fits(typeof value === 'string'));
export const boolean = checker<boolean>((value) => fits(typeof value === 'boolean'));

/** A whole number in JavaScript's safe range, at least `min`. */
export const int = (min = Number.MIN_SAFE_INTEGER) =>
  checker<number>((value) => fits(Number.isSafeInteger(value) && (value as number) >= min));

export const oneOf = <const T extends readonly string[]>(values: T) =>
  checker<T[number]>((value) => fits(values.includes(value as string)));

export const optional = <T>(check: Checker<T>) =>
  checker<T | undefined>((value) => (value === undefined ? undefined : check.test(value)));

export const nullable = <T>(check: Checker<T>) =>
  checker<T | null>((value) => (value === null ? undefined : check.test(value)));

function within(key: PropertyKey, path: Path | undefined): Path | undefined {
  return path && [key, ...path];
}

export const array = <T>(item: Checker<T>) =>
  checker<T[]>((value) => {
    if (!Array.isArray(value)) return [];
    for (let index = 0; index < value.length; index++) {
      const path = within(index, item.test(value[index]));
      if (path) return path;
    }
    return undefined;
  });

export const record = <T>(item: Checker<T>) =>
  checker<Record<string, T>>((value) => {
    if (!isRecord(value)) return [];
    for (const key in value) {
      const path = within(key, item.test(value[key]));
      if (path) return path;
    }
    return undefined;
  });

export const object = <Shape extends Record<string, Checker<unknown>>>(shape: Shape) =>
  checker<{ [Key in keyof Shape]: Output<Shape[Key]> }>((value) => {
    if (!isRecord(value)) return [];
    for (const key in shape) {
      const path = within(key, (shape[key] as Checker<unknown>).test(value[key]));
      if (path) return path;
    }
    return undefined;
  });
