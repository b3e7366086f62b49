/**
 * ESRI Shapefiles: the `.shp` geometries (loaders.gl's SHPLoader), the `.dbf` attributes (DBFLoader) in the
 * code page the `.cpg` names (else UTF-8 when the records are valid UTF-8, else Windows-1252/Latin-1), and
 * the coordinate system of the `.prj`. A `.shp` needs its `.dbf` and `.prj`; a missing one, a file cut
 * short or an unknown coordinate system is a problem naming the file, never a crash. Platform-free.
 */
import { parse } from '@loaders.gl/core';
import { DBFLoader, SHPLoader } from '@loaders.gl/shapefile';
import { errorMessage } from '../../errors.ts';
import type { VectorLayer } from '../vector.ts';
import { emptyLayer, fileProblem, layerFromFeatures, ownBuffer } from './features.ts';
import type { GisFile, SourceFeature } from './features.ts';
import { srsNameFromPrj } from './prj.ts';
import { shapefileBase } from './names.ts';

/** Binary geometry as SHPLoader gives it (positions flat, path/ring/polygon starts in vertices). */
interface ShpGeometry {
  type: 'Point' | 'LineString' | 'Polygon';
  positions: { value: ArrayLike<number>; size: number };
  pathIndices?: { value: ArrayLike<number> };
  primitivePolygonIndices?: { value: ArrayLike<number> };
  polygonIndices?: { value: ArrayLike<number> };
}

/** The positions [x, y] of vertices `from` (inclusive) to `to` (exclusive). */
function positionsOf(geometry: ShpGeometry, from: number, to: number): number[][] {
  const { value, size } = geometry.positions;
  const out: number[][] = [];
  for (let i = from; i < to; i++) out.push([value[i * size] as number, value[i * size + 1] as number]);
  return out;
}

/** A SHPLoader geometry as a GeoJSON geometry (still in the file's CRS); null for a null shape. */
export function shpGeometryToGeoJson(geometry: ShpGeometry | null | undefined): unknown {
  if (!geometry) return null;
  const count = geometry.positions.value.length / geometry.positions.size;
  if (geometry.type === 'Point') {
    const points = positionsOf(geometry, 0, count);
    return points.length === 1
      ? { type: 'Point', coordinates: points[0] }
      : { type: 'MultiPoint', coordinates: points };
  }
  if (geometry.type === 'LineString') {
    const starts = Array.from(geometry.pathIndices?.value ?? [0, count]);
    const lines: number[][][] = [];
    for (let i = 0; i + 1 < starts.length; i++)
      lines.push(positionsOf(geometry, starts[i] as number, starts[i + 1] as number));
    return lines.length === 1
      ? { type: 'LineString', coordinates: lines[0] }
      : { type: 'MultiLineString', coordinates: lines };
  }
  const rings = Array.from(geometry.primitivePolygonIndices?.value ?? [0, count]);
  const polygonStarts = Array.from(geometry.polygonIndices?.value ?? [0, count]);
  const polygons: number[][][][] = [];
  for (let p = 0; p + 1 < polygonStarts.length; p++) {
    const [from, to] = [polygonStarts[p] as number, polygonStarts[p + 1] as number];
    const polygon: number[][][] = [];
    for (let r = 0; r + 1 < rings.length; r++) {
      const [start, end] = [rings[r] as number, rings[r + 1] as number];
      if (start >= from && end <= to) polygon.push(positionsOf(geometry, start, end));
    }
    polygons.push(polygon);
  }
  return polygons.length === 1
    ? { type: 'Polygon', coordinates: polygons[0] }
    : { type: 'MultiPolygon', coordinates: polygons };
}

/** A `.cpg` code page ('ISO-8859-1', '1252', 'UTF-8', '65001' …) as a TextDecoder label; undefined when unknown. */
export function encodingOfCpg(cpg: string): string | undefined {
  const name = cpg
    .trim()
    .toLowerCase()
    .replace(/^(?:ansi|cp|windows)[-_ ]?/, (prefix) => (prefix.startsWith('ansi') ? '' : 'windows-'));
  if (/^(?:utf-?8|65001)$/.test(name)) return 'utf-8';
  if (/^(?:iso[-_ ]?8859[-_ ]?1|8859[-_ ]?1|88591|latin-?1|windows-1252|1252)$/.test(name))
    return 'windows-1252';
  if (/^(?:iso[-_ ]?)?8859[-_ ]?15$|^latin-?9$/.test(name)) return 'iso-8859-15';
  if (/^(?:windows-)?125[0-8]$/.test(name)) return `windows-${name.slice(-4)}`;
  return undefined;
}

