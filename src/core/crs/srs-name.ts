/**
 * Parsing of GML `srsName` values (as found in CityGML, XPlanGML, …) into an EPSG code, an optional vertical
 * CRS, the kind of heights and the axis order of the coordinates in the file.
 */
import { CrsError } from './crs-error.ts';
import { crsDefinition, verticalDefinition } from './definitions.ts';

/** Order of the first two coordinates of each position as written in the file. */
export type AxisOrder = 'east-north' | 'north-east';

/** What this module understood of a srsName. */
export interface ParsedSrs {
  /** The srsName as given (or the override CRS when one was used). */
  srsName: string;
  /** EPSG code of the horizontal (or compound) CRS. */
  epsg: number;
  /** EPSG code of the vertical CRS if the srsName is compound, an AdV code, or a compound EPSG code. */
  verticalEpsg?: number;
  /** 'physical' = heights above a geoid/quasigeoid (DHHN, NAP, …); 'unknown' = 2D CRS name with z values. */
  heightKind: 'ellipsoidal' | 'physical' | 'unknown';
  /** Vertical datum, e.g. 'DHHN2016', 'DHHN92', 'NAP'. */
  verticalDatum?: string;
  /** Geoid model named by the srsName (AdV codes such as `…*DE_DHHN2016_NH*GCG2016`), for information. */
  geoidModelName?: string;
  axisOrder: AxisOrder;
  /** Things the caller should know: malformed forms accepted, guesses made, overrides used. */
  warnings: string[];
}

/** Options of `parseSrsName`. */
export interface ParseSrsOptions {
  /**
   * A srsName (any accepted form, e.g. "EPSG:25832") used where the file's cannot be: missing, a local
   * engineering CRS, unrecognised, or without built-in definition. With `overrideAlways` it replaces any srsName.
   */
  overrideCrs?: string;
  /** Use `overrideCrs` even where the file's srsName is usable (for files that declare a wrong CRS). */
  overrideAlways?: boolean;
  /** Axis order of the file, overriding the order derived from the srsName form. */
  axisOrder?: AxisOrder;
}

/** How a form names its CRS: 'authority' forms (URN, http URI, AdV) use EPSG axis order, short forms do not. */
type AxisConvention = 'authority' | 'traditional';

interface RecognisedCodes {
  epsg: number;
  verticalEpsg?: number;
  ellipsoidalHeights?: boolean;
  geoidModelName?: string;
  convention: AxisConvention;
  warnings: string[];
}

/** AdV horizontal CRS codes (GeoInfoDok) → EPSG. */
const ADV_HORIZONTAL: Record<string, { epsg: number; ellipsoidalHeights?: boolean }> = {
  ETRS89_UTM31: { epsg: 25831 },
  ETRS89_UTM32: { epsg: 25832 },
  ETRS89_UTM33: { epsg: 25833 },
  DE_DHDN_3GK2: { epsg: 31466 },
  DE_DHDN_3GK3: { epsg: 31467 },
  DE_DHDN_3GK4: { epsg: 31468 },
  DE_DHDN_3GK5: { epsg: 31469 },
  'ETRS89_LAT-LON': { epsg: 4258 },
  'ETRS89_LAT-LON-H': { epsg: 4937, ellipsoidalHeights: true },
};

/** AdV vertical CRS codes → EPSG (undefined code: ellipsoidal heights). */
const ADV_VERTICAL: Record<string, number | 'ellipsoidal'> = {
  DE_DHHN2016_NH: 7837,
  DE_DHHN92_NH: 5783,
  DE_DHHN85_NOH: 5784,
  DE_DHHN12_NOH: 5784,
  ETRS89_H: 'ellipsoidal',
};

/** Bare CRS names found in the wild → EPSG, each accepted with a warning. */
const NAMED_CRS: Record<string, number> = {
  CH1903: 21781,
  'CH1903+': 2056,
  'CH1903/LV03': 21781,
  'CH1903+/LV95': 2056,
  WGS84: 4326,
  ETRS89: 4258,
};

function parseAdv(code: string, warnings: string[]): RecognisedCodes {
  const [horizontalCode = '', verticalCode, geoidCode] = code.split('*');
  const horizontal = ADV_HORIZONTAL[horizontalCode.toUpperCase()];
  if (!horizontal) {
    throw new CrsError(`unknown AdV horizontal CRS code "${horizontalCode}" in "urn:adv:crs:${code}"`);
  }
  const recognised: RecognisedCodes = {
    epsg: horizontal.epsg,
    convention: 'authority',
    warnings,
    ...(horizontal.ellipsoidalHeights ? { ellipsoidalHeights: true } : {}),
  };
  if (verticalCode !== undefined) {
    const vertical = ADV_VERTICAL[verticalCode.toUpperCase()];
    if (vertical === undefined) {
      throw new CrsError(`unknown AdV vertical CRS code "${verticalCode}" in "urn:adv:crs:${code}"`);
    }
    if (vertical === 'ellipsoidal') recognised.ellipsoidalHeights = true;
    else recognised.verticalEpsg = vertical;
  }
  if (geoidCode) recognised.geoidModelName = geoidCode;
  return recognised;
}

