/**
 * The GIS-format readers (`src/core/layers/gis/`) on real files from `../shared/data`: feature counts equal
 * GDAL's (`ogrinfo -so -al`), coordinates equal `ogr2ogr -t_srs EPSG:4326` within 1e-7°, Latin-1 umlauts
 * come out right; broken inputs (built here from the real files, in memory) give problems naming the file
 * and what is missing while the other files of the same drop still load. In test/ because it runs GDAL.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GisFile } from '../src/core/layers/gis/features.ts';
import type { SqlModule } from '../src/core/layers/gis/geopackage.ts';
import { groupGisFiles } from '../src/core/layers/gis/names.ts';
import { readGisDataset } from '../src/core/layers/gis/read-gis.ts';
import type { VectorLayer } from '../src/core/layers/vector.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(repoRoot, '../shared/data');
const hasData = existsSync(path.join(DATA, 'vector'));
if (!hasData) console.warn(`GIS format data tests skipped: ${DATA}/vector not found`);

const require = createRequire(import.meta.url);
const initSqlJs = require('sql.js') as (config: { locateFile: () => string }) => Promise<SqlModule>;
const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
let sqlModule: Promise<SqlModule> | undefined;
/** sql.js with its wasm from node_modules (the app serves the same file from its own origin). */
const sql = () => (sqlModule ??= initSqlJs({ locateFile: () => wasm }));

const SHAPEFILE = path.join(DATA, 'schools/flensburg/shapefile-latin1/schulen_flensburg');
const FILES: Record<string, string[]> = {
  shapefile: ['.shp', '.dbf', '.shx', '.prj', '.cpg'].map((ending) => SHAPEFILE + ending),
  bezirke: [path.join(DATA, 'vector/geopackage/Berlin Bezirke.gpkg')],
  verbindungspunkte: [path.join(DATA, 'vector/geopackage/Verbindungspunkte im RVN.gpkg')],
  stadtbezirke: [path.join(DATA, 'vector/kml/stadtbezirke.kml')],
  strassenknoten: [path.join(DATA, 'vector/kml/strassenknoten.kml')],
  neukoelln: [path.join(DATA, 'vector/flatgeobuf/Bezirk Neukölln Grenze.fgb')],
  radvorrangsnetz: [path.join(DATA, 'vector/flatgeobuf/Berlin Radvorrangsnetz.fgb')],
};

const load = (file: string): GisFile => ({
  name: path.basename(file),
  bytes: new Uint8Array(readFileSync(file)),
});
const read = (files: GisFile[]) => readGisDataset(files, { sql });

