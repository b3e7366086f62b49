/**
 * Section plane maths for the cut tool: a plane through an anchor point on the ground, given by its heading
 * and tilt, moved along its normal by metres. Everything is in the East-North-Up frame at the anchor (metres),
 * which is the frame the app places Cesium's `ClippingPlaneCollection` in. Platform-free.
 */

/** A section plane as the user sets it. */
export interface SectionPlaneOptions {
  /** Direction the kept side faces, degrees clockwise from north (0 = the part north of the plane stays). */
  headingDegrees?: number;
  /** Elevation of the normal, degrees: 0 = vertical plane, 90 = horizontal plane keeping what is above it,
   * −90 = horizontal plane keeping what is below it (floor heights). Clamped to −90..90. */
  tiltDegrees?: number;
  /** Distance of the plane from the anchor along its normal, metres (positive moves it to the kept side). */
  offsetMetres?: number;
  /** Whether the kept side is swapped (the normal reversed; the plane itself stays where it is). */
  flipped?: boolean;
}

/**
 * A section plane placed in the city, as links and story scenes carry it: the anchor on the ground (WGS84 degrees,
 * ellipsoidal metres) whose East-North-Up frame the plane is set in, and the plane's options there.
 */
export interface AnchoredSectionPlane extends Required<SectionPlaneOptions> {
  /** Anchor longitude, degrees. */
  longitude: number;
  /** Anchor latitude, degrees. */
  latitude: number;
  /** Anchor height, ellipsoidal metres. */
  height: number;
}

export const SECTION_PLANE_DEFAULTS: Required<SectionPlaneOptions> = {
  headingDegrees: 0,
  tiltDegrees: 0,
  offsetMetres: 0,
  flipped: false,
};

/**
 * A plane `normal · p + distance = 0` in the ENU frame at the anchor (metres); points with
 * `normal · p + distance > 0` are kept, the rest are cut away — the convention of Cesium's `ClippingPlane`
 * (it clips what lies behind the normal).
 */
export interface EnuPlane {
  /** Unit normal, [east, north, up]. */
  normal: [number, number, number];
  /** Signed distance term, metres. */
  distance: number;
}

const RADIANS = Math.PI / 180;

/** Fills in the defaults and normalises: heading to 0..360, tilt clamped to −90..90, non-finite values → default. */
export function normaliseSectionPlane(options: SectionPlaneOptions = {}): Required<SectionPlaneOptions> {
  const pick = (value: number | undefined, fallback: number) =>
    value !== undefined && Number.isFinite(value) ? value : fallback;
  const heading = pick(options.headingDegrees, SECTION_PLANE_DEFAULTS.headingDegrees);
  return {
    headingDegrees: ((heading % 360) + 360) % 360,
    tiltDegrees: Math.max(-90, Math.min(90, pick(options.tiltDegrees, SECTION_PLANE_DEFAULTS.tiltDegrees))),
    offsetMetres: pick(options.offsetMetres, SECTION_PLANE_DEFAULTS.offsetMetres),
    flipped: options.flipped ?? SECTION_PLANE_DEFAULTS.flipped,
  };
}

/** The plane in the ENU frame at the anchor (metres), as Cesium's `ClippingPlane` takes it. */
export function sectionPlane(options: SectionPlaneOptions = {}): EnuPlane {
  const { headingDegrees, tiltDegrees, offsetMetres, flipped } = normaliseSectionPlane(options);
  const h = headingDegrees * RADIANS;
  const t = tiltDegrees * RADIANS;
  const horizontal = Math.cos(t);
  const normal: [number, number, number] = [
    clean(Math.sin(h) * horizontal),
    clean(Math.cos(h) * horizontal),
    clean(Math.sin(t)),
  ];
  // The plane holds the point anchor + offset · normal: normal · p − offset = 0.
  if (!flipped) return { normal, distance: -offsetMetres };
  return { normal: [-normal[0], -normal[1], -normal[2]], distance: offsetMetres };
}

/** Whether an ENU point (metres) is on the kept side of the plane (on the plane counts as kept). */
export function keptBySectionPlane(plane: EnuPlane, point: readonly [number, number, number]): boolean {
  const [a, b, c] = plane.normal;
  return a * point[0] + b * point[1] + c * point[2] + plane.distance >= 0;
}

/** The options moved along the normal by `metres` (positive: towards the kept side of the unflipped plane). */
export function moveSectionPlane(
  options: SectionPlaneOptions,
  metres: number,
): Required<SectionPlaneOptions> {
  const current = normaliseSectionPlane(options);
  return { ...current, offsetMetres: current.offsetMetres + metres };
}

/** The options turned by `degrees` (clockwise seen from above), heading kept in 0..360. */
export function turnSectionPlane(
  options: SectionPlaneOptions,
  degrees: number,
): Required<SectionPlaneOptions> {
  const current = normaliseSectionPlane(options);
  return normaliseSectionPlane({ ...current, headingDegrees: current.headingDegrees + degrees });
}

/** The options tilted by `degrees` (clamped to −90..90). */
export function tiltSectionPlane(
  options: SectionPlaneOptions,
  degrees: number,
): Required<SectionPlaneOptions> {
  const current = normaliseSectionPlane(options);
  return normaliseSectionPlane({ ...current, tiltDegrees: current.tiltDegrees + degrees });
}

/** Rounds away float noise (cos 90° = 6e-17) so normals of right angles are exact. */
function clean(value: number): number {
  return Math.abs(value) < 1e-12 ? 0 : value;
}
