import type { UnfinishedObject } from '../citygml/reader.ts';
import type { CityObjectRecord, ReadSummary, ReadWarning } from '../citygml/types.ts';
import { crsProblemOf } from '../crs/crs-error.ts';
import type { CrsProblem } from '../crs/crs-error.ts';
import { crsDefinition } from '../crs/definitions.ts';
import type { AreaOfUse } from '../crs/definitions.ts';
import { createEcefTransformer } from '../crs/ecef.ts';
import type { EcefTransformer, HeightCorrection } from '../crs/ecef.ts';
import { builtinEgm96 } from '../crs/geoid.ts';
import { parseSrsName } from '../crs/srs-name.ts';
import { ecefToGeodetic } from '../tiles/ellipsoid.ts';
import type { BuildingMesh } from '../tiles/types.ts';
import { cityObjectToMesh } from './object-mesh.ts';
import { errorMessage } from '../errors.ts';
import { countOwn } from '../util/own.ts';

/**
 * How far (degrees) outside its CRS's area of use an object may lie before a warning: areas of use end
 * at borders, while data in a neighbouring zone's CRS is common (all of Bavaria, up to 13.8°E, in UTM
 * zone 32 whose band ends at 12°E). A CRS mix-up lands hundreds or thousands of kilometres away.
 */
export const AREA_OF_USE_MARGIN_DEGREES = 3;

/** The CRS of a file's objects that lie outside its area of use, counted until the file ends. */
interface OutsideArea {
  count: number;
  /** Objects checked (written) from the file. */
  checked: number;
  crs: string;
  area: AreaOfUse;
  example: { id: string; line: number; longitude: number; latitude: number } | undefined;
}

/** Options of a conversion, all optional: no CRS override, the built-in EGM96 geoid, no textures. */
export interface ConversionOptions {
  /** srsName used for geometry without one (or instead of a local engineering CRS), e.g. "EPSG:25832". */
  overrideCrs?: string;
  /** How physical heights become ellipsoidal; default: the built-in EGM96 geoid. */
  heights?: HeightCorrection;
  /**
   * Keep ParameterizedTexture images and coordinates on the meshes (`BuildingMesh.texture`; default
   * false: untextured meshes, as the browser import writes them).
   */
  textures?: boolean;
}

/** A city object left out of the output, and why. */
export interface DroppedObject {
  id: string;
  file?: string;
  line: number;
  reason: string;
  /** Set when the object was dropped because its srsName could not be placed (see `CrsProblem`). */
  crs?: CrsProblem;
}

/** What a conversion did, as written to `report.json` (the converter CLI adds input and timing). */
export interface SessionReport {
  buildings: { read: number; written: number; dropped: number };
  /** Top-level objects of other types (roads, land use, …) read and written. */
  otherObjects: { read: number; written: number; byType: Record<string, number> };
  polygons: { read: number; triangulated: number; dropped: number };
  triangles: number;
  dropped: DroppedObject[];
  warnings: ReadWarning[];
  errors: { file?: string; line?: number; message: string }[];
  heightCorrection: string[];
}

/** A report with every count at zero: the start of a session, or the sum of several sessions' reports. */
export function emptySessionReport(): SessionReport {
  return {
    buildings: { read: 0, written: 0, dropped: 0 },
    otherObjects: { read: 0, written: 0, byType: {} },
    polygons: { read: 0, triangulated: 0, dropped: 0 },
    triangles: 0,
    dropped: [],
    warnings: [],
    errors: [],
    heightCorrection: [],
  };
}

/**
 * A conversion session: city objects go in one at a time (from any number of files), meshes in ECEF
 * metres come out for the tiler, and every object is accounted for (written or dropped with a reason).
 * Platform-free: the Node CLI and the browser workers drive the same session.
 */
