/** Vietnam keeps UTC+7 all year (no daylight saving). */
export const vietnamOffsetMs = 7 * 3600 * 1000;

/** An instant as ISO 8601 in Vietnam's time (+07:00), the way the national systems print it. */
export function formatVietnamTime(value: Date): string {
  return new Date(value.getTime() + vietnamOffsetMs).toISOString().replace(/\.\d{3}Z$/, '+07:00');
}

/** The calendar date (YYYY-MM-DD) in Vietnam at that instant. */
export function vietnamDate(at: Date = new Date()): string {
  return new Date(at.getTime() + vietnamOffsetMs).toISOString().slice(0, 10);
}
