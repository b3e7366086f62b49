/**
 * Local time in Germany (Europe/Berlin) without a time-zone database: CET (UTC+1) in winter, CEST (UTC+2) from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October (EU rule since 1996, which the
 * planning horizon of a city model stays inside). Pure functions on Unix milliseconds, so the core and the Node
 * tests need no `Intl` zone data.
 */

const MS_PER_MINUTE = 60_000;

/** CET, minutes east of UTC. */
export const BERLIN_WINTER_OFFSET = 60;
/** CEST, minutes east of UTC. */
export const BERLIN_SUMMER_OFFSET = 120;

/** A wall-clock date and time in Berlin; month 1–12, day 1–31, hour 0–23, minute 0–59. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall clock together with the offset (minutes east of UTC) in force then. */
export interface BerlinDateTime extends LocalDateTime {
  offsetMinutes: number;
}

/** Day of the month (1–31) of the last Sunday of `month` (1–12) in `year`. */
export function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
}

/** Unix ms at which summer time starts (last Sunday of March, 01:00 UTC) and ends (October) in `year`. */
export function summerTimeBounds(year: number): { start: number; end: number } {
  return {
    start: Date.UTC(year, 2, lastSunday(year, 3), 1),
    end: Date.UTC(year, 9, lastSunday(year, 10), 1),
  };
}

/** Offset of Berlin's clocks (minutes east of UTC: 60 or 120) at a Unix time in milliseconds. */
export function berlinOffsetMinutes(unixMs: number): number {
  const { start, end } = summerTimeBounds(new Date(unixMs).getUTCFullYear());
  return unixMs >= start && unixMs < end ? BERLIN_SUMMER_OFFSET : BERLIN_WINTER_OFFSET;
}

/** Berlin's wall clock (to the minute, seconds dropped) at a Unix time in milliseconds. */
export function toBerlin(unixMs: number): BerlinDateTime {
  const offsetMinutes = berlinOffsetMinutes(unixMs);
  const local = new Date(unixMs + offsetMinutes * MS_PER_MINUTE);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    offsetMinutes,
  };
}

/**
 * The Unix time (ms) of a Berlin wall-clock time. In the autumn hour that happens twice the first (summer time)
 * is taken; a time in the skipped spring hour (02:00–02:59 on the last Sunday of March) does not exist and is read
 * with the winter offset, i.e. one hour later on the summer clock (02:30 → 03:30 CEST), as clocks do.
 */
export function fromBerlin(local: LocalDateTime): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  for (const offset of [BERLIN_SUMMER_OFFSET, BERLIN_WINTER_OFFSET]) {
    const candidate = asUtc - offset * MS_PER_MINUTE;
    if (berlinOffsetMinutes(candidate) === offset) return candidate;
  }
  return asUtc - BERLIN_WINTER_OFFSET * MS_PER_MINUTE;
}

const pad = (value: number, digits = 2) => String(value).padStart(digits, '0');

/** `YYYY-MM-DD` of a Berlin date. */
export function formatLocalDate({ year, month, day }: Pick<LocalDateTime, 'year' | 'month' | 'day'>): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** Reads `YYYY-MM-DD` (an `<input type="date">` value); undefined unless it names a real date. */
export function parseLocalDate(text: string): Pick<LocalDateTime, 'year' | 'month' | 'day'> | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return undefined;
  return { year, month, day };
}

/**
 * An ISO 8601 instant on Berlin's wall clock with its offset, to the minute: `2026-12-21T09:00+01:00`. Readable in a
 * shared URL and accepted wherever an instant with zone is.
 */
export function formatBerlinInstant(unixMs: number): string {
  const local = toBerlin(unixMs);
  const sign = local.offsetMinutes >= 0 ? '+' : '-';
  const offset = Math.abs(local.offsetMinutes);
  return `${formatLocalDate(local)}T${pad(local.hour)}:${pad(local.minute)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}

/** Minutes since local midnight (0–1439) of a Berlin wall-clock time. */
export function minuteOfDay({ hour, minute }: Pick<LocalDateTime, 'hour' | 'minute'>): number {
  return hour * 60 + minute;
}

/** The same Berlin wall-clock time of day on another date (Unix ms in, Unix ms out). */
export function onDate(unixMs: number, date: Pick<LocalDateTime, 'year' | 'month' | 'day'>): number {
  const { hour, minute } = toBerlin(unixMs);
  return fromBerlin({ ...date, hour, minute });
}

/** The same Berlin date at another wall-clock minute of the day (0–1439). */
export function atMinuteOfDay(unixMs: number, minute: number): number {
  const { year, month, day } = toBerlin(unixMs);
  const clamped = Math.min(1439, Math.max(0, Math.round(minute)));
  return fromBerlin({ year, month, day, hour: Math.floor(clamped / 60), minute: clamped % 60 });
}

/**
 * The next step of an animated day: `stepMinutes` later on the wall clock, back to midnight of the same date after
 * the last step of the day, so the animation loops over one day.
 */
export function nextDayStep(unixMs: number, stepMinutes: number): number {
  const next = minuteOfDay(toBerlin(unixMs)) + stepMinutes;
  return atMinuteOfDay(unixMs, next >= 1440 ? 0 : next);
}
