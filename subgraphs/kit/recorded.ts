/**
 * A value the database promises (a foreign key, a check constraint), for a non-null field: returned as
 * it is, or an internal error naming what is missing. Null would read as "that part did not answer".
 */
export function recorded<T>(value: T | null | undefined, problem: string): T {
  if (value === null || value === undefined) throw new Error(`Inconsistent record: ${problem}`);
  return value;
}
