import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { readCityGml, sniffXmlEncoding } from '../../src/core/citygml/index.ts';
import type { HeightCorrection } from '../../src/core/crs/ecef.ts';
import { readGeoidGeoTiff } from '../../src/core/crs/geoid-geotiff.ts';
import { ConversionSession } from '../../src/core/convert/session.ts';
import type { ConversionReport } from '../../src/core/convert/session.ts';
import { buildTileset } from '../../src/core/tiles/tileset.ts';
import { writeTilesetAtomically } from './output.ts';

/** Options of one converter run (`npm run convert`); defaults in CONVERT_DEFAULTS. */
export interface ConvertOptions {
  inputs: string[];
  out: string;
  /** srsName for data without one (or with a local CRS), e.g. "EPSG:25832". */
  crs?: string;
  /** 'egm96' (built-in), 'none', a number of metres, or a GeoTIFF geoid grid file. */
  geoid?: string;
  /** Highest LoD to take per building (default 2). */
  lod?: number;
  quiet?: boolean;
  log?: (line: string) => void;
}

export const CONVERT_DEFAULTS = { geoid: 'egm96', lod: 2, quiet: false } as const;

/** `report.json`: the contract other tools rely on. */
export interface ConverterReport extends ConversionReport {
  input: { files: number; bytes: number };
  output: { tiles: number; bytes: number };
  seconds: number;
}

async function heightCorrection(geoid: string): Promise<HeightCorrection | undefined> {
  if (geoid === 'egm96') return undefined; // the session's built-in default
  if (geoid === 'none') return 'none';
  if (/^[-+]?\d+(\.\d+)?$/.test(geoid)) return { constantMetres: Number(geoid) };
  const bytes = readFileSync(geoid);
  return readGeoidGeoTiff(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/**
 * Reads a file as text chunks in the encoding its XML declaration names (UTF-8, ISO-8859-1, UTF-16, …),
 * gunzipping `.gz` on the fly; never the whole file in memory.
 */
async function* textChunks(file: string): AsyncGenerator<string> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let decoder: TextDecoder | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    decoder ??= new TextDecoder(sniffXmlEncoding(chunk));
    yield decoder.decode(chunk, { stream: true });
  }
  if (decoder) yield decoder.decode();
}

/**
 * Converts CityGML files into a 3D Tiles 1.1 tileset at `options.out` and writes `report.json` beside
 * it. A file that fails (bad XML, unknown CRS) is reported and the others still convert; objects read
 * before a fault are kept. Returns the report; throws only when nothing could be converted.
 */
export async function convertCityGml(options: ConvertOptions): Promise<ConverterReport> {
  const started = performance.now();
  const log = options.quiet ? () => {} : (options.log ?? ((line: string) => console.error(line)));
  const heights = await heightCorrection(options.geoid ?? CONVERT_DEFAULTS.geoid);
  const session = new ConversionSession({ overrideCrs: options.crs, heights });
  let bytes = 0;
  for (const file of options.inputs) {
    bytes += statSync(file).size;
    const name = basename(file);
    log(`convert: reading ${file}`);
    try {
      const objects = readCityGml(textChunks(file), {
        file: name,
        maxLod: options.lod ?? CONVERT_DEFAULTS.lod,
      });
      for (;;) {
        const next = await objects.next();
        if (next.done) {
          session.addReadSummary(next.value, name);
          break;
        }
        session.add(next.value, name);
      }
    } catch (error) {
      const e = error as Error & { line?: number };
      session.report.errors.push({ file: name, line: e.line, message: e.message });
      log(`convert: ${e.message}`);
    }
  }
  const { report } = session;
  if (session.meshes.length === 0) {
    const reason =
      report.errors[0]?.message ?? report.dropped[0]?.reason ?? 'no city objects with geometry found';
    throw new Error(`convert: nothing could be converted (${reason})`);
  }
  const tileset = buildTileset(session.meshes);
  const result: ConverterReport = {
    input: { files: options.inputs.length, bytes },
    ...report,
    output: { tiles: tileset.stats.tiles, bytes: tileset.stats.bytes },
    seconds: 0,
  };
  result.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
  const reportFile = {
    path: 'report.json',
    bytes: new TextEncoder().encode(`${JSON.stringify(result, null, 2)}\n`),
  };
  writeTilesetAtomically(options.out, [...tileset.files, reportFile]);
  log(
    `convert: ${report.buildings.written}/${report.buildings.read} buildings and ${report.otherObjects.written} other objects → ${options.out} (${tileset.stats.tiles} tiles, ${(tileset.stats.bytes / 1e6).toFixed(2)} MB, ${result.seconds} s)`,
  );
  return result;
}
