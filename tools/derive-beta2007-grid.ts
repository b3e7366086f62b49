/**
 * Regenerates src/core/crs/data/beta2007.ts, the built-in BeTA2007 NTv2 grid (DHDN → ETRS89, AdV/BKG), from
 * PROJ-data's `BETA2007.gsb` (Debian package proj-data: /usr/share/proj/BETA2007.gsb; PROJ-data's
 * de_adv_README.txt: "Free redistribution is allowed and welcome").
 *
 *   npx tsx tools/derive-beta2007-grid.ts [path/to/BETA2007.gsb]
 *
 * The file holds one subgrid, 47°–55.3°N by 5.5°–15.6667°E, 6′ × 10′ nodes (84 rows × 62 columns), with latitude
 * and longitude shifts in arc-seconds as float32 (the accuracy columns are all zero and are dropped).
 * Packing: nodes reordered to rows south → north, columns west → east, longitude shifts made east-positive;
 * shifts quantised to 1e-6″ (≤ 0.5e-6″ = 0.015 mm off the float32 values, proved below for every node), each
 * node predicted from its west, south and south-west neighbours (planar predictor), residuals written as
 * zigzag LEB128 varints, latitude plane then longitude plane, base64.
 *
 * NTv2 format: 11 overview records and 11 subgrid records of 16 bytes (8-byte ASCII key, 8-byte value,
 * little-endian here), then 4 float32 per node from the south-east corner westward, row by row northward
 * (longitudes are positive west in NTv2).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const QUANTUM_SECONDS = 1e-6;

interface Ntv2Subgrid {
  header: Map<string, DataView>;
  southSeconds: number;
  northSeconds: number;
  /** NTv2 positive-west values. */
  eastSecondsWest: number;
  westSecondsWest: number;
  latStepSeconds: number;
  lonStepSeconds: number;
  rows: number;
  columns: number;
  /** Rows south → north, columns west → east; arc-seconds, longitude east-positive. */
  latShift: Float64Array;
  lonShiftEast: Float64Array;
}

function readRecords(view: DataView, offset: number, count: number): Map<string, DataView> {
  const records = new Map<string, DataView>();
  for (let index = 0; index < count; index++) {
    const start = offset + index * 16;
    let key = '';
    for (let byte = 0; byte < 8; byte++) key += String.fromCharCode(view.getUint8(start + byte));
    records.set(key.trim(), new DataView(view.buffer, view.byteOffset + start + 8, 8));
  }
  return records;
}

function readGsb(file: string): { overview: Map<string, DataView>; grid: Ntv2Subgrid } {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const overview = readRecords(view, 0, 11);
  const int = (records: Map<string, DataView>, key: string): number => {
    const value = records.get(key);
    if (!value) throw new Error(`derive-beta2007-grid: ${file} has no ${key} record`);
    return value.getInt32(0, true);
  };
  const float = (records: Map<string, DataView>, key: string): number => {
    const value = records.get(key);
    if (!value) throw new Error(`derive-beta2007-grid: ${file} has no ${key} record`);
    return value.getFloat64(0, true);
  };
  if (int(overview, 'NUM_OREC') !== 11 || int(overview, 'NUM_FILE') !== 1) {
    throw new Error(`derive-beta2007-grid: ${file} is not a little-endian NTv2 file with one subgrid`);
  }
  const header = readRecords(view, 176, 11);
  const southSeconds = float(header, 'S_LAT');
  const northSeconds = float(header, 'N_LAT');
  const eastSecondsWest = float(header, 'E_LONG');
  const westSecondsWest = float(header, 'W_LONG');
  const latStepSeconds = float(header, 'LAT_INC');
  const lonStepSeconds = float(header, 'LONG_INC');
  const rows = Math.round((northSeconds - southSeconds) / latStepSeconds) + 1;
  const columns = Math.round((westSecondsWest - eastSecondsWest) / lonStepSeconds) + 1;
  if (int(header, 'GS_COUNT') !== rows * columns) {
    throw new Error(`derive-beta2007-grid: GS_COUNT ${int(header, 'GS_COUNT')} ≠ ${rows} × ${columns}`);
  }
  const latShift = new Float64Array(rows * columns);
  const lonShiftEast = new Float64Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    for (let fileColumn = 0; fileColumn < columns; fileColumn++) {
      // File column 0 is the easternmost node.
      const node = 352 + (row * columns + fileColumn) * 16;
      const target = row * columns + (columns - 1 - fileColumn);
      latShift[target] = view.getFloat32(node, true);
      lonShiftEast[target] = -view.getFloat32(node + 4, true);
    }
  }
  return {
    overview,
    grid: {
      header,
      southSeconds,
      northSeconds,
      eastSecondsWest,
      westSecondsWest,
      latStepSeconds,
      lonStepSeconds,
      rows,
      columns,
      latShift,
      lonShiftEast,
    },
  };
}