/** The feature count `ogrinfo -so -al` reports (summed over layers). */
function ogrCount(file: string): number {
  const out = execFileSync('ogrinfo', ['-so', '-al', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return [...out.matchAll(/Feature Count: (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/** The first position of each feature in `ogr2ogr -f GeoJSON -t_srs EPSG:4326` output (null: no geometry). */
function ogrFirstPositions(file: string): ([number, number] | null)[] {
  const out = execFileSync(
    'ogr2ogr',
    ['-f', 'GeoJSON', '-t_srs', 'EPSG:4326', '-lco', 'COORDINATE_PRECISION=10', '/vsistdout/', file],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 ** 2,
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const collection = JSON.parse(out) as { features: { geometry: { coordinates: unknown } | null }[] };
  return collection.features.map((feature) => {
    let c: unknown = feature.geometry?.coordinates;
    while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
    return Array.isArray(c) ? [c[0] as number, c[1] as number] : null;
  });
}

/** The first vertex of feature `i` of a layer. */
const firstVertex = (layer: VectorLayer, i: number): [number, number] => {
  const start = (layer.features[i] as { start: number }).start;
  return [layer.coordinates[2 * start] as number, layer.coordinates[2 * start + 1] as number];
};

describe.skipIf(!hasData)('GIS formats on real files', () => {
  it.each(Object.keys(FILES))('%s: counts equal ogrinfo, coordinates equal ogr2ogr to 1e-7°', async (key) => {
    const files = FILES[key] as string[];
    const main = files[0] as string;
    const layer = await read(files.map(load));
    expect(layer.problems).toEqual([]);
    expect(layer.features.length).toBe(ogrCount(main));
    const expected = ogrFirstPositions(main);
    const n = layer.features.length;
    for (const i of new Set([0, 1, Math.floor(n / 2), n - 1])) {
      const want = expected[i];
      if (!want) continue;
      const [lon, lat] = firstVertex(layer, i);
      expect(Math.abs(lon - want[0]), `feature ${i} longitude`).toBeLessThan(1e-7);
      expect(Math.abs(lat - want[1]), `feature ${i} latitude`).toBeLessThan(1e-7);
    }
  });

  it('reads the Latin-1 DBF of the Flensburg schools with its umlauts, attributes as text', async () => {
    const layer = await read(FILES.shapefile!.map(load));
    expect(layer.sourceCrs).toBe('EPSG:25832');
    const texts = layer.features.flatMap((f) => Object.values(f.properties));
    expect(texts.some((t) => t.includes('gemeinnützige'))).toBe(true);
    expect(texts.some((t) => /[äöüßÄÖÜ]/.test(t))).toBe(true);
    expect(texts.some((t) => t.includes('\uFFFD') || /Ã[¤¶¼Ÿ]/.test(t))).toBe(false);
    expect(layer.features[0]?.properties.students).toBe('294');
  });

  it('reads a Shapefile zipped, and the same DBF as UTF-8 without a .cpg', async () => {
    const { zipSync } = await import('fflate');
    const parts = FILES.shapefile!.map(load);
    const zip = zipSync(Object.fromEntries(parts.map((p) => [`export/${p.name}`, p.bytes])));
    const zipped = await readGisDataset([{ name: 'schulen.zip', bytes: zip }], { sql });
    expect(zipped.problems).toEqual([]);
    expect(zipped.features.length).toBe(30);
    const latin1 = parts.find((p) => p.name.endsWith('.dbf')) as GisFile;
    const reencoded = reencodeDbfToUtf8(latin1.bytes);
    const utf8 = await read([
      ...parts.filter((p) => /\.(shp|shx|prj)$/.test(p.name)),
      { name: 'schulen_flensburg.dbf', bytes: reencoded },
    ]);
    expect(utf8.problems).toEqual([]);
    expect(utf8.features.map((f) => f.properties.institutio)).toEqual(
      (await read(parts)).features.map((f) => f.properties.institutio),
    );
  });
});

/**
 * A copy of a DBF with its character fields re-encoded from Latin-1 to UTF-8 (field widths grown by the
 * extra bytes each field needs at most), as a UTF-8 export without a .cpg has it.
 */
function reencodeDbfToUtf8(dbf: Uint8Array): Uint8Array {
  const view = new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: { type: string; width: number; offset: number }[] = [];
  for (let at = 32, offset = 1; dbf[at] !== 0x0d; at += 32) {
    const width = dbf[at + 16] as number;
    fields.push({ type: String.fromCharCode(dbf[at + 11] as number), width, offset });
    offset += width;
  }
  const latin1 = new TextDecoder('windows-1252');
  const cells = (r: number) =>
    fields.map((f) => {
      const start = headerLength + r * recordLength + f.offset;
      return Buffer.from(latin1.decode(dbf.subarray(start, start + f.width)).trimEnd(), 'utf8');
    });
  const widths = fields.map((f, i) =>
    Math.min(
      254,
      Math.max(f.width, ...Array.from({ length: records }, (_, r) => (cells(r)[i] as Buffer).length)),
    ),
  );
  const newRecordLength = 1 + widths.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(headerLength + records * newRecordLength + 1);
  out.set(dbf.subarray(0, headerLength));
  const outView = new DataView(out.buffer);
  outView.setUint16(10, newRecordLength, true);
  out[29] = 0; // no language driver: the reader has to tell UTF-8 from the bytes
  widths.forEach((width, i) => (out[32 + 32 * i + 16] = width));
  for (let r = 0; r < records; r++) {
    const base = headerLength + r * newRecordLength;
    out[base] = dbf[headerLength + r * recordLength] as number;
    let at = base + 1;
    cells(r).forEach((cell, i) => {
      out.fill(0x20, at, at + (widths[i] as number));
      out.set(cell.subarray(0, widths[i]), at);
      at += widths[i] as number;
    });
  }
  out[out.length - 1] = 0x1a;
  return out;
}

describe.skipIf(!hasData)('KML: our streaming reader against loaders.gl', () => {
  // (the street nodes too, but KMLLoader takes seconds on them)
  it.each(['stadtbezirke'])('%s: same features, positions and attributes as KMLLoader', async (key) => {
    const { parse } = await import('@loaders.gl/core');
    const { KMLLoader } = await import('@loaders.gl/kml');
    const file = load((FILES[key] as string[])[0] as string);
    const ours = await read([file]);
    const theirs = (await parse(file.bytes.slice().buffer, KMLLoader, {
      worker: false,
      kml: { shape: 'geojson-table' },
    })) as {
      features: { geometry: { coordinates: unknown }; properties: Record<string, unknown> }[];
    };
    expect(ours.features.length).toBe(theirs.features.length);
    const n = ours.features.length;
    for (const i of [0, Math.floor(n / 2), n - 1]) {
      let c: unknown = theirs.features[i]?.geometry.coordinates;
      while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
      expect(firstVertex(ours, i)).toEqual([(c as number[])[0], (c as number[])[1]]);
      for (const [name, value] of Object.entries(theirs.features[i]?.properties ?? {})) {
        // loaders.gl adds the style (stroke, fill …) as properties; the data's own attributes must agree
        if (/^(stroke|fill)/.test(name) || typeof value === 'object') continue;
        expect(ours.features[i]?.properties[name], name).toBe(String(value));
      }
    }
  });

  it('reads a KMZ (zipped doc.kml)', async () => {
    const { zipSync } = await import('fflate');
    const kml = load(FILES.stadtbezirke![0] as string);
    const layer = await read([{ name: 'bezirke.kmz', bytes: zipSync({ 'doc.kml': kml.bytes }) }]);
    expect(layer.problems).toEqual([]);
    expect(layer.features.map((f) => f.properties.STB_NAME)).toContain('Porz');
  });
});

describe.skipIf(!hasData)('GIS formats: bad input', () => {
  const parts = () => (hasData ? FILES.shapefile!.map(load) : []);
  const without = (ending: string) => parts().filter((p) => !p.name.endsWith(ending));

  it('names the missing .dbf and .prj of a Shapefile', async () => {
    const noDbf = await read(without('.dbf'));
    expect(noDbf.features).toEqual([]);
    expect(noDbf.problems[0]?.file).toBe('schulen_flensburg.shp');
    expect(noDbf.problems[0]?.message).toMatch(/lacks schulen_flensburg\.dbf \(attributes\)/);
    const noPrj = await read(without('.prj'));
    expect(noPrj.problems[0]?.message).toMatch(/lacks schulen_flensburg\.prj \(coordinate system\)/);
    const onlyShp = await read(parts().filter((p) => p.name.endsWith('.shp')));
    expect(onlyShp.problems[0]?.message).toMatch(/\.dbf \(attributes\) and schulen_flensburg\.prj/);
    const noShp = await read(without('.shp'));
    expect(noShp.problems[0]?.message).toMatch(/schulen_flensburg\.shp is missing/);
  });

  it('says which file is cut short', async () => {
    const shp = parts().map((p) => (p.name.endsWith('.shp') ? { ...p, bytes: p.bytes.subarray(0, 500) } : p));
    const cutShp = await read(shp);
    expect(cutShp.problems[0]?.message).toMatch(
      /schulen_flensburg\.shp is cut short: its header says 940 bytes, the file has 500/,
    );
    const dbf = parts().map((p) =>
      p.name.endsWith('.dbf') ? { ...p, bytes: p.bytes.subarray(0, 4000) } : p,
    );
    expect((await read(dbf)).problems[0]?.message).toMatch(/schulen_flensburg\.dbf is cut short/);
    for (const key of ['bezirke', 'neukoelln', 'stadtbezirke']) {
      const file = load((FILES[key] as string[])[0] as string);
      const cut = await read([
        { ...file, bytes: file.bytes.subarray(0, Math.floor(file.bytes.byteLength / 3)) },
      ]);
      expect(cut.features.length, key).toBeLessThan(key === 'stadtbezirke' ? 9 : 2);
      expect(cut.problems.length, key).toBeGreaterThan(0);
      expect(cut.problems[0]?.file, key).toBe(file.name);
    }
  });

  it('names an unknown coordinate system and its file', async () => {
    const laea =
      'PROJCS["ETRS89_LAEA_Europe",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Azimuthal_Equal_Area"],PARAMETER["False_Easting",4321000.0],PARAMETER["False_Northing",3210000.0],PARAMETER["Central_Meridian",10.0],PARAMETER["Latitude_Of_Origin",52.0],UNIT["Meter",1.0]]';
    const files = parts().map((p) =>
      p.name.endsWith('.prj') ? { ...p, bytes: new TextEncoder().encode(laea) } : p,
    );
    const layer = await read(files);
    expect(layer.features).toEqual([]);
    expect(layer.problems[0]?.message).toMatch(
      /schulen_flensburg\.prj: coordinate system "ETRS89_LAEA_Europe" is not known here/,
    );
    const authority = parts().map((p) =>
      p.name.endsWith('.prj')
        ? { ...p, bytes: new TextEncoder().encode(laea.replace(/\]$/, ',AUTHORITY["EPSG","3035"]]')) }
        : p,
    );
    expect((await read(authority)).problems[0]?.message).toMatch(/CRS "EPSG:3035" cannot be used/);
  });

  it('loads the other files of a drop when one of them is broken', async () => {
    const drop = [
      ...without('.prj'),
      { name: 'kaputt.gpkg', bytes: new TextEncoder().encode('not a database') },
      load(FILES.neukoelln![0] as string),
    ];
    const groups = groupGisFiles(drop);
    expect(groups.map((g) => g.name)).toEqual([
      'schulen_flensburg.shp',
      'kaputt.gpkg',
      'Bezirk Neukölln Grenze.fgb',
    ]);
    const layers = await Promise.all(groups.map((g) => readGisDataset(g.files, { sql }, g.name)));
    expect(layers.map((l) => l.features.length)).toEqual([0, 0, 1]);
    expect(layers[1]?.problems[0]?.message).toMatch(/kaputt\.gpkg is not a GeoPackage/);
  });
});
