/**
 * Regenerates the built-in EGM96 geoid grids in src/core/crs/data/ from PROJ-data's `egm96_15.gtx`
 * (Debian package proj-data: /usr/share/proj/egm96_15.gtx; NGA EGM96 undulations above WGS84 on a 15' grid).
 *
 *   npx tsx tools/derive-egm96-grid.ts [path/to/egm96_15.gtx]
 *
 * Output:
 * - egm96-germany.ts: nodes 2–18°E, 44–58°N at 15' (65 × 57), copied exactly, packed as Int16 millimetres
 *   around an offset (quantisation ≤ 0.5 mm).
 * - egm96-global.ts: every 4th node of the whole grid (1°, 360 × 181, longitude wraps), Int16 centimetres.
 *
 * GTX format: 40-byte big-endian header (south latitude, west longitude, latitude step, longitude step as
 * float64; rows, columns as int32), then float32 big-endian values row by row from south to north.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackedGeoidGrid } from '../src/core/crs/geoid.ts';

interface Gtx {
  south: number;
  west: number;
  stepLat: number;
  stepLon: number;
  rows: number;
  columns: number;
  values: Float32Array;
}

function readGtx(file: string): Gtx {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const south = view.getFloat64(0, false);
  const west = view.getFloat64(8, false);
  const stepLat = view.getFloat64(16, false);
  const stepLon = view.getFloat64(24, false);
  const rows = view.getInt32(32, false);
  const columns = view.getInt32(36, false);
  const values = new Float32Array(rows * columns);
  for (let index = 0; index < values.length; index++) values[index] = view.getFloat32(40 + index * 4, false);
  return { south, west: west > 180 ? west - 360 : west, stepLat, stepLon, rows, columns, values };
}

/** A grid to write: the packed grid's layout, with its values before packing and the constant's name. */
interface Selection extends Omit<PackedGeoidGrid, 'scaleMetres' | 'offsetMetres' | 'int16Base64'> {
  exportName: string;
  values: number[];
}

function select(
  gtx: Gtx,
  west: number,
  south: number,
  step: number,
  columns: number,
  rows: number,
): number[] {
  const values: number[] = [];
  for (let row = 0; row < rows; row++) {
    const sourceRow = Math.round((south + row * step - gtx.south) / gtx.stepLat);
    for (let column = 0; column < columns; column++) {
      let sourceColumn = Math.round((west + column * step - gtx.west) / gtx.stepLon);
      sourceColumn = ((sourceColumn % gtx.columns) + gtx.columns) % gtx.columns;
      const value = gtx.values[sourceRow * gtx.columns + sourceColumn];
      if (value === undefined || sourceRow < 0 || sourceRow >= gtx.rows) {
        throw new Error(`derive-egm96-grid: node ${row},${column} outside the source grid`);
      }
      values.push(value);
    }
  }
  return values;
}

function pack(selection: Selection, scale: number, sourceName: string): string {
  const min = Math.min(...selection.values);
  const max = Math.max(...selection.values);
  const offset = Math.round((min + max) / 2);
  const bytes = new Uint8Array(selection.values.length * 2);
  const view = new DataView(bytes.buffer);
  selection.values.forEach((value, index) => {
    const quantised = Math.round((value - offset) / scale);
    if (quantised < -32768 || quantised > 32767) {
      throw new Error(`derive-egm96-grid: ${value} m does not fit Int16 at scale ${scale} around ${offset}`);
    }
    view.setInt16(index * 2, quantised, true);
  });
  const base64 = Buffer.from(bytes).toString('base64');
  const lines: string[] = [];
  for (let start = 0; start < base64.length; start += 100) lines.push(base64.slice(start, start + 100));
  return `/**
 * ${selection.name}: EGM96 geoid undulations above WGS84, metres = Int16 × ${scale} + ${offset}.
 * Derived by tools/derive-egm96-grid.ts from ${sourceName} (PROJ-data, NGA EGM96 15' grid): node-registered,
 * ${selection.columns} columns from ${selection.westDeg}°E, ${selection.rows} rows from ${selection.southDeg}°N, step ${selection.stepDeg}°, row 0 southernmost;
 * values ${min.toFixed(3)} … ${max.toFixed(3)} m. Generated file: do not edit.
 */
import type { PackedGeoidGrid } from '../geoid.ts';

export const ${selection.exportName}: PackedGeoidGrid = {
  name: ${JSON.stringify(selection.name)},
  westDeg: ${selection.westDeg},
  southDeg: ${selection.southDeg},
  stepDeg: ${selection.stepDeg},
  columns: ${selection.columns},
  rows: ${selection.rows},
  wrapsLongitude: ${selection.wrapsLongitude},
  scaleMetres: ${scale},
  offsetMetres: ${offset},
  int16Base64: [
${lines.map((line) => `    '${line}',`).join('\n')}
  ],
};
`;
}

const gtxPath = process.argv[2] ?? '/usr/share/proj/egm96_15.gtx';
const gtx = readGtx(gtxPath);
const outputDirectory = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/core/crs/data');

const germany: Selection = {
  name: "EGM96 15' grid, 2–18°E 44–58°N",
  exportName: 'EGM96_GERMANY_15MIN',
  westDeg: 2,
  southDeg: 44,
  stepDeg: 0.25,
  columns: 65,
  rows: 57,
  wrapsLongitude: false,
  values: [],
};
germany.values = select(
  gtx,
  germany.westDeg,
  germany.southDeg,
  germany.stepDeg,
  germany.columns,
  germany.rows,
);
writeFileSync(path.join(outputDirectory, 'egm96-germany.ts'), pack(germany, 0.001, path.basename(gtxPath)));

const global: Selection = {
  name: 'EGM96 1° global grid',
  exportName: 'EGM96_GLOBAL_1DEG',
  westDeg: -180,
  southDeg: -90,
  stepDeg: 1,
  columns: 360,
  rows: 181,
  wrapsLongitude: true,
  values: [],
};
global.values = select(gtx, global.westDeg, global.southDeg, global.stepDeg, global.columns, global.rows);
writeFileSync(path.join(outputDirectory, 'egm96-global.ts'), pack(global, 0.01, path.basename(gtxPath)));

console.log(`derive-egm96-grid: wrote egm96-germany.ts and egm96-global.ts to ${outputDirectory}`);
