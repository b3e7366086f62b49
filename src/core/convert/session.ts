import type { CityObjectRecord, ReadSummary, ReadWarning } from '../citygml/types.ts';
import { createEcefTransformer } from '../crs/ecef.ts';
import type { EcefTransformer, HeightCorrection } from '../crs/ecef.ts';
import { builtinEgm96 } from '../crs/geoid.ts';
import { parseSrsName } from '../crs/srs-name.ts';
import type { BuildingMesh } from '../tiles/types.ts';
import { cityObjectToMesh } from './mesh.ts';

/** Options of a conversion; `Required<>` defaults below. */
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
}

/** What a conversion did, as written to `report.json` (the converter CLI adds input and timing). */
export interface ConversionReport {
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
export function emptyConversionReport(): ConversionReport {
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
  readonly report: ConversionReport = emptyConversionReport();
  private readonly transformers = new Map<string, EcefTransformer>();
  private readonly heights: HeightCorrection;

  constructor(private readonly options: ConversionOptions = {}) {
    this.heights = options.heights ?? builtinEgm96();
  }

  /** ECEF transformer for a srsName (cached); throws CrsError for unknown or missing CRSs. */
  transformerFor(srsName: string | undefined): EcefTransformer {
    const key = srsName ?? '';
    let transformer = this.transformers.get(key);
    if (!transformer) {
      const srs = parseSrsName(srsName, { overrideCrs: this.options.overrideCrs });
      for (const message of srs.warnings) this.report.warnings.push({ line: 0, message: `CRS: ${message}` });
      transformer = createEcefTransformer(srs, this.heights);
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
      this.report.otherObjects.byType[record.type] = (this.report.otherObjects.byType[record.type] ?? 0) + 1;
    }
    const drop = (reason: string) => {
      if (isBuilding) this.report.buildings.dropped += 1;
      this.report.dropped.push({ id: record.id, file, line: record.line, reason });
    };
    let result;
    try {
      result = cityObjectToMesh(
        record,
        (positions, srsName) => this.transformerFor(srsName).toEcef(positions),
        { textures: this.options.textures },
      );
    } catch (error) {
      drop((error as Error).message);
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
      const firstReason = result.dropped[0]?.reason;
      drop(
        result.polygons === 0
          ? `no geometry${record.lod < 0 ? '' : ` in LoD ${record.lod}`}`
          : `none of its ${result.polygons} polygons could be used (first: ${firstReason})`,
      );
      return;
    }
    this.meshes.push(result.mesh);
    if (isBuilding) this.report.buildings.written += 1;
    else this.report.otherObjects.written += 1;
  }

  /** Adds a reader's summary: its warnings join the report. */
  addReadSummary(summary: ReadSummary, file?: string): void {
    for (const warning of summary.warnings)
      this.report.warnings.push({ ...warning, file: warning.file ?? file });
  }
}
