const PINNED = ['production', 'staging'];

/** Production first, then staging, then every other environment by name. */
export function compareEnvironments(a: string, b: string): number {
  const rank = (env: string) => {
    const index = PINNED.indexOf(env);
    return index === -1 ? PINNED.length : index;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
