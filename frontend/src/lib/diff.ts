const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Fields of `next` that differ from `base`, as a merge patch (only what the user changed). */
export function mergePatch<T extends object>(base: T, next: Partial<T>): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (!same(base[key], next[key])) patch[key] = next[key];
  }
  return patch;
}

export type Change = { field: string; before: unknown; after: unknown };

/** What someone else changed between the version we edited and the current one. */
export function changedFields<T extends object>(
  before: T,
  after: T,
  ignore: readonly string[] = ['version', 'updated_at', 'created_at', 'etag'],
): Change[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => !ignore.includes(k))
    .filter((k) => !same((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k]))
    .sort()
    .map((field) => ({
      field,
      before: (before as Record<string, unknown>)[field],
      after: (after as Record<string, unknown>)[field],
    }));
}

/**
 * After a 412: the user's own edits (what differs between `base` and `mine`) laid over the
 * current version `theirs`, so keeping my edits never reverts what someone else saved.
 */
export function rebase<T extends object>(base: T, mine: T, theirs: T): T {
  return { ...theirs, ...mergePatch(base, mine) };
}
