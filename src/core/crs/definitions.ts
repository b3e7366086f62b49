/**
 * Table of coordinate reference systems this module can project, keyed by EPSG code, as proj4 strings.
 *
 * Datum shifts to WGS84/ETRS89 are 7-parameter Helmert transformations (`+towgs84`, position-vector
 * convention) with the parameters PROJ 9.1 itself prints for `projinfo EPSG:<code> -o PROJ`:
 * - DHDN (Gauss-Krüger 31466–31469, 5676–5679, Soldner Berlin 3068): EPSG:1777 "DHDN to WGS 84 (2)",
 *   598.1,73.7,418.2,0.202,0.045,-2.455,6.7, used only outside the BeTA2007 grid: PROJ's default for DHDN →
 *   ETRS89 is the BeTA2007 NTv2 grid (EPSG:15948), built in here (`defaultShiftGrid`); the Helmert is up to about
 *   3 m off it across Germany (measured in the tests).
 * - Amersfoort (RD New 28992, 7415): EPSG:4833 "Amersfoort to WGS 84 (4)", converted from coordinate-frame to
 *   position-vector rotation signs.
 * - CH1903 (21781, 2056): EPSG:1753 "CH1903 to WGS 84 (1)", 674.374,15.056,405.346.
 * - ED50 (23031–23034): EPSG:1133 "ED50 to WGS 84 (1)", -87,-98,-121.
 * ETRS89, RGF93, JGD2011 and GDA are taken as identical to WGS84 (as PROJ's null transformations do).
 */

/** How a CRS's coordinates are to be read. */
export type CrsKind = 'projected' | 'geographic2d' | 'geographic3d';

/** One entry of the definitions table. */
export interface CrsDefinition {
  epsg: number;
  name: string;
  kind: CrsKind;
  /** proj4 definition string (axis order easting/longitude first). */
  proj4: string;
  /** Vertical CRS implied by a compound EPSG code (e.g. 7415 → NAP 5709). */
  impliedVerticalEpsg?: number;
  /** Set for UTM on GRS80/WGS84 with no datum shift: the fast path applies. */
  utm?: { zone: number; south: boolean };
  /** Built-in NTv2 grid used by default instead of the `+towgs84` Helmert (PROJ's default operation). */
  defaultShiftGrid?: 'BETA2007';
  /** Where the CRS is meant to be used: the EPSG registry's area of use (see `AreaOfUse`). */
  area: AreaOfUse;
}

/**
 * A bounding box in WGS84 degrees (west, south, east, north; west > east never occurs here): the EPSG
 * registry's area of use of a CRS, rounded outwards to a tenth of a degree. Coordinates far outside it
 * are in another CRS (latitude and longitude in a projected file land near 0°N 0°E).
 */
export interface AreaOfUse {
  west: number;
  south: number;
  east: number;
  north: number;
}

function area(west: number, south: number, east: number, north: number): AreaOfUse {
  return { west, south, east, north };
}

const WORLD = area(-180, -90, 180, 90);
/** ETRS89 (EPSG:4258): Europe, onshore and offshore. */
const EUROPE = area(-16.1, 32.8, 40.2, 84.8);
/** Germany, onshore and offshore (e.g. EPSG:5243, the DHHN92 compound codes in their zones' parts). */
const GERMANY = area(3.3, 47.2, 15.1, 55.1);
/** JGD2011 (EPSG:6668). */
const JAPAN = area(122.3, 17.0, 157.7, 46.1);

/** The 6° band of UTM zone `zone` between `south` and `north` degrees latitude. */
function utmArea(zone: number, south: number, north: number): AreaOfUse {
  return area(zone * 6 - 186, south, zone * 6 - 180, north);
}

/** One vertical CRS this module recognises. */
export interface VerticalDefinition {
  epsg: number;
  /** Short datum name used in records, e.g. 'DHHN2016'. */
  datum: string;
  /** 'ellipsoidal' never occurs for EPSG vertical CRSs; all listed here are gravity-related heights. */
  heightKind: 'physical';
}

const DHDN_TOWGS84 = '+towgs84=598.1,73.7,418.2,0.202,0.045,-2.455,6.7';
const AMERSFOORT_TOWGS84 =
  '+towgs84=565.4171,50.3319,465.5524,-0.398957388243134,0.343987817378283,-1.87740163998045,4.0725';
const CH1903_TOWGS84 = '+towgs84=674.374,15.056,405.346,0,0,0,0';
const ED50_TOWGS84 = '+towgs84=-87,-98,-121,0,0,0,0';
const GRS80_NULL = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

