/**
 * The sun's directions over one day for a shadow study, from the NOAA solar position (`../sun/`), on the
 * Europe/Berlin wall clock (a day has 23 or 25 hours when the clocks change).
 */
import { fromBerlin } from '../sun/berlin-time.ts';
import type { LocalDateTime } from '../sun/berlin-time.ts';
import { solarPosition, sunDirectionEnu } from '../sun/solar-position.ts';

/** One step of the day while the sun is up. */
export interface SunStep {
  /** Unix time (ms) of the step's middle. */
  unixMs: number;
  /** Unit vector towards the sun in the study's ENU frame (x east, y north, z up). */
  direction: [number, number, number];
  /** Geometric elevation, degrees. */
  elevation: number;
}

/** The sun over one day. */
export interface DaySun {
  /** Length of one step, hours: each step the sun is up counts this much when a point sees it. */
  stepHours: number;
  /** Steps whose middle has the sun above the horizon (geometric elevation > `minElevation`). */
  steps: SunStep[];
  /** Hours the sun is up on this day, counted at the same steps (what an unobstructed point gets). */
  dayHours: number;
}

/**
 * The sun's direction at the middle of every `stepMinutes` step of a Berlin calendar day (local midnight to
 * midnight) at WGS84 `longitude`, `latitude` (degrees), keeping the steps with geometric (refraction-free)
 * elevation above `minElevation` degrees. Sampling each step at its middle makes the counted day length agree
 * with the true sunrise-to-sunset span within one step.
 */
export function daySun(
  date: Pick<LocalDateTime, 'year' | 'month' | 'day'>,
  longitude: number,
  latitude: number,
  stepMinutes: number,
  minElevation = 0,
): DaySun {
  if (!(stepMinutes > 0 && stepMinutes <= 240)) {
    throw new RangeError(
      `shadow study: step of ${stepMinutes} minutes, expected more than 0 and at most 240`,
    );
  }
  const start = fromBerlin({ ...date, hour: 0, minute: 0 });
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  const end = fromBerlin({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
    hour: 0,
    minute: 0,
  });
  const stepMs = stepMinutes * 60_000;
  const steps: SunStep[] = [];
  for (let t = start + stepMs / 2; t < end; t += stepMs) {
    const position = solarPosition(t, longitude, latitude);
    if (position.elevation <= minElevation) continue;
    const { x, y, z } = sunDirectionEnu(position);
    steps.push({ unixMs: t, direction: [x, y, z], elevation: position.elevation });
  }
  const stepHours = stepMinutes / 60;
  return { stepHours, steps, dayHours: steps.length * stepHours };
}
