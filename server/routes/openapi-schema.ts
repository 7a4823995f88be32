import { z } from '@hono/zod-openapi';
import type { core } from 'zod';

/**
 * The contract (src/contract/) is written with `zod/mini` so the browser stays light, but
 * @hono/zod-openapi documents classic zod schemas. This rebuilds a contract schema as classic zod
 * from its definition: the same checks (shared zod core) and the same metadata (zod's global
 * registry), so the OpenAPI document is what it would be from classic zod. Only the kinds the
 * contract uses are supported; anything else fails loudly at start-up, never silently.
 */
export function toClassic<Schema extends core.$ZodType>(schema: Schema): z.ZodType<core.output<Schema>> {
  return convert(schema) as z.ZodType<core.output<Schema>>;
}

const converted = new WeakMap<core.$ZodType, z.ZodType>();

function convert(schema: core.$ZodType): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const known = converted.get(schema);
  if (known) return known;
  let result = rebuild(schema._zod.def as core.$ZodTypes['_zod']['def']);
  const { id, ...meta } = z.globalRegistry.get(schema) ?? {};
  z.globalRegistry.add(result, meta);
  // A named schema becomes a component (`$ref: '#/components/schemas/<id>'`), as classic `.meta({ id })` does.
  if (id !== undefined) result = result.openapi(id);
  converted.set(schema, result);
  return result;
}

function rebuild(def: core.$ZodTypes['_zod']['def']): z.ZodType {
  switch (def.type) {
    case 'string':
      return new z.ZodString(def);
    case 'number':
      // z.int() and friends: a number schema that is also its own format check.
      return 'format' in def ? new z.ZodNumberFormat(def as core.$ZodNumberFormatDef) : new z.ZodNumber(def);
    case 'boolean':
      return new z.ZodBoolean(def);
    case 'literal':
      return new z.ZodLiteral(def);
    case 'optional':
      return new z.ZodOptional({ ...def, innerType: convert(def.innerType) });
    case 'nullable':
      return new z.ZodNullable({ ...def, innerType: convert(def.innerType) });
    case 'never':
      // The catch-all of a strict object: no other fields (additionalProperties: false).
      return new z.ZodNever(def);
    case 'array':
      return new z.ZodArray({ ...def, element: convert(def.element) });
    case 'record':
      return new z.ZodRecord({ ...def, keyType: convert(def.keyType) as never, valueType: convert(def.valueType) });
    case 'object': {
      const shape = Object.fromEntries(Object.entries(def.shape).map(([key, value]) => [key, convert(value)]));
      return new z.ZodObject({ ...def, shape, ...(def.catchall ? { catchall: convert(def.catchall) } : {}) });
    }
    default:
      throw new Error(
        `toClassic: the contract uses a zod ${def.type} schema, which this converter does not handle yet`,
      );
  }
}
