/**
 * Fast path: inverse Transverse Mercator (Krüger series to n⁶ with Clenshaw summation, as PROJ's `utm`, Karney 2011) and
 * geodetic → ECEF on one ellipsoid, for UTM grids with no datum shift (ETRS89/GRS80 and WGS84).
 */

/** An ellipsoid by semi-major axis (metres) and flattening. */
export interface Ellipsoid {
  semiMajorAxis: number;
  flattening: number;
}

export const GRS80: Ellipsoid = { semiMajorAxis: 6_378_137, flattening: 1 / 298.257222101 };
export const WGS84: Ellipsoid = { semiMajorAxis: 6_378_137, flattening: 1 / 298.257223563 };

/** Inverse of a Transverse Mercator grid: easting, northing (metres) → longitude, latitude (radians). */
export type InverseProjection = (easting: number, northing: number, out: Float64Array) => void;

/**
 * Creates the inverse of a Transverse Mercator projection.
 * @param centralMeridianDeg longitude of origin, degrees
 * @param scale scale factor on the central meridian (0.9996 for UTM)
 * @param falseEasting, falseNorthing metres (UTM: 500 000 and 0 or 10 000 000 in the south)
 * Writes [lonRad, latRad] into `out`.
 */
export function createInverseTransverseMercator(
  ellipsoid: Ellipsoid,
  centralMeridianDeg: number,
  scale: number,
  falseEasting: number,
  falseNorthing: number,
): InverseProjection {
  const f = ellipsoid.flattening;
  const n = f / (2 - f);
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n3 * n;
  const n5 = n4 * n;
  const n6 = n5 * n;
  const rectifyingRadius = (ellipsoid.semiMajorAxis / (1 + n)) * (1 + n2 / 4 + n4 / 64 + n6 / 256);
  const beta = [
    n / 2 - (2 * n2) / 3 + (37 * n3) / 96 - n4 / 360 - (81 * n5) / 512 + (96199 * n6) / 604800,
    n2 / 48 + n3 / 15 - (437 * n4) / 1440 + (46 * n5) / 105 - (1118711 * n6) / 3870720,
    (17 * n3) / 480 - (37 * n4) / 840 - (209 * n5) / 4480 + (5569 * n6) / 90720,
    (4397 * n4) / 161280 - (11 * n5) / 504 - (830251 * n6) / 7257600,
    (4583 * n5) / 161280 - (108847 * n6) / 3991680,
    (20648693 * n6) / 638668800,
  ] as const;
  // Conformal latitude χ → geodetic latitude φ (Karney 2011 eq. 36; PROJ's `cgb`).
  const delta = [
    2 * n - (2 * n2) / 3 - 2 * n3 + (116 * n4) / 45 + (26 * n5) / 45 - (2854 * n6) / 675,
    (7 * n2) / 3 - (8 * n3) / 5 - (227 * n4) / 45 + (2704 * n5) / 315 + (2323 * n6) / 945,
    (56 * n3) / 15 - (136 * n4) / 35 - (1262 * n5) / 105 + (73814 * n6) / 2835,
    (4279 * n4) / 630 - (332 * n5) / 35 - (399572 * n6) / 14175,
    (4174 * n5) / 315 - (144838 * n6) / 6237,
    (601676 * n6) / 22275,
  ] as const;
  const lon0 = (centralMeridianDeg * Math.PI) / 180;
  const scaledRadius = scale * rectifyingRadius;

  return (easting, northing, out) => {
    const xi = (northing - falseNorthing) / scaledRadius;
    const eta = (easting - falseEasting) / scaledRadius;
    // ζ' = ζ − Σ βj sin(2jζ), ζ = ξ + iη, by complex Clenshaw summation (4 transcendental calls, not 24).
    const sin2Xi = Math.sin(2 * xi);
    const cos2Xi = Math.cos(2 * xi);
    const exp2Eta = Math.exp(2 * eta);
    const sinh2Eta = (exp2Eta - 1 / exp2Eta) / 2;
    const cosh2Eta = (exp2Eta + 1 / exp2Eta) / 2;
    const aReal = 2 * cos2Xi * cosh2Eta;
    const aImag = -2 * sin2Xi * sinh2Eta;
    let y1Real = 0;
    let y1Imag = 0;
    let y2Real = 0;
    let y2Imag = 0;
    for (let k = 5; k >= 0; k--) {
      const yReal = aReal * y1Real - aImag * y1Imag - y2Real + (beta[k] ?? 0);
      const yImag = aReal * y1Imag + aImag * y1Real - y2Imag;
      y2Real = y1Real;
      y2Imag = y1Imag;
      y1Real = yReal;
      y1Imag = yImag;
    }
    const sinReal = sin2Xi * cosh2Eta;
    const sinImag = cos2Xi * sinh2Eta;
    const xiPrime = xi - (sinReal * y1Real - sinImag * y1Imag);
    const etaPrime = eta - (sinReal * y1Imag + sinImag * y1Real);
    const expEtaPrime = Math.exp(etaPrime);
    const sinhEtaPrime = (expEtaPrime - 1 / expEtaPrime) / 2;
    const coshEtaPrime = (expEtaPrime + 1 / expEtaPrime) / 2;
    const cosXiPrime = Math.cos(xiPrime);
    const sinChi = Math.sin(xiPrime) / coshEtaPrime;
    const cosChi = Math.sqrt(Math.max(0, 1 - sinChi * sinChi));
    const chi = Math.asin(sinChi);
    // φ = χ + Σ δj sin(2jχ), real Clenshaw.
    const a = 2 * (1 - 2 * sinChi * sinChi);
    let y1 = 0;
    let y2 = 0;
    for (let k = 5; k >= 0; k--) {
      const y = a * y1 - y2 + (delta[k] ?? 0);
      y2 = y1;
      y1 = y;
    }
    out[0] = lon0 + Math.atan2(sinhEtaPrime, cosXiPrime);
    out[1] = chi + y1 * 2 * sinChi * cosChi;
  };
}

/**
 * Geodetic → ECEF on an ellipsoid: longitude, latitude in radians, ellipsoidal height in metres → X, Y, Z
 * metres written to `out` at `offset`.
 */
export function geodeticToEcef(
  ellipsoid: Ellipsoid,
  lonRad: number,
  latRad: number,
  heightMetres: number,
  out: Float64Array,
  offset: number,
): void {
  const a = ellipsoid.semiMajorAxis;
  const e2 = ellipsoid.flattening * (2 - ellipsoid.flattening);
  const sinLat = Math.sin(latRad);
  const cosLat = Math.cos(latRad);
  const primeVerticalRadius = a / Math.sqrt(1 - e2 * sinLat * sinLat);
  const horizontal = (primeVerticalRadius + heightMetres) * cosLat;
  out[offset] = horizontal * Math.cos(lonRad);
  out[offset + 1] = horizontal * Math.sin(lonRad);
  out[offset + 2] = (primeVerticalRadius * (1 - e2) + heightMetres) * sinLat;
}
