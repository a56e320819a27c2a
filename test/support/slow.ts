/**
 * A test timeout scaled for slow machines: TEST_TIME_FACTOR (default 1) times the given milliseconds.
 * The one knob for a busy CI runner or an old laptop; tests never assert on time itself.
 */
export function slow(ms: number): number {
  return Math.round(ms * timeFactor);
}

const raw = process.env.TEST_TIME_FACTOR;
const timeFactor = raw === undefined || raw === '' ? 1 : Number(raw);
if (!Number.isFinite(timeFactor) || timeFactor <= 0)
  throw new Error(`TEST_TIME_FACTOR must be a positive number, not '${raw}'`);
