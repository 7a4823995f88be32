/**
 * Answers kept while the store is unchanged, least recently used dropped first. `version` is the
 * store's freshness token: any write (by this process or another) changes it and empties the
 * cache. Cached values are shared between callers, who must treat them as read-only.
 */
export class VersionedCache<V> {
  readonly #entries = new Map<string, V>();
  #version: string | undefined;

  constructor(readonly capacity: number) {}

  get(version: string, key: string): V | undefined {
    this.#sync(version);
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Most recently used goes last.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(version: string, key: string, value: V): V {
    this.#sync(version);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
    return value;
  }

  #sync(version: string): void {
    if (version === this.#version) return;
    this.#entries.clear();
    this.#version = version;
  }
}
