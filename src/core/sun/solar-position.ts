/**
 * Sun position for an instant and a place: the NOAA solar position algorithm (the NOAA Global Monitoring
 * Laboratory's "General Solar Position Calculations" spreadsheet, after Meeus, "Astronomical Algorithms"):
 * mean longitude and anomaly, equation of centre, apparent longitude, corrected obliquity, declination, equation of
 * time, true solar time, hour angle, zenith and azimuth. NOAA quotes it as good to about 0.01° for years 1800–2100
 * at latitudes within ±72°.
 *
 * Both elevations are returned: `elevation` is geometric (refraction-free: the direction a renderer lights and casts
 * shadows along), `apparentElevation` adds NOAA's approximate atmospheric refraction (what the NOAA calculator shows
 * and where the eye sees the sun; up to 0.6° more at the horizon).
 */

const RAD = Math.PI / 180;
const sin = (degrees: number) => Math.sin(degrees * RAD);
const cos = (degrees: number) => Math.cos(degrees * RAD);
const tan = (degrees: number) => Math.tan(degrees * RAD);
const mod = (value: number, modulus: number) => ((value % modulus) + modulus) % modulus;

/** Julian date of the Unix epoch (1970-01-01T00:00Z). */
const UNIX_EPOCH_JD = 2440587.5;
/** Julian date of J2000.0 (2000-01-01T12:00 TT, used by NOAA with UTC). */
const J2000_JD = 2451545;
const MS_PER_DAY = 86_400_000;

/** Where the sun stands, seen from a place at an instant. All angles in degrees. */
export interface SolarPosition {
  /** Clockwise from true north (0 north, 90 east, 180 south, 270 west), 0 ≤ azimuth < 360. */
  azimuth: number;
  /** Geometric elevation above the horizon (refraction-free), −90…90; negative below the horizon. */
  elevation: number;
  /** Elevation with NOAA's approximate atmospheric refraction added. */
  apparentElevation: number;
  /** Solar declination. */
  declination: number;
  /** Equation of time, minutes (true solar time minus mean solar time). */
  equationOfTime: number;
  /** Hour angle, −180…180 (negative before solar noon). */
  hourAngle: number;
}

/** Julian date (UTC days) of a Unix time in milliseconds. */
export function julianDate(unixMs: number): number {
  return unixMs / MS_PER_DAY + UNIX_EPOCH_JD;
}

/** Declination and equation of time (degrees, minutes) for a Julian date, as in NOAA's spreadsheet. */
export function solarDeclinationAndEquationOfTime(jd: number): {
  declination: number;
  equationOfTime: number;
} {
  const t = (jd - J2000_JD) / 36525; // Julian centuries since J2000.0
  const meanLongitude = mod(280.46646 + t * (36000.76983 + t * 0.0003032), 360);
  const meanAnomaly = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const centre =
    sin(meanAnomaly) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
    sin(2 * meanAnomaly) * (0.019993 - 0.000101 * t) +
    sin(3 * meanAnomaly) * 0.000289;
  const omega = 125.04 - 1934.136 * t; // longitude of the Moon's ascending node, for nutation
  const apparentLongitude = meanLongitude + centre - 0.00569 - 0.00478 * sin(omega);
  const meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const obliquity = meanObliquity + 0.00256 * cos(omega);
  const declination = Math.asin(sin(obliquity) * sin(apparentLongitude)) / RAD;
  const y = tan(obliquity / 2) ** 2;
  const equationOfTime =
    (4 / RAD) *
    (y * sin(2 * meanLongitude) -
      2 * eccentricity * sin(meanAnomaly) +
      4 * eccentricity * y * sin(meanAnomaly) * cos(2 * meanLongitude) -
      0.5 * y * y * sin(4 * meanLongitude) -
      1.25 * eccentricity * eccentricity * sin(2 * meanAnomaly));
  return { declination, equationOfTime };
}

/** NOAA's approximate atmospheric refraction (degrees) at a geometric elevation (degrees). */
export function atmosphericRefraction(elevation: number): number {
  if (elevation > 85) return 0;
  const t = tan(elevation);
  let arcseconds: number;
  if (elevation > 5) arcseconds = 58.1 / t - 0.07 / t ** 3 + 0.000086 / t ** 5;
  else if (elevation > -0.575)
    arcseconds = 1735 + elevation * (-518.2 + elevation * (103.4 + elevation * (-12.79 + elevation * 0.711)));
  else arcseconds = -20.772 / t;
  return arcseconds / 3600;
}

/**
 * The sun's position at `unixMs` (Unix time, milliseconds, UTC) seen from WGS84 `longitude` (east positive) and
 * `latitude` (north positive), degrees.
 */
export function solarPosition(unixMs: number, longitude: number, latitude: number): SolarPosition {
  const { declination, equationOfTime } = solarDeclinationAndEquationOfTime(julianDate(unixMs));
  const minutesUtc = mod(unixMs, MS_PER_DAY) / 60_000;
  const trueSolarTime = mod(minutesUtc + equationOfTime + 4 * longitude, 1440);
  const hourAngle = trueSolarTime / 4 < 0 ? trueSolarTime / 4 + 180 : trueSolarTime / 4 - 180;
  const cosZenith = sin(latitude) * sin(declination) + cos(latitude) * cos(declination) * cos(hourAngle);
  const zenith = Math.acos(Math.min(1, Math.max(-1, cosZenith))) / RAD;
  const elevation = 90 - zenith;
  // Measured from south through west by the acos, then turned to the north-clockwise convention.
  const denominator = cos(latitude) * sin(zenith);
  const cosAzimuth = denominator === 0 ? 1 : (sin(latitude) * cos(zenith) - sin(declination)) / denominator;
  const fromNorth = Math.acos(Math.min(1, Math.max(-1, cosAzimuth))) / RAD;
  const azimuth = hourAngle > 0 ? mod(fromNorth + 180, 360) : mod(540 - fromNorth, 360);
  return {
    azimuth,
    elevation,
    apparentElevation: elevation + atmosphericRefraction(elevation),
    declination,
    equationOfTime,
    hourAngle,
  };
}

/**
 * The direction towards the sun as an East-North-Up unit vector (x east, y north, z up) from an azimuth and a
 * geometric elevation in degrees.
 */
export function sunDirectionEnu({ azimuth, elevation }: Pick<SolarPosition, 'azimuth' | 'elevation'>): {
  x: number;
  y: number;
  z: number;
} {
  return { x: cos(elevation) * sin(azimuth), y: cos(elevation) * cos(azimuth), z: sin(elevation) };
}
