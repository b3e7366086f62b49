/**
 * The coordinate system of a Shapefile's `.prj` (WKT1 as ESRI and GDAL write it, or WKT2) as an srsName
 * the CRS module reads ('EPSG:25832'): from the root's own EPSG authority when the WKT carries one, else from
 * the names and parameters German exports use (ETRS89 / UTM, DHDN / Gauss-Krüger, WGS 84, ETRS89
 * geographic). Platform-free.
 */

/** A `.prj` whose coordinate system this module cannot name; the message says which and what is known. */
export class PrjError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrjError';
  }
}

/** Lower case, every run of other characters than letters and digits as one '_'. */
function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The EPSG code of a coordinate system's name as ESRI, GDAL and EPSG spell it; undefined when unknown. */
function epsgOfName(raw: string): number | undefined {
  const name = normalise(raw);
  let match = /^etrs_?(?:1989|89)_utm_zone_(\d{2})n?$/.exec(name);
  if (match) return 25800 + Number(match[1]);
  match = /^wgs_?(?:1984|84)_utm_zone_(\d{1,2})([ns])$/.exec(name);
  if (match) return (match[2] === 'n' ? 32600 : 32700) + Number(match[1]);
  match = /^dhdn_3_degree_gauss(?:_kruger|_krueger)?_zone_([2-5])$/.exec(name);
  if (match) return 31464 + Number(match[1]);
  if (/^(?:gcs_)?wgs_?(?:1984|84)$/.test(name)) return 4326;
  if (/^(?:gcs_)?etrs_?(?:1989|89)$/.test(name)) return 4258;
  return undefined;
}

/** The numeric value of WKT1 `PARAMETER["name", value]` (name compared normalised); NaN when absent. */
function parameter(wkt: string, name: string): number {
  for (const match of wkt.matchAll(/PARAMETER\[\s*"([^"]*)"\s*,\s*([-+\d.eE]+)\s*\]/g)) {
    if (normalise(match[1] as string) === name) return Number(match[2]);
  }
  return NaN;
}

/** A Transverse Mercator of ETRS89/GRS 1980 (UTM) or DHDN/Bessel (Gauss-Krüger) by its parameters. */
function epsgOfTransverseMercator(wkt: string): number | undefined {
  if (!/PROJECTION\[\s*"Transverse_Mercator"/i.test(wkt)) return undefined;
  const meridian = parameter(wkt, 'central_meridian');
  const scale = parameter(wkt, 'scale_factor');
  const falseEasting = parameter(wkt, 'false_easting');
  const falseNorthing = parameter(wkt, 'false_northing');
  if (falseNorthing !== 0 || !Number.isFinite(meridian)) return undefined;
  const grs80 = /SPHEROID\[\s*"GRS[ _]?(?:19)?80"/i.test(wkt);
  const bessel = /SPHEROID\[\s*"Bessel[ _]1841"/i.test(wkt);
  const utmZone = (meridian + 183) / 6;
  if (grs80 && scale === 0.9996 && Number.isInteger(utmZone)) {
    if (falseEasting === 500_000 && utmZone >= 28 && utmZone <= 38) return 25800 + utmZone;
    if (falseEasting === 32_500_000 && utmZone === 32) return 4647;
    if (falseEasting === 33_500_000 && utmZone === 33) return 5650;
  }
  const gkZone = meridian / 3;
  if (bessel && scale === 1 && gkZone >= 2 && gkZone <= 5 && falseEasting === gkZone * 1_000_000 + 500_000)
    return 31464 + gkZone;
  return undefined;
}

/** Largest `.prj` read, bytes: a coordinate system's WKT is a few hundred; a larger file is no `.prj`. */
export const PRJ_MAX_BYTES = 64 * 1024;

/** Why a `.prj` named `name` of `bytes` bytes is not read (it is over `PRJ_MAX_BYTES`); undefined when it is. */
export function prjSizeProblem(name: string, bytes: number): string | undefined {
  return bytes > PRJ_MAX_BYTES
    ? `${name}: ${bytes} bytes, more than a coordinate system's WKT (${PRJ_MAX_BYTES})`
    : undefined;
}

/**
 * The srsName ('EPSG:25832') of the coordinate system described by `wkt`, the text of a `.prj`. Throws
 * `PrjError` naming `file` and the coordinate system's own name when it cannot be told.
 */
export function srsNameFromPrj(wkt: string, file = '.prj'): string {
  const text = wkt.replace(/^\uFEFF/, '').trim();
  // The root's authority is its last element: `…,AUTHORITY["EPSG","25832"]]` (WKT1), `…,ID["EPSG",25832]]` (WKT2).
  const authority =
    /(?:AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]|ID\[\s*"EPSG"\s*,\s*(\d+)\s*\])\s*\]\s*$/i.exec(text);
  if (authority) return `EPSG:${authority[1] ?? authority[2]}`;
  const root = /^\s*(PROJCS|PROJCRS|GEOGCS|GEOGCRS|GEODCRS)\[\s*"([^"]*)"/i.exec(text);
  if (!root) {
    throw new PrjError(
      `${file}: not a coordinate system description (expected WKT starting with PROJCS[ or GEOGCS[)`,
    );
  }
  const epsg = epsgOfName(root[2] as string) ?? epsgOfTransverseMercator(text);
  if (epsg !== undefined) return `EPSG:${epsg}`;
  throw new PrjError(
    `${file}: coordinate system "${root[2]}" is not known here; expected ETRS89 / UTM, DHDN / Gauss-Krüger (zones 2–5), WGS 84 or ETRS89 (or a .prj naming its EPSG code)`,
  );
}
