import { vietnamDate, vietnamOffsetMs } from '../../runtime/vietnamTime.ts';

/**
 * Public holidays (days off on weekdays and weekends alike) by Vietnam date, per the Labour Code 2019
 * and the yearly Tết and Hùng Kings schedules announced by the Ministry of Home Affairs. Lunar
 * holidays move every year: extend this list when the next year's schedule is published.
 */
const lunarHolidays: Record<number, string[]> = {
  2024: ['02-08', '02-09', '02-10', '02-11', '02-12', '02-13', '02-14', '04-18'],
  2025: ['01-25', '01-26', '01-27', '01-28', '01-29', '01-30', '01-31', '02-01', '02-02', '04-07'],
  2026: ['02-14', '02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '04-26', '04-27'],
  2027: ['02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '04-16'],
};
/** Fixed solar holidays: New Year, Reunification Day, Labour Day, National Day (two days). */
const solarHolidays = ['01-01', '04-30', '05-01', '09-01', '09-02'];

/** Whether a Vietnam calendar date (YYYY-MM-DD) is a public holiday. */
export function isHoliday(date: string): boolean {
  const monthDay = date.slice(5);
  return (
    solarHolidays.includes(monthDay) || (lunarHolidays[Number(date.slice(0, 4))] ?? []).includes(monthDay)
  );
}

const dayMs = 24 * 3600 * 1000;

/** Whether the Vietnam calendar day containing `at` is a working day (Monday-Friday, not a holiday). */
export function isWorkingDay(at: Date): boolean {
  const local = new Date(at.getTime() + vietnamOffsetMs);
  const weekday = local.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isHoliday(local.toISOString().slice(0, 10));
}

/**
 * The instant `days` working days after `from`, at the same time of day: weekends and public holidays
 * are skipped, so a dossier received on Friday with 1 day to go is due on Monday.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let at = from;
  let left = days;
  while (left > 0) {
    at = new Date(at.getTime() + dayMs);
    if (isWorkingDay(at)) left -= 1;
  }
  return at;
}

/** The number of working days after `from` up to and including the day of `to` (0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date): number {
  const last = vietnamDate(to);
  let count = 0;
  for (
    let at = new Date(from.getTime() + dayMs);
    vietnamDate(at) <= last;
    at = new Date(at.getTime() + dayMs)
  ) {
    if (isWorkingDay(at)) count += 1;
  }
  return count;
}
