/**
 * GeoPackage (OGC 12-128, any 1.x including 1.4): the feature tables listed in `gpkg_contents`, read with
 * sql.js (SQLite compiled to WebAssembly, as loaders.gl's own GeoPackage loader does; the caller passes the
 * initialised module so this stays platform-free and the wasm comes from wherever the platform keeps it),
 * each geometry a GeoPackage binary header followed by WKB (loaders.gl's WKBLoader), the CRS from
 * `gpkg_spatial_ref_sys`. Several feature tables become one layer with a `layer` property.
 */
import { WKBLoader } from '@loaders.gl/wkt';
import { errorMessage } from '../../errors.ts';
import type { VectorLayer } from '../vector.ts';
import { concatLayers, emptyLayer, fileProblem, layerFromFeatures } from './features.ts';
import type { SourceFeature } from './features.ts';
import { srsNameFromPrj } from './prj.ts';
import { setOwn } from '../../util/own.ts';

/** The result of a query as sql.js gives it. */
export interface SqlQueryResult {
  columns: string[];
  values: unknown[][];
}

/** The part of a sql.js `Database` the reader uses. */
export interface SqlDatabase {
  exec(sql: string, params?: unknown[]): SqlQueryResult[];
  close(): void;
}

/** The part of the initialised sql.js module (`await initSqlJs(…)`) the reader uses. */
export interface SqlModule {
  Database: new (data?: Uint8Array) => SqlDatabase;
}

/** Rows of a query as objects by column name. */
function rows(db: SqlDatabase, sql: string, params: unknown[] = []): Record<string, unknown>[] {
  const [result] = db.exec(sql, params);
  if (!result) return [];
  return result.values.map((values) =>
    Object.fromEntries(result.columns.map((column, i) => [column, values[i]])),
  );
}

/** `name` quoted as an SQLite identifier. */
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The WKB inside a GeoPackage binary geometry (magic 'GP', version, flags with the envelope's size and the
 * header's byte order, srs_id, envelope), or undefined for an empty geometry. Throws for a blob that is
 * not a GeoPackage geometry.
 */
export function geoPackageWkb(blob: Uint8Array): Uint8Array | undefined {
  if (blob.byteLength < 8 || blob[0] !== 0x47 || blob[1] !== 0x50)
    throw new Error('not a GeoPackage geometry (no "GP" header)');
  const flags = blob[3] as number;
  const envelope = (flags >> 1) & 0b111;
  const envelopeBytes = [0, 32, 48, 48, 64][envelope];
  if (envelopeBytes === undefined) throw new Error(`GeoPackage geometry: unknown envelope code ${envelope}`);
  if (flags & 0b10000) return undefined; // empty geometry
  return blob.subarray(8 + envelopeBytes);
}

/** The srsName of a `gpkg_spatial_ref_sys` row: its EPSG code, else its WKT; undefined for "undefined" (0, -1). */
function srsNameOf(row: Record<string, unknown> | undefined, file: string): string | undefined {
  if (!row) return undefined;
  const id = Number(row.srs_id);
  if (id === 0 || id === -1) return undefined;
  const organisation = String(row.organization ?? '').toUpperCase();
  const code = Number(row.organization_coordsys_id);
  if (organisation === 'EPSG' && Number.isInteger(code) && code > 0) return `EPSG:${code}`;
  return srsNameFromPrj(String(row.definition ?? ''), `${file} (spatial reference ${id})`);
}

/** Reads one feature table into features in its own CRS, with a problem per unreadable geometry. */
function tableFeatures(
  db: SqlDatabase,
  table: string,
  column: string,
  layerName: string | undefined,
): { features: SourceFeature[]; bad: { record: number; reason: string }[] } {
  const features: SourceFeature[] = [];
  const bad: { record: number; reason: string }[] = [];
  const [result] = db.exec(`SELECT * FROM ${quoted(table)}`);
  if (!result) return { features, bad };
  const geometryIndex = result.columns.indexOf(column);
  result.values.forEach((values, record) => {
    const properties: Record<string, unknown> = layerName !== undefined ? { layer: layerName } : {};
    result.columns.forEach((name, i) => {
      if (i !== geometryIndex) setOwn(properties, name, values[i]);
    });
    let geometry: unknown = null;
    const blob = values[geometryIndex];
    if (blob instanceof Uint8Array) {
      try {
        const wkb = geoPackageWkb(blob);
        if (wkb)
          geometry = WKBLoader.parseSync?.(wkb.slice().buffer as ArrayBuffer, {
            wkb: { shape: 'geojson-geometry' },
          });
      } catch (error) {
        bad.push({ record, reason: errorMessage(error) });
      }
    }
    features.push({ geometry, properties });
  });
  return { features, bad };
}

/**
 * Reads the feature tables of the GeoPackage `bytes` (named `file` in messages) with `sql`, the initialised
 * sql.js module, into lon/lat features with their attributes as text. A file that is not a GeoPackage, has
 * no feature tables or names an unknown CRS gives problems naming the file (and the table).
 */
export function readGeoPackage(bytes: Uint8Array, file: string, sql: SqlModule): VectorLayer {
  const fail = (message: string) =>
    emptyLayer('unknown', [fileProblem(file, `GeoPackage reader: ${message}`)]);
  if (bytes.byteLength < 100 || new TextDecoder().decode(bytes.subarray(0, 15)) !== 'SQLite format 3')
    return fail(`${file} is not a GeoPackage (no SQLite header)`);
  let db: SqlDatabase;
  try {
    db = new sql.Database(bytes);
  } catch (error) {
    return fail(`${file} cannot be opened (${errorMessage(error)})`);
  }
  try {
    let tables: Record<string, unknown>[];
    try {
      tables = rows(
        db,
        `SELECT c.table_name AS table_name, g.column_name AS column_name, g.srs_id AS srs_id
           FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
          WHERE c.data_type = 'features' ORDER BY c.table_name`,
      );
    } catch (error) {
      const reason = errorMessage(error);
      return fail(
        /malformed|not a database|disk image/i.test(reason)
          ? `${file} is damaged or cut short (${reason})`
          : `${file} has no GeoPackage tables gpkg_contents/gpkg_geometry_columns (${reason})`,
      );
    }
    if (tables.length === 0) return fail(`${file} has no feature tables`);
    const layers: VectorLayer[] = [];
    for (const table of tables) {
      const name = String(table.table_name);
      const where = tables.length > 1 ? `${file}, table "${name}"` : file;
      try {
        const [srs] = rows(db, 'SELECT * FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [table.srs_id]);
        const srsName = srsNameOf(srs, file);
        const { features, bad } = tableFeatures(
          db,
          name,
          String(table.column_name),
          tables.length > 1 ? name : undefined,
        );
        const layer = layerFromFeatures(features, srsName, file, 'geopackage');
        layer.problems = layer.problems.filter((p) => !bad.some((b) => p.line === b.record + 1));
        for (const { record, reason } of bad)
          layer.problems.push({
            file,
            line: record + 1,
            message: `GeoPackage reader: ${where}, record ${record + 1}: ${reason}`,
          });
        layers.push(layer);
      } catch (error) {
        layers.push(
          emptyLayer('unknown', [fileProblem(file, `GeoPackage reader: ${where}: ${errorMessage(error)}`)]),
        );
      }
    }
    return concatLayers(layers);
  } finally {
    db.close();
  }
}