function epsgFromPart(part: string): number | undefined {
  // "crs:EPSG:6.12:25832", "crs:EPSG::5783", "EPSG:25832"
  const match = /^(?:crs:)?EPSG:(?:[\d.]*:)?(\d+)$/i.exec(part.trim());
  return match ? Number(match[1]) : undefined;
}

function recognise(text: string): RecognisedCodes {
  const warnings: string[] = [];
  let match: RegExpExecArray | null;

  if ((match = /^EPSG:(\d+)$/i.exec(text))) {
    return { epsg: Number(match[1]), convention: 'traditional', warnings };
  }
  if ((match = /^urn:(?:x-)?ogc:def:crs:EPSG:(?:[\d.]*:)?(\d+)$/i.exec(text))) {
    return { epsg: Number(match[1]), convention: 'authority', warnings };
  }
  if ((match = /^urn:(?:x-)?ogc:def:crs,(.+)$/i.exec(text))) {
    const codes = (match[1] ?? '').split(',').map(epsgFromPart);
    const [horizontal, vertical] = codes;
    if (codes.length === 2 && horizontal !== undefined && vertical !== undefined) {
      return { epsg: horizontal, verticalEpsg: vertical, convention: 'authority', warnings };
    }
  }
  if ((match = /^https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[^/]*\/(\d+)$/i.exec(text))) {
    return { epsg: Number(match[1]), convention: 'authority', warnings };
  }
  if ((match = /^https?:\/\/www\.opengis\.net\/def\/crs-compound\?1=(.+)&2=(.+)$/i.exec(text))) {
    const horizontal = recognise(decodeURIComponent(match[1] ?? ''));
    const vertical = recognise(decodeURIComponent(match[2] ?? ''));
    return { epsg: horizontal.epsg, verticalEpsg: vertical.epsg, convention: 'authority', warnings };
  }
  if ((match = /^https?:\/\/www\.opengis\.net\/gml\/srs\/epsg\.xml#(\d+)$/i.exec(text))) {
    return { epsg: Number(match[1]), convention: 'traditional', warnings };
  }
  if (
    /^(?:urn:ogc:def:crs:OGC:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/[^/]*\/)CRS84$/i.test(text)
  ) {
    return { epsg: 4326, convention: 'traditional', warnings };
  }
  if (
    /^(?:urn:ogc:def:crs:OGC:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/OGC\/[^/]*\/)CRS84h$/i.test(text)
  ) {
    return { epsg: 4979, convention: 'traditional', warnings };
  }
  if ((match = /^urn:adv:crs:(.+)$/i.exec(text))) {
    return parseAdv(match[1] ?? '', warnings);
  }
  const named = NAMED_CRS[text.toUpperCase().replace(/\s+/g, '')];
  if (named !== undefined) {
    warnings.push(`bare CRS name "${text}" read as EPSG:${named}`);
    return { epsg: named, convention: 'traditional', warnings };
  }
  if (
    /^[A-Z0-9_-]+(\*[A-Z0-9_-]+){0,2}$/i.test(text) &&
    ADV_HORIZONTAL[text.split('*')[0]?.toUpperCase() ?? '']
  ) {
    warnings.push(`AdV CRS code "${text}" without the "urn:adv:crs:" prefix accepted`);
    return parseAdv(text, warnings);
  }
  // Malformed forms that still name EPSG codes, e.g. "urn:ogc:def,crs::EPSG:31467".
  const codes = [...text.matchAll(/EPSG[:/]+(?:[\d.]+[:/]+)?(\d{4,5})\b/gi)].map((found) => Number(found[1]));
  const [horizontal, vertical] = codes;
  if (horizontal !== undefined && codes.length <= 2) {
    const verticalText = vertical !== undefined ? ` + EPSG:${vertical}` : '';
    warnings.push(`malformed srsName "${text}" read as EPSG:${horizontal}${verticalText}`);
    return {
      epsg: horizontal,
      ...(vertical !== undefined ? { verticalEpsg: vertical } : {}),
      convention: 'authority',
      warnings,
    };
  }
  throw new CrsError(`unrecognised srsName "${text}"; pass an override CRS such as "EPSG:25832"`, {
    kind: 'unknown',
    srsName: text,
  });
}

/**
 * Parses a GML srsName (short `EPSG:25832`, OGC URNs with or without version, compound URNs, OGC http URIs,
 * AdV codes such as `urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016`, a few malformed and bare-name forms).
 *
 * Axis order: projected CRSs are read easting first (as German data is written, also for Gauss-Krüger whose
 * EPSG order is northing first). Geographic CRSs are read latitude first when named in an authority form (URN,
 * http URI, AdV) and longitude first when named in the short `EPSG:4326` form (the GeoTools/GDAL convention,
 * which the sample files written that way follow).
 *
 * Throws `CrsError` for no srsName, a local engineering CRS (`#local-CRS-1`) or an unknown form, unless
 * `options.overrideCrs` is given (then used instead, with a warning).
 */
export function parseSrsName(srsName: string | undefined, options: ParseSrsOptions = {}): ParsedSrs {
  const original = srsName?.trim() ?? '';
  const override = options.overrideCrs?.trim();
  const described = original ? `"${original}"` : 'no srsName';
  const useOverride = (reason: string): ParsedSrs => {
    const parsed = parseSrsName(override, { ...options, overrideCrs: undefined, overrideAlways: false });
    parsed.warnings.unshift(`CRS override "${override}" used instead of ${described} (${reason})`);
    return parsed;
  };
  if (override && options.overrideAlways) return useOverride('override forced');
  if (!original) {
    if (override) return useOverride('no srsName in the input');
    throw new CrsError(
      'no srsName in the input: coordinates are in an unknown (possibly local) system; pass an override CRS such as "EPSG:25832"',
      { kind: 'missing' },
    );
  }
  if (original.startsWith('#') || /^urn:ogc:def:crs:(?:local|engineering)/i.test(original)) {
    if (override) return useOverride('local engineering CRS');
    throw new CrsError(
      `srsName "${original}" names a local engineering CRS, which cannot be placed on the globe; pass an override CRS such as "EPSG:25832"`,
      { kind: 'local', srsName: original },
    );
  }
  let recognised: RecognisedCodes;
  try {
    recognised = recognise(original);
  } catch (error) {
    if (override && error instanceof CrsError) return useOverride('srsName not recognised');
    throw error;
  }
  if (override && !crsDefinition(recognised.epsg) && !verticalDefinition(recognised.epsg)) {
    return useOverride(`EPSG:${recognised.epsg} has no built-in definition`);
  }
  const text = original;
  const warnings = [...recognised.warnings];
  const definition = crsDefinition(recognised.epsg);
  if (!definition) {
    if (verticalDefinition(recognised.epsg)) {
      throw new CrsError(`srsName "${text}" names only a vertical CRS (EPSG:${recognised.epsg})`);
    }
    warnings.push(
      `EPSG:${recognised.epsg} is not in the built-in definitions table; it cannot be reprojected`,
    );
  }

  const verticalEpsg = recognised.verticalEpsg ?? definition?.impliedVerticalEpsg;
  let heightKind: ParsedSrs['heightKind'] = 'unknown';
  let verticalDatum: string | undefined;
  if (verticalEpsg !== undefined) {
    const vertical = verticalDefinition(verticalEpsg);
    if (!vertical) throw new CrsError(`unknown vertical CRS EPSG:${verticalEpsg} in srsName "${text}"`);
    heightKind = vertical.heightKind;
    verticalDatum = vertical.datum;
  } else if (recognised.ellipsoidalHeights || definition?.kind === 'geographic3d') {
    heightKind = 'ellipsoidal';
  }

  const geographic = definition?.kind === 'geographic2d' || definition?.kind === 'geographic3d';
  let axisOrder: AxisOrder =
    geographic && recognised.convention === 'authority' ? 'north-east' : 'east-north';
  if (geographic && recognised.convention === 'traditional' && !options.axisOrder) {
    warnings.push(`short form "${text}" read in longitude, latitude order (GeoTools/GDAL convention)`);
  }
  if (options.axisOrder) axisOrder = options.axisOrder;

  return {
    srsName: text,
    epsg: recognised.epsg,
    ...(verticalEpsg !== undefined ? { verticalEpsg } : {}),
    heightKind,
    ...(verticalDatum !== undefined ? { verticalDatum } : {}),
    ...(recognised.geoidModelName !== undefined ? { geoidModelName: recognised.geoidModelName } : {}),
    axisOrder,
    warnings,
  };
}

/**
 * Why `text` cannot be an override CRS (a command line's `--crs`), in words for a person; undefined when it can:
 * a form `parseSrsName` reads, naming a horizontal CRS with a built-in definition (so it can be reprojected).
 * A file's own srsName is checked only when it is read; an override is checked before any file is.
 */
export function crsOverrideProblem(text: string): string | undefined {
  let parsed: ParsedSrs;
  try {
    parsed = parseSrsName(text);
  } catch (error) {
    if (!(error instanceof CrsError)) throw error;
    if (error.message.includes('vertical CRS'))
      return 'names only a vertical CRS; give the horizontal one, e.g. EPSG:25832';
    return 'not a CRS name the converter reads; expected e.g. EPSG:25832 or urn:ogc:def:crs:EPSG::25833';
  }
  if (!crsDefinition(parsed.epsg))
    return `EPSG:${parsed.epsg} has no built-in definition, so coordinates in it cannot be reprojected`;
  return undefined;
}