function gaussKrueger(zone: number): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${zone * 3} +k=1 +x_0=${zone * 1_000_000 + 500_000} +y_0=0 +ellps=bessel ${DHDN_TOWGS84} +units=m +no_defs`;
}

function utm(zone: number, south: boolean, datum: string): string {
  return `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${datum} +units=m +no_defs`;
}

const TABLE = new Map<number, CrsDefinition>();

function add(definition: CrsDefinition): void {
  TABLE.set(definition.epsg, definition);
}

// Geographic.
add({
  epsg: 4326,
  name: 'WGS 84',
  kind: 'geographic2d',
  proj4: '+proj=longlat +datum=WGS84 +no_defs',
  area: WORLD,
});
add({
  epsg: 4979,
  name: 'WGS 84 (3D)',
  kind: 'geographic3d',
  proj4: '+proj=longlat +datum=WGS84 +no_defs',
  area: WORLD,
});
add({
  epsg: 4258,
  name: 'ETRS89',
  kind: 'geographic2d',
  proj4: `+proj=longlat ${GRS80_NULL} +no_defs`,
  area: EUROPE,
});
add({
  epsg: 4937,
  name: 'ETRS89 (3D)',
  kind: 'geographic3d',
  proj4: `+proj=longlat ${GRS80_NULL} +no_defs`,
  area: EUROPE,
});
add({
  epsg: 6668,
  name: 'JGD2011',
  kind: 'geographic2d',
  proj4: `+proj=longlat ${GRS80_NULL} +no_defs`,
  area: JAPAN,
});
add({
  epsg: 6697,
  name: 'JGD2011 + JGD2011 (vertical) height',
  kind: 'geographic2d',
  proj4: `+proj=longlat ${GRS80_NULL} +no_defs`,
  impliedVerticalEpsg: 6695,
  area: JAPAN,
});
add({
  epsg: 7409,
  name: 'ETRS89 + EVRF2000 height',
  kind: 'geographic2d',
  proj4: `+proj=longlat ${GRS80_NULL} +no_defs`,
  impliedVerticalEpsg: 5730,
  area: EUROPE,
});

// ETRS89 / UTM (25828–25838), the German compound codes with DHHN92 (5554–5556), and zone-prefixed variants.
for (let zone = 28; zone <= 38; zone++) {
  add({
    epsg: 25800 + zone,
    name: `ETRS89 / UTM zone ${zone}N`,
    kind: 'projected',
    proj4: utm(zone, false, GRS80_NULL),
    utm: { zone, south: false },
    // ETRS89 / UTM zones: Europe within the zone's 6° band
    area: utmArea(zone, EUROPE.south, EUROPE.north),
  });
}
for (const [epsg, zone] of [
  [5554, 31],
  [5555, 32],
  [5556, 33],
] as const) {
  add({
    epsg,
    name: `ETRS89 / UTM zone ${zone}N + DHHN92 height`,
    kind: 'projected',
    proj4: utm(zone, false, GRS80_NULL),
    utm: { zone, south: false },
    impliedVerticalEpsg: 5783,
    // Germany within the zone's band (zone 31: the strip west of 6°E)
    area: area(
      Math.max(GERMANY.west, zone * 6 - 186),
      GERMANY.south,
      Math.min(GERMANY.east, zone * 6 - 180),
      GERMANY.north,
    ),
  });
}
add({
  epsg: 4647,
  name: 'ETRS89 / UTM zone 32N (zE-N)',
  kind: 'projected',
  proj4: `+proj=tmerc +lat_0=0 +lon_0=9 +k=0.9996 +x_0=32500000 +y_0=0 ${GRS80_NULL} +units=m +no_defs`,
  area: area(GERMANY.west, GERMANY.south, 12, GERMANY.north),
});
add({
  epsg: 5650,
  name: 'ETRS89 / UTM zone 33N (zE-N)',
  kind: 'projected',
  proj4: `+proj=tmerc +lat_0=0 +lon_0=15 +k=0.9996 +x_0=33500000 +y_0=0 ${GRS80_NULL} +units=m +no_defs`,
  area: area(12, GERMANY.south, GERMANY.east, GERMANY.north),
});
// WGS 84 / UTM north (32601–32660) and south (32701–32760).
for (let zone = 1; zone <= 60; zone++) {
  for (const south of [false, true]) {
    add({
      epsg: (south ? 32700 : 32600) + zone,
      name: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
      kind: 'projected',
      proj4: utm(zone, south, '+datum=WGS84'),
      utm: { zone, south },
      // the zone's band, from the equator to 84°N or to 80°S
      area: south ? utmArea(zone, -80, 0) : utmArea(zone, 0, 84),
    });
  }
}
// ED50 / UTM.
for (let zone = 28; zone <= 38; zone++) {
  add({
    epsg: 23000 + zone,
    name: `ED50 / UTM zone ${zone}N`,
    kind: 'projected',
    proj4: utm(zone, false, `+ellps=intl ${ED50_TOWGS84}`),
    // ED50 (EPSG:4230) covers Europe and North Africa from 25.7°N
    area: utmArea(zone, 25.7, EUROPE.north),
  });
}
// DHDN / 3-degree Gauss-Krüger zones 2–5, and the (E-N) variants 5676–5679 (same numbers, easting first).
// Zones 2–5 cover Germany west of 7.5°E, 7.5°–10.5°E, 10.5°–13.5°E and east of 13.5°E.
const GAUSS_KRUEGER_AREAS: Record<number, AreaOfUse> = {
  2: area(5.8, 49.1, 7.5, 53.8),
  3: area(7.5, 47.2, 10.5, 55.1),
  4: area(10.5, 47.3, 13.5, 54.8),
  5: area(13.5, 46.3, 15.1, 54.8),
};
for (let zone = 2; zone <= 5; zone++) {
  add({
    epsg: 31464 + zone,
    name: `DHDN / 3-degree Gauss-Kruger zone ${zone}`,
    kind: 'projected',
    proj4: gaussKrueger(zone),
    defaultShiftGrid: 'BETA2007',
    area: GAUSS_KRUEGER_AREAS[zone] as AreaOfUse,
  });
  add({
    epsg: 5674 + zone,
    name: `DHDN / 3-degree Gauss-Kruger zone ${zone} (E-N)`,
    kind: 'projected',
    proj4: gaussKrueger(zone),
    defaultShiftGrid: 'BETA2007',
    area: GAUSS_KRUEGER_AREAS[zone] as AreaOfUse,
  });
}
add({
  epsg: 3068,
  name: 'DHDN / Soldner Berlin',
  kind: 'projected',
  proj4: `+proj=cass +lat_0=52.4186482777778 +lon_0=13.6272036666667 +x_0=40000 +y_0=10000 +ellps=bessel ${DHDN_TOWGS84} +units=m +no_defs`,
  defaultShiftGrid: 'BETA2007',
  area: area(13.0, 52.3, 13.8, 52.7),
});
// Netherlands (onshore).
const RD_NEW = `+proj=sterea +lat_0=52.1561605555556 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel ${AMERSFOORT_TOWGS84} +units=m +no_defs`;
const NETHERLANDS = area(3.2, 50.7, 7.3, 53.7);
add({ epsg: 28992, name: 'Amersfoort / RD New', kind: 'projected', proj4: RD_NEW, area: NETHERLANDS });
add({
  epsg: 7415,
  name: 'Amersfoort / RD New + NAP height',
  kind: 'projected',
  proj4: RD_NEW,
  impliedVerticalEpsg: 5709,
  area: NETHERLANDS,
});
// Switzerland and Liechtenstein.
const SWITZERLAND = area(5.9, 45.8, 10.5, 47.9);
// Switzerland.
add({
  epsg: 21781,
  name: 'CH1903 / LV03',
  kind: 'projected',
  proj4: `+proj=somerc +lat_0=46.9524055555556 +lon_0=7.43958333333333 +k_0=1 +x_0=600000 +y_0=200000 +ellps=bessel ${CH1903_TOWGS84} +units=m +no_defs`,
  area: SWITZERLAND,
});
add({
  epsg: 2056,
  name: 'CH1903+ / LV95',
  kind: 'projected',
  proj4: `+proj=somerc +lat_0=46.9524055555556 +lon_0=7.43958333333333 +k_0=1 +x_0=2600000 +y_0=1200000 +ellps=bessel ${CH1903_TOWGS84} +units=m +no_defs`,
  area: SWITZERLAND,
});
// France: RGF93 / CC42–CC50 (3942–3950).
for (let index = 0; index <= 8; index++) {
  const latitude = 42 + index;
  add({
    epsg: 3942 + index,
    name: `RGF93 / CC${latitude}`,
    kind: 'projected',
    proj4: `+proj=lcc +lat_0=${latitude} +lon_0=3 +lat_1=${latitude - 0.75} +lat_2=${latitude + 0.75} +x_0=1700000 +y_0=${(latitude - 41) * 1_000_000 + 200_000} ${GRS80_NULL} +units=m +no_defs`,
    // mainland France between latitude − 1° and latitude + 1°
    area: area(-5.0, latitude - 1, 8.3, latitude + 1),
  });
}
// Germany-wide Lambert (ETRS89 / LCC Germany).
add({
  epsg: 5243,
  name: 'ETRS89 / LCC Germany (E-N)',
  kind: 'projected',
  proj4: `+proj=lcc +lat_0=51 +lon_0=10.5 +lat_1=48.6666666666667 +lat_2=53.6666666666667 +x_0=0 +y_0=0 ${GRS80_NULL} +units=m +no_defs`,
  area: GERMANY,
});

const VERTICAL = new Map<number, VerticalDefinition>(
  (
    [
      [5783, 'DHHN92'],
      [7837, 'DHHN2016'],
      [5784, 'DHHN85'],
      [5709, 'NAP'],
      [5773, 'EGM96'],
      [3855, 'EGM2008'],
      [5714, 'MSL'],
      [5728, 'LN02'],
      [6695, 'JGD2011 (vertical)'],
      [5730, 'EVRF2000'],
      [5621, 'EVRF2007'],
      [9389, 'EVRF2019'],
      [5703, 'NAVD88'],
      [5711, 'AHD'],
    ] as const
  ).map(([epsg, datum]) => [epsg, { epsg, datum, heightKind: 'physical' }]),
);

/** The definition of a horizontal (or compound) EPSG code, or undefined if this module does not know it. */
export function crsDefinition(epsg: number): CrsDefinition | undefined {
  return TABLE.get(epsg);
}

/** The vertical CRS for an EPSG code, or undefined if it is not a vertical CRS known to this module. */
export function verticalDefinition(epsg: number): VerticalDefinition | undefined {
  return VERTICAL.get(epsg);
}
