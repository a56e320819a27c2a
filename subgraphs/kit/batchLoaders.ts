import DataLoader from 'dataloader';

/**
 * A loader of one row per key: one repository call per batch, results in key order, null for a miss.
 * maxBatchSize keeps a huge `_entities` call to a few statements with bounded parameter size.
 */
export function rowLoader<R>(
  fetch: (keys: readonly string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R | null> {
  return new DataLoader(
    async (keys) => {
      const byKey = new Map((await fetch(keys)).map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key) ?? null);
    },
    { maxBatchSize: 1000 },
  );
}

/** A loader of the rows grouped under each key (possibly none), in the order the repository returns them. */
export function groupLoader<R>(
  fetch: (keys: readonly string[]) => Promise<R[]>,
  keyOf: (row: R) => string,
): DataLoader<string, R[]> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, R[]>(keys.map((key) => [key, []]));
      for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(row);
      return keys.map((key) => groups.get(key) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}
