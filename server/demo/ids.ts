import { hex32, type Random } from './prng.ts';

/**
 * Mongo-style ObjectIds: 4 bytes of creation time in seconds, 5 bytes fixed per generator, and a
 * 3-byte counter, so ids from one generator never repeat (below 16.7 million of them).
 */
export function createObjectIdFactory(random: Random): (createdAtMs: number) => string {
  const generatorPart = random.hex(10);
  let counter = random.uint32() & 0xffffff;
  return (createdAtMs) => {
    counter = (counter + 1) & 0xffffff;
    const seconds = Math.floor(createdAtMs / 1000) >>> 0;
    return hex32(seconds) + generatorPart + hex32(counter).slice(2);
  };
}

/** A version-4 UUID drawn from the seeded generator. */
export function randomUuid(random: Random): string {
  const a = hex32(random.uint32());
  const b = hex32(((random.uint32() & 0xffff0fff) | 0x00004000) >>> 0);
  const c = hex32(((random.uint32() & 0x3fffffff) | 0x80000000) >>> 0);
  const d = hex32(random.uint32());
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
