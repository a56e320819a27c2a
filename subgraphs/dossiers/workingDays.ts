import { readReference, referencePath } from '../../runtime/readReference.ts';
import { vietnamDate, vietnamOffsetMs } from '../../runtime/vietnamTime.ts';
import { gqlError } from '../../runtime/errors.ts';

/** reference/working-calendar.json: each year's days off and make-up working days, with their sources. */
export interface CalendarFile {
  workingHours: { start: string; end: string };
  years: Record<string, { daysOff: string[]; workingDays: string[]; provisional?: boolean }>;
  /**
   * Holidays announced as policy but not yet law (24 November, Vietnam Culture Day): a day off from
   * `fromYear` on, a working day while it is null. The date a law puts one in force is a data edit.
   */
  pendingHolidays?: Array<{ monthDay: string; name: string; fromYear: number | null; basis: string }>;
}

const calendarFile = referencePath('working-calendar.json');

/** A calendar file's days off and working days, by date, and its years and working hours. */
export function loadCalendar(file: CalendarFile) {
  const daysOff = new Set<string>();
  const workingDays = new Set<string>();
  for (const [year, entry] of Object.entries(file.years)) {
    for (const day of entry.daysOff) {
      if (!day.startsWith(`${year}-`)) throw new Error(`${calendarFile}: ${day} is listed under ${year}`);
      daysOff.add(day);
    }
    for (const day of entry.workingDays) workingDays.add(day);
  }
  const years = new Set(Object.keys(file.years).map(Number));
  for (const holiday of file.pendingHolidays ?? []) {
    if (holiday.fromYear === null) continue;
    for (const year of years) {
      const day = `${year}-${holiday.monthDay}`;
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (year >= holiday.fromYear && weekday !== 0 && weekday !== 6) daysOff.add(day);
    }
  }
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return {
    daysOff,
    workingDays,
    years,
    lastYear: Math.max(...years),
    provisional: new Set(
      Object.entries(file.years)
        .filter(([, entry]) => entry.provisional)
        .map(([year]) => Number(year)),
    ),
    start: minutes(file.workingHours.start),
    end: minutes(file.workingHours.end),
  };
}

/** The calendar, read once: adding a year is an edit of the data file and a restart, no code. */
const calendar = loadCalendar(readReference<CalendarFile>('working-calendar.json'));

/** A date whose year the calendar does not hold: its working days cannot be known. */
export class CalendarNotLoaded extends Error {
  constructor(readonly year: number) {
    super(`The working calendar has no year ${year}: add it to reference/working-calendar.json`);
    this.name = 'CalendarNotLoaded';
  }
}

/** Whether a Vietnam calendar date (YYYY-MM-DD) is a day off on a weekday (a holiday or a compensatory day). */
export function isHoliday(date: string): boolean {
  return calendar.daysOff.has(date);
}

const dayMs = 24 * 3600 * 1000;

/**
 * Whether the Vietnam calendar day containing `at` is a working day: Monday to Friday and not a day
 * off, or a make-up Saturday. Throws CalendarNotLoaded for a year the calendar does not hold.
 */
export function isWorkingDay(at: Date): boolean {
  const local = new Date(at.getTime() + vietnamOffsetMs);
  const date = local.toISOString().slice(0, 10);
  const year = local.getUTCFullYear();
  if (!calendar.years.has(year)) throw new CalendarNotLoaded(year);
  if (calendar.workingDays.has(date)) return true;
  const weekday = local.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !calendar.daysOff.has(date);
}

/**
 * When a dossier's clock starts: at receipt during working hours of a working day; otherwise (an online
 * filing at night, on a weekend or a holiday, or before opening) at the start of the next working hours.
 */
export function clockStart(receivedAt: Date): Date {
  const local = new Date(receivedAt.getTime() + vietnamOffsetMs);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const opening = (day: Date) => {
    const date = new Date(day.getTime() + vietnamOffsetMs).toISOString().slice(0, 10);
    const hh = String(Math.floor(calendar.start / 60)).padStart(2, '0');
    const mm = String(calendar.start % 60).padStart(2, '0');
    return new Date(`${date}T${hh}:${mm}:00+07:00`);
  };
  if (isWorkingDay(receivedAt) && minute >= calendar.start && minute < calendar.end) return receivedAt;
  if (isWorkingDay(receivedAt) && minute < calendar.start) return opening(receivedAt);
  let day = new Date(receivedAt.getTime() + dayMs);
  while (!isWorkingDay(day)) day = new Date(day.getTime() + dayMs);
  return opening(day);
}

/**
 * The instant `days` working days after `from`, at the same time of day: weekends and days off are
 * skipped and make-up Saturdays count, so a dossier received on Friday with 1 day to go is due on
 * Monday. Throws CalendarNotLoaded when the count runs into a year the calendar does not hold.
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

/** How long before the calendar runs out /ready starts to warn: time for the yearly announcement. */
const warnDaysAhead = 180;

/**
 * What /ready warns of (without failing): the calendar running out within half a year, or a year
 * about to start (within 60 days) or running that is still provisional (worked out from the Labour
 * Code, the Ministry of Home Affairs' announcement not recorded yet). Null when neither.
 */
export function calendarWarning(now: Date = new Date()): string | null {
  const end = Date.parse(`${calendar.lastYear + 1}-01-01T00:00:00+07:00`);
  const left = Math.floor((end - now.getTime()) / dayMs);
  if (left <= 0)
    return `the working calendar ended with ${calendar.lastYear}: due dates after it are refused until ${calendar.lastYear + 1} is added`;
  if (left <= warnDaysAhead)
    return `the working calendar ends with ${calendar.lastYear} in ${left} days: add ${calendar.lastYear + 1} to reference/working-calendar.json`;
  const soon = new Date(now.getTime() + 60 * dayMs + vietnamOffsetMs).getUTCFullYear();
  const provisional = [...calendar.provisional].filter((year) => year <= soon).sort()[0];
  return provisional === undefined
    ? null
    : `the working calendar's ${provisional} is provisional: record the Ministry of Home Affairs' announced schedule in reference/working-calendar.json`;
}

/** A dossier's due date: its processing days counted from when its clock starts (clockStart). */
export function dueDateOf(receivedAt: Date, processingDays: number): Date {
  return addWorkingDays(clockStart(receivedAt), processingDays);
}

/** Runs a due-date computation; a year missing from the calendar becomes CALENDAR_NOT_LOADED for the client. */
export function withCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (!(error instanceof CalendarNotLoaded)) throw error;
    throw gqlError(
      'CALENDAR_NOT_LOADED',
      `The due date would fall in ${error.year}, whose working calendar (days off, make-up working days) is not loaded yet: the dossier cannot be given a due date, so it is not taken. Try again once the operator has added ${error.year}`,
      { year: error.year },
    );
  }
}