/** UTF-8 when the DBF's records are valid UTF-8 (ASCII included), else Windows-1252, the usual ANSI page. */
function sniffDbfEncoding(dbf: Uint8Array): string {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const headerLength = dbf.byteLength >= 12 ? view.getUint16(8, true) : 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(headerLength));
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The record count a `.dbf` header declares, and whether the file is long enough for them. */
function dbfCheck(dbf: Uint8Array): { records: number; complete: boolean } | undefined {
  if (dbf.byteLength < 32) return undefined;
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  return { records, complete: dbf.byteLength >= headerLength + records * recordLength };
}

/**
 * Reads one Shapefile from its parts (`.shp`, `.dbf`, `.prj`, optionally `.shx` and `.cpg`; names compared
 * case-insensitively) into lon/lat features with their attributes as text. `name` (the `.shp`'s) is used
 * in messages. A missing `.dbf` or `.prj`, a cut-short file or an unknown coordinate system gives a layer
 * without features and a problem saying what is wrong and with which file.
 */
export async function readShapefile(parts: readonly GisFile[], name?: string): Promise<VectorLayer> {
  const find = (ending: string) => parts.find((file) => file.name.toLowerCase().endsWith(ending));
  const shp = find('.shp');
  const shpName = name ?? shp?.name ?? `${shapefileBase(parts[0]?.name ?? 'Shapefile')}.shp`;
  const base = shapefileBase(shpName);
  const fail = (message: string) =>
    emptyLayer('unknown', [fileProblem(shpName, `Shapefile reader: ${message}`)]);
  if (!shp)
    return fail(`${base}.shp is missing; a Shapefile needs its .shp (geometries) with the .dbf and .prj`);
  const dbf = find('.dbf');
  const prj = find('.prj');
  const missing = [
    ...(dbf ? [] : [`${base}.dbf (attributes)`]),
    ...(prj ? [] : [`${base}.prj (coordinate system)`]),
  ];
  if (missing.length > 0) {
    const them = missing.length > 1 ? 'them' : 'it';
    return fail(
      `${shpName} lacks ${missing.join(' and ')}; drop ${them} together with the .shp (or all parts as one ZIP)`,
    );
  }
  let srsName: string;
  try {
    srsName = srsNameFromPrj(new TextDecoder().decode((prj as GisFile).bytes), (prj as GisFile).name);
  } catch (error) {
    return fail(errorMessage(error));
  }
  const bytes = shp.bytes;
  if (bytes.byteLength < 100)
    return fail(`${shp.name} is cut short (${bytes.byteLength} bytes; a .shp has a 100-byte header)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getInt32(0, false) !== 9994)
    return fail(`${shp.name} is not a Shapefile (.shp file code 9994 missing)`);
  const declared = view.getInt32(24, false) * 2;
  if (declared > bytes.byteLength)
    return fail(
      `${shp.name} is cut short: its header says ${declared} bytes, the file has ${bytes.byteLength}`,
    );
  const dbfBytes = (dbf as GisFile).bytes;
  const dbfHeader = dbfCheck(dbfBytes);
  if (!dbfHeader || !dbfHeader.complete)
    return fail(
      `${(dbf as GisFile).name} is cut short (its header declares more records than the file holds)`,
    );
  const cpg = find('.cpg');
  const encoding = (cpg && encodingOfCpg(new TextDecoder().decode(cpg.bytes))) ?? sniffDbfEncoding(dbfBytes);
  let geometries: (ShpGeometry | null)[];
  let rows: Record<string, unknown>[];
  try {
    const shpResult = (await parse(ownBuffer(bytes), SHPLoader, { worker: false })) as {
      geometries: (ShpGeometry | null)[];
    };
    geometries = shpResult.geometries;
    const dbfResult = (await parse(ownBuffer(dbfBytes), DBFLoader, {
      worker: false,
      dbf: { encoding },
    })) as Record<string, unknown>[] | { data: Record<string, unknown>[] };
    rows = Array.isArray(dbfResult) ? dbfResult : dbfResult.data;
  } catch (error) {
    return fail(`${shp.name} cannot be read (${errorMessage(error)})`);
  }
  const features: SourceFeature[] = geometries.map((geometry, i) => ({
    geometry: shpGeometryToGeoJson(geometry),
    properties: rows[i] ?? {},
  }));
  const layer = layerFromFeatures(features, srsName, shpName, 'shapefile');
  if (rows.length !== geometries.length)
    layer.problems.push(
      fileProblem(
        shpName,
        `Shapefile reader: ${shp.name} has ${geometries.length} shapes but ${(dbf as GisFile).name} ${rows.length} records; attributes may belong to other shapes`,
      ),
    );
  return layer;
}
