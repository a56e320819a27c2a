import DataLoader from 'dataloader';

export interface Page<R> {
  rows: R[];
  totalCount: number;
}

/**
 * A loader of one page per key (each citizen's access log, each applicant's dossiers): one statement
 * for the rows of every key's page, one for every key's total, whatever the number of keys.
 */
export function pageLoader<R>(
  fetchRows: (keys: readonly string[]) => Promise<R[]>,
  fetchCounts: (keys: readonly string[]) => Promise<Array<{ key: string; n: number }>>,
  keyOf: (row: R) => string,
): DataLoader<string, Page<R>> {
  return new DataLoader(
    async (keys) => {
      const [rows, counts] = await Promise.all([fetchRows(keys), fetchCounts(keys)]);
      const total = new Map(counts.map((c) => [c.key, c.n]));
      const pages = new Map<string, R[]>(keys.map((key) => [key, []]));
      for (const row of rows) pages.get(keyOf(row))?.push(row);
      return keys.map((key) => ({ rows: pages.get(key) ?? [], totalCount: total.get(key) ?? 0 }));
    },
    { maxBatchSize: 1000 },
  );
}