/** Quantises a plane and writes planar-predicted zigzag varints; returns the bytes and the largest rounding. */
function encodePlane(values: Float64Array, rows: number, columns: number, out: number[]): number {
  const quantised = new Float64Array(values.length);
  let maxError = 0;
  values.forEach((value, index) => {
    quantised[index] = Math.round(value / QUANTUM_SECONDS);
    maxError = Math.max(maxError, Math.abs((quantised[index] ?? 0) * QUANTUM_SECONDS - value));
  });
  const at = (row: number, column: number): number =>
    row < 0 || column < 0 ? 0 : (quantised[row * columns + column] ?? 0);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const west = at(row, column - 1);
      const south = at(row - 1, column);
      const prediction =
        row > 0 && column > 0 ? west + south - at(row - 1, column - 1) : column > 0 ? west : south;
      const residual = at(row, column) - prediction;
      let zigzag = residual >= 0 ? residual * 2 : -residual * 2 - 1;
      while (zigzag >= 128) {
        out.push((zigzag % 128) + 128);
        zigzag = Math.floor(zigzag / 128);
      }
      out.push(zigzag);
    }
  }
  return maxError;
}

const gsbPath = process.argv[2] ?? '/usr/share/proj/BETA2007.gsb';
const { overview, grid } = readGsb(gsbPath);
const text = (records: Map<string, DataView>, key: string): string => {
  const value = records.get(key);
  return value ? String.fromCharCode(...new Uint8Array(value.buffer, value.byteOffset, 8)).trim() : '';
};
const encoded: number[] = [];
const maxLatError = encodePlane(grid.latShift, grid.rows, grid.columns, encoded);
const latBytes = encoded.length;
const maxLonError = encodePlane(grid.lonShiftEast, grid.rows, grid.columns, encoded);
// Worst case on the ground: 1″ of latitude ≈ 30.9 m, 1″ of longitude ≤ 30.9 m × cos(47°).
const maxErrorMillimetres =
  Math.max(maxLatError * 30.92, maxLonError * 30.92 * Math.cos((47 * Math.PI) / 180)) * 1000;
if (maxErrorMillimetres > 0.1) {
  throw new Error(`derive-beta2007-grid: quantisation error ${maxErrorMillimetres} mm exceeds 0.1 mm`);
}
const range = (values: Float64Array): string =>
  `${Math.min(...values).toFixed(4)} … ${Math.max(...values).toFixed(4)}″`;
const base64 = Buffer.from(encoded).toString('base64');
const lines: string[] = [];
for (let start = 0; start < base64.length; start += 100) lines.push(base64.slice(start, start + 100));
const westDeg = -grid.westSecondsWest / 3600;
const southDeg = grid.southSeconds / 3600;
const latStepDeg = grid.latStepSeconds / 3600;
const lonStepDeg = grid.lonStepSeconds / 3600;
const source = `${path.basename(gsbPath)} (NTv2 ${text(overview, 'VERSION')}, ${text(overview, 'SYSTEM_F')} → ${text(overview, 'SYSTEM_T')}, created ${text(grid.header, 'CREATED')})`;

const module = `/**
 * BeTA2007 (Bundeseinheitliche Transformation für ATKIS, AdV / BKG): NTv2 horizontal datum shift DHDN → ETRS89,
 * the grid PROJ uses by default for DHDN (EPSG:15948 "DHDN to ETRS89 (8)", file de_adv_BETA2007.tif/BETA2007.gsb).
 * Source: ${source} from PROJ-data (Debian proj-data).
 * Licence (PROJ-data de_adv_README.txt, source AdV/BKG): "Free redistribution is allowed and welcome".
 *
 * Derived by tools/derive-beta2007-grid.ts: node-registered, ${grid.columns} columns from ${westDeg}°E, ${grid.rows} rows from
 * ${southDeg}°N, steps ${lonStepDeg * 60}′ (longitude) × ${latStepDeg * 60}′ (latitude), row 0 southernmost, column 0 westernmost.
 * Shifts in arc-seconds (latitude north-positive ${range(grid.latShift)}, longitude east-positive
 * ${range(grid.lonShiftEast)}), quantised to ${QUANTUM_SECONDS}″ (≤ ${maxErrorMillimetres.toFixed(3)} mm), planar-predicted zigzag varints,
 * latitude plane (${latBytes} bytes) then longitude plane (${encoded.length - latBytes} bytes), base64. Generated file: do not edit.
 */
import type { PackedNtv2Grid } from '../datum-shift-grid.ts';

export const BETA2007_PACKED: PackedNtv2Grid = {
  name: 'BETA2007',
  westDeg: ${westDeg},
  southDeg: ${southDeg},
  lonStepDeg: ${lonStepDeg},
  latStepDeg: ${latStepDeg},
  columns: ${grid.columns},
  rows: ${grid.rows},
  quantumSeconds: ${QUANTUM_SECONDS},
  varintBase64: [
${lines.map((line) => `    '${line}',`).join('\n')}
  ],
};
`;
const outputFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/core/crs/data/beta2007.ts',
);
writeFileSync(outputFile, module);
console.log(
  `derive-beta2007-grid: wrote ${outputFile} (${module.length} characters; ${encoded.length} bytes packed; ` +
    `max quantisation ${maxErrorMillimetres.toFixed(4)} mm)`,
);