export class ConversionSession {
  readonly meshes: BuildingMesh[] = [];
  readonly report: SessionReport = emptySessionReport();
  private readonly transformers = new Map<string, EcefTransformer>();
  /** EPSG code, name and area of use by srsName (as `transformers`). */
  private readonly crsAreas = new Map<string, { label: string; area: AreaOfUse } | undefined>();
  /** Objects outside their CRS's area of use, by file (reported once per file by `endFile`). */
  private readonly outside = new Map<string, OutsideArea>();
  private readonly heights: HeightCorrection;

  constructor(private readonly options: ConversionOptions = {}) {
    this.heights = options.heights ?? builtinEgm96();
  }

  /**
   * ECEF transformer for a srsName (cached); throws CrsError for unknown or missing CRSs. What the srsName's
   * reading warns about is reported once, at `firstUse` (the object that brought the srsName up first).
   */
  transformerFor(srsName: string | undefined, firstUse?: Omit<ReadWarning, 'message'>): EcefTransformer {
    const key = srsName ?? '';
    let transformer = this.transformers.get(key);
    if (!transformer) {
      const srs = parseSrsName(srsName, { overrideCrs: this.options.overrideCrs });
      for (const message of srs.warnings) {
        this.report.warnings.push({
          ...(firstUse ?? { line: 0 }),
          message: `CRS: ${message} (said once, for the first object with this srsName)`,
        });
      }
      transformer = createEcefTransformer(srs, this.heights);
      const definition = crsDefinition(srs.epsg);
      this.crsAreas.set(
        key,
        definition && { label: `EPSG:${definition.epsg} (${definition.name})`, area: definition.area },
      );
      if (!this.report.heightCorrection.includes(transformer.heightCorrection)) {
        this.report.heightCorrection.push(transformer.heightCorrection);
      }
      this.transformers.set(key, transformer);
    }
    return transformer;
  }

  /** Meshes one top-level city object read from `file`, or records why it was dropped. */
  add(record: CityObjectRecord, file?: string): void {
    const isBuilding = record.type === 'Building';
    if (isBuilding) this.report.buildings.read += 1;
    else {
      this.report.otherObjects.read += 1;
      countOwn(this.report.otherObjects.byType, record.type);
    }
    const drop = (reason: string, crs?: CrsProblem) => {
      if (isBuilding) this.report.buildings.dropped += 1;
      this.report.dropped.push({ id: record.id, file, line: record.line, reason, ...(crs ? { crs } : {}) });
    };
    let result;
    let firstSrs: string | undefined | null = null;
    try {
      result = cityObjectToMesh(
        record,
        (positions, srsName, out) => {
          if (firstSrs === null) firstSrs = srsName;
          return this.transformerFor(srsName, { file, line: record.line, objectId: record.id }).toEcef(
            positions,
            out,
          );
        },
        { textures: this.options.textures },
      );
    } catch (error) {
      drop(errorMessage(error), crsProblemOf(error));
      return;
    }
    this.report.polygons.read += result.polygons;
    this.report.polygons.dropped += result.dropped.length;
    this.report.polygons.triangulated += result.polygons - result.dropped.length;
    this.report.triangles += result.triangles;
    for (const d of result.dropped) {
      this.report.warnings.push({
        file,
        line: record.line,
        objectId: d.objectId,
        message: `polygon ${d.polygonId ?? '(no id)'} dropped: ${d.reason}`,
      });
    }
    if (!result.mesh) {
      const first = result.dropped[0];
      drop(
        result.polygons === 0
          ? `no geometry${record.lod < 0 ? '' : ` in LoD ${record.lod}`}`
          : `none of its ${result.polygons} polygons could be used (first: ${first?.reason})`,
        first?.crs,
      );
      return;
    }
    this.meshes.push(result.mesh);
    if (isBuilding) this.report.buildings.written += 1;
    else this.report.otherObjects.written += 1;
    if (firstSrs !== null) this.checkArea(record, result.mesh, firstSrs, file);
  }

