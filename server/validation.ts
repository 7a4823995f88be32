import type { Hook } from '@hono/zod-openapi';
import { z } from 'zod';
import { errorBody } from './http-errors.ts';

/**
 * The OpenAPIHono `defaultHook`: turns a failed zod check into the contract's
 * `400 {"error":{"code":"INVALID_PARAMS","message"}}`, naming the field, never zod's raw issues.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the hook serves every route's input type
export const invalidParamsHook: Hook<any, any, any, Response | undefined> = (result, c) => {
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const field = issue?.path[0];
  // On failure the validator still passes the raw input along as `data`.
  const raw = (result as { data?: unknown }).data;
  let message = issue?.message ?? 'The request is not valid.';
  if (typeof field === 'string' && isRecord(raw) && Array.isArray(raw[field])) {
    message = `${field} was given more than once`;
  }
  return c.json(errorBody('INVALID_PARAMS', message), 400);
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** An empty query value (`?env=`) means the same as leaving the parameter out. */
const emptyAsAbsent = (value: unknown) => (value === '' ? undefined : value);

/** Plain digits become a number; anything else is left for the number schema to refuse. */
const digitsAsNumber = (value: unknown) => {
  const present = emptyAsAbsent(value);
  return typeof present === 'string' && /^\d+$/.test(present) ? Number(present) : present;
};

function wholeNumber(name: string, max: number) {
  const message = `${name} must be a whole number from 1 to ${max}`;
  return z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(max, { error: message });
}

/**
 * A query parameter holding a whole number from 1 to `max`. Only plain digits are numbers here:
 * `1.5`, `1e3`, `0x10`, ` 1`, `-1` and values past `max` are all rejected with one clear message.
 */
export function wholeNumberQuery(name: string, max: number, fallback: number, description: string) {
  return z
    .preprocess(digitsAsNumber, wholeNumber(name, max).default(fallback))
    .meta({ description, example: fallback });
}

export function optionalTextQuery(name: string, description: string, example?: string) {
  return z
    .preprocess(emptyAsAbsent, z.string({ error: `${name} must be text` }).optional())
    .meta({ description, ...(example === undefined ? {} : { example }) });
}

export function pathText(name: string, description: string, example?: string) {
  return z
    .string()
    .min(1, { error: `${name} must not be empty` })
    .meta({ description, ...(example === undefined ? {} : { example }) });
}

/** Optional text of `min`–`max` characters (UTF-16 code units, as an input's maxlength counts). */
export function boundedTextQuery(name: string, min: number, max: number, description: string, example?: string) {
  const message = `${name} must be ${min} to ${max} characters`;
  return z
    .preprocess(
      emptyAsAbsent,
      z
        .string({ error: `${name} must be text` })
        .min(min, { error: message })
        .max(max, { error: message })
        .optional(),
    )
    .meta({ description, ...(example === undefined ? {} : { example }) });
}

/** Optional choice among `values`; empty or absent is the first (the default, kept out of URLs). */
export function choiceQuery<const Values extends readonly [string, ...string[]]>(
  name: string,
  values: Values,
  description: string,
) {
  const message = `${name} must be one of: ${values.join(', ')}`;
  return z
    .preprocess(emptyAsAbsent, z.enum(values, { error: message }).optional())
    .meta({ description, example: values[0] });
}

/** An optional whole number from 1 to `max`; absent or empty stays absent (no default). */
export function optionalWholeNumberQuery(name: string, max: number, description: string, example: number) {
  return z.preprocess(digitsAsNumber, wholeNumber(name, max).optional()).meta({ description, example });
}

/** An optional opaque token that `decode` must accept; anything else is refused with `message`. */
export function tokenQuery<T>(name: string, decode: (text: string) => T | undefined, description: string) {
  const message = `${name} is not a cursor this server gave (use next_sessions_cursor as it came)`;
  return z
    .preprocess(emptyAsAbsent, z.string({ error: message }).max(2048, { error: message }).optional())
    .refine((value) => value === undefined || decode(value) !== undefined, { error: message })
    .meta({ description });
}
