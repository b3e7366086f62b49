import { describe, expect, it } from 'vitest';
import {
  berlinOffsetMinutes,
  atMinuteOfDay,
  formatBerlinInstant,
  fromBerlin,
  lastSunday,
  minuteOfDay,
  nextDayStep,
  onDate,
  parseLocalDate,
  summerTimeBounds,
  toBerlin,
} from './berlin-time.ts';

describe('Europe/Berlin local time', () => {
  it('finds the last Sundays of March and October', () => {
    expect(lastSunday(2026, 3)).toBe(29);
    expect(lastSunday(2026, 10)).toBe(25);
    expect(lastSunday(2027, 3)).toBe(28);
    expect(lastSunday(2027, 10)).toBe(31);
    expect(lastSunday(2024, 3)).toBe(31);
  });

  it('switches to summer time at 01:00 UTC on 29 March 2026 (02:00 CET → 03:00 CEST)', () => {
    const { start } = summerTimeBounds(2026);
    expect(start).toBe(Date.UTC(2026, 2, 29, 1));
    expect(berlinOffsetMinutes(start - 1)).toBe(60);
    expect(berlinOffsetMinutes(start)).toBe(120);
    expect(formatBerlinInstant(start - 60_000)).toBe('2026-03-29T01:59+01:00');
    expect(formatBerlinInstant(start)).toBe('2026-03-29T03:00+02:00');
    expect(fromBerlin({ year: 2026, month: 3, day: 29, hour: 1, minute: 30 })).toBe(
      Date.UTC(2026, 2, 29, 0, 30),
    );
    expect(fromBerlin({ year: 2026, month: 3, day: 29, hour: 3, minute: 0 })).toBe(start);
    // 02:30 does not exist that night: read on the winter clock, it is 03:30 summer time.
    const skipped = fromBerlin({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 });
    expect(formatBerlinInstant(skipped)).toBe('2026-03-29T03:30+02:00');
  });

  it('switches back at 01:00 UTC on 25 October 2026 (03:00 CEST → 02:00 CET); the double hour is read as summer time', () => {
    const { end } = summerTimeBounds(2026);
    expect(end).toBe(Date.UTC(2026, 9, 25, 1));
    expect(berlinOffsetMinutes(end - 1)).toBe(120);
    expect(berlinOffsetMinutes(end)).toBe(60);
    expect(formatBerlinInstant(end - 60_000)).toBe('2026-10-25T02:59+02:00');
    expect(formatBerlinInstant(end)).toBe('2026-10-25T02:00+01:00');
    expect(fromBerlin({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 })).toBe(
      Date.UTC(2026, 9, 25, 0, 30),
    );
    expect(fromBerlin({ year: 2026, month: 10, day: 25, hour: 4, minute: 0 })).toBe(Date.UTC(2026, 9, 25, 3));
  });

  it('round-trips every quarter hour of a year through the wall clock', () => {
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 15 * 60_000) {
      const local = toBerlin(t);
      const back = fromBerlin(local);
      // Only the second pass through the autumn double hour reads back as its summer-time twin.
      if (back !== t) expect(t - back).toBe(3_600_000);
      expect(Date.parse(formatBerlinInstant(t))).toBe(t);
    }
  });

  it('gives midsummer noon as 12:00 CEST and midwinter noon as 12:00 CET', () => {
    expect(toBerlin(Date.parse('2026-06-21T10:00:00Z'))).toEqual({
      year: 2026,
      month: 6,
      day: 21,
      hour: 12,
      minute: 0,
      offsetMinutes: 120,
    });
    expect(formatBerlinInstant(Date.parse('2026-12-21T08:00:00Z'))).toBe('2026-12-21T09:00+01:00');
    expect(formatBerlinInstant(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30+01:00');
  });

  it('reads YYYY-MM-DD dates and refuses impossible ones', () => {
    expect(parseLocalDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseLocalDate('2026-02-29')).toBeUndefined();
    expect(parseLocalDate('2026-13-01')).toBeUndefined();
    expect(parseLocalDate('21.06.2026')).toBeUndefined();
    expect(parseLocalDate('')).toBeUndefined();
  });
});

describe('moving a Berlin wall-clock time', () => {
  const juneNoon = Date.parse('2026-06-21T12:00+02:00');

  it('keeps the time of day on another date, across the switch to winter time', () => {
    expect(formatBerlinInstant(onDate(juneNoon, { year: 2026, month: 12, day: 21 }))).toBe(
      '2026-12-21T12:00+01:00',
    );
    expect(formatBerlinInstant(onDate(juneNoon, { year: 2026, month: 3, day: 21 }))).toBe(
      '2026-03-21T12:00+01:00',
    );
  });

  it('sets the minute of the day on the same date', () => {
    expect(formatBerlinInstant(atMinuteOfDay(juneNoon, 9 * 60 + 15))).toBe('2026-06-21T09:15+02:00');
    expect(formatBerlinInstant(atMinuteOfDay(juneNoon, 5000))).toBe('2026-06-21T23:59+02:00');
    expect(minuteOfDay(toBerlin(atMinuteOfDay(juneNoon, 0)))).toBe(0);
  });

  it('animates a day in steps and loops back to midnight of the same date', () => {
    expect(formatBerlinInstant(nextDayStep(juneNoon, 15))).toBe('2026-06-21T12:15+02:00');
    const late = Date.parse('2026-06-21T23:45+02:00');
    expect(formatBerlinInstant(nextDayStep(late, 15))).toBe('2026-06-21T00:00+02:00');
    // On the spring switch day the skipped hour is stepped over.
    const beforeSwitch = Date.parse('2026-03-29T01:45+01:00');
    expect(formatBerlinInstant(nextDayStep(beforeSwitch, 15))).toBe('2026-03-29T03:00+02:00');
  });
});