  /**
   * Counts `record` when its mesh (its first vertex) lies outside the area of use of the CRS its
   * coordinates were read in, plus `AREA_OF_USE_MARGIN_DEGREES`: coordinates in another CRS than the
   * one named (latitude and longitude in a UTM file land in the Gulf of Guinea). The object is kept.
   */
  private checkArea(
    record: CityObjectRecord,
    mesh: BuildingMesh,
    srsName: string | undefined,
    file?: string,
  ) {
    const crs = this.crsAreas.get(srsName ?? '');
    if (crs === undefined || mesh.positions.length < 3) return;
    const key = file ?? '';
    let tally = this.outside.get(key);
    if (tally === undefined) {
      tally = { count: 0, checked: 0, crs: crs.label, area: crs.area, example: undefined };
      this.outside.set(key, tally);
    }
    tally.checked += 1;
    const p = mesh.positions;
    const geodetic = ecefToGeodetic(p[0] as number, p[1] as number, p[2] as number);
    const longitude = (geodetic.longitude * 180) / Math.PI;
    const latitude = (geodetic.latitude * 180) / Math.PI;
    const { west, south, east, north } = crs.area;
    const margin = AREA_OF_USE_MARGIN_DEGREES;
    if (
      longitude >= west - margin &&
      longitude <= east + margin &&
      latitude >= south - margin &&
      latitude <= north + margin
    ) {
      return;
    }
    tally.count += 1;
    tally.example ??= { id: record.id, line: record.line, longitude, latitude };
  }

  /** Adds a reader's summary: its warnings join the report; the file is done (see `endFile`). */
  addReadSummary(summary: ReadSummary, file?: string): void {
    for (const warning of summary.warnings)
      this.report.warnings.push({ ...warning, file: warning.file ?? file });
    this.endFile(file);
  }

  /**
   * Records a fault that stopped reading `file` (a `CityGmlError`, or any error with a message): an
   * error in the report, and the city object it cut off (`openObject`) as dropped. The file is done.
   */
  addReadError(error: unknown, file?: string): void {
    const fault = error as Partial<Error> & {
      line?: number;
      truncated?: boolean;
      openObject?: UnfinishedObject;
    };
    const message = fault.message ?? String(error);
    this.report.errors.push({ file, line: fault.line, message });
    const open = fault.openObject;
    if (open !== undefined) {
      const isBuilding = open.type === 'Building';
      if (isBuilding) {
        this.report.buildings.read += 1;
        this.report.buildings.dropped += 1;
      } else {
        this.report.otherObjects.read += 1;
        countOwn(this.report.otherObjects.byType, open.type);
      }
      const noun = isBuilding ? 'building' : open.type;
      this.report.dropped.push({
        id: open.id,
        file,
        line: open.line,
        reason:
          fault.truncated === true
            ? `file ends inside this ${noun}`
            : `reading stopped inside this ${noun} (error at line ${fault.line ?? '?'})`,
      });
    }
    this.endFile(file);
  }

  /**
   * Ends the objects of `file`: one warning if any lay outside their CRS's area of use (count, an
   * example id and line). Called by `addReadSummary` and `addReadError`.
   */
  endFile(file?: string): void {
    const key = file ?? '';
    const tally = this.outside.get(key);
    this.outside.delete(key);
    if (tally === undefined || tally.example === undefined) return;
    const { west, south, east, north } = tally.area;
    const { example } = tally;
    const warning: ReadWarning = {
      line: example.line,
      objectId: example.id,
      message:
        `${tally.count} of ${tally.checked} objects lie outside the area of use of ${tally.crs} ` +
        `(${west}° to ${east}° E, ${south}° to ${north}° N, ± ${AREA_OF_USE_MARGIN_DEGREES}°), e.g. ${example.id} ` +
        `at ${example.longitude.toFixed(3)}° E ${example.latitude.toFixed(3)}° N (coordinates in another CRS, ` +
        'or latitude and longitude in a projected one?); kept as they are',
    };
    if (file !== undefined) warning.file = file;
    this.report.warnings.push(warning);
  }
}
