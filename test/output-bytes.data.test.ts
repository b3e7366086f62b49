/**
 * The converter's output bytes on real data are a contract: refactors must not change a single tile.
 * This test converts a few shared files of different kinds (CityGML 1.0/2.0/3.0, XLinks, BuildingParts,
 * LoD1, Gauss-Krüger with BeTA2007, a compound Dutch CRS, textures, uncompressed tiles) and compares the
 * SHA-256 of every written file (report.json and the output marker aside: they hold timings and the
 * tool version) with the hashes recorded in `fixtures/output-hashes.json`.
 *
 * The recorded hashes were made with the converter as it was before the architecture refactor
 * (commit cf00b9e), by running this file there with `UPDATE_OUTPUT_HASHES=1`; a deliberate change of
 * the output format re-records them the same way, and the commit says why.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertCityGml } from '../tools/convert/run.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DATA = resolve(ROOT, '../shared/data/citygml');
const FIXTURE = join(import.meta.dirname, 'fixtures/output-hashes.json');
const hasData = existsSync(DATA);
if (!hasData) console.warn(`output byte tests skipped: ${DATA} is missing`);

/** One conversion: input files under ../shared/data/citygml and converter options. */
interface Case {
  name: string;
  inputs: string[];
  textures?: boolean;
  compress?: boolean;
}

const CASES: Case[] = [
  { name: 'nrw-lod2-citygml1-xlinks', inputs: ['nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml'] },
  {
    name: 'nrw-2x2-block-many-tiles',
    inputs: [
      'nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5728_1_NW.gml',
      'nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5729_1_NW.gml',
      'nrw-wesel-lod2/demo-block-2x2/LoD2_32_338_5728_1_NW.gml',
      'nrw-wesel-lod2/demo-block-2x2/LoD2_32_338_5729_1_NW.gml',
    ],
  },
  { name: 'berlin-lod2-citygml2', inputs: ['berlin-lod2-tiles/3910_5820.gml'] },
  {
    name: 'lorup-lod1-parts',
    inputs: ['niedersachsen-lorup-lod1/LoD1_24105866_2_2021-01-25.gml'],
  },
  { name: 'citygml3-local', inputs: ['citygml4j-samples/lod2_buildings_v3.gml'] },
  {
    name: 'karlsruhe-gauss-krueger',
    inputs: ['karlsruhe-g3m/lindenallee_kranichweg_v1_EPSG31467.gml'],
  },
  { name: 'delft-epsg7415', inputs: ['njam-citygml-to-3dtiles/delft-citygml2.xml'] },
  {
    name: 'sig3d-lod3-uncompressed',
    inputs: ['ogc-citygml3-encodings/sig3d-examples-v3/Building_LOD3-EPSG25832.gml'],
    compress: false,
  },
  { name: 'lod3-textured', inputs: ['citygml4j-samples/lod3_building_v2.gml'], textures: true },
];

/** Files that describe a run rather than the tileset. */
const NOT_TILESET = new Set(['report.json', '.stadtmodell-output.json']);

function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  const paths = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(dir, path).split('\\').join('/'))
    .filter((path) => !NOT_TILESET.has(path))
    .sort();
  for (const path of paths) {
    hashes[path] = createHash('sha256')
      .update(readFileSync(join(dir, path)))
      .digest('hex');
  }
  return hashes;
}

describe.skipIf(!hasData)('converter output bytes on shared data', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'stadtmodell-bytes-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const recorded: Record<string, Record<string, string>> = existsSync(FIXTURE)
    ? (JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Record<string, string>>)
    : {};
  const update = process.env.UPDATE_OUTPUT_HASHES === '1';
  const fresh: Record<string, Record<string, string>> = {};
  if (update) afterAll(() => writeFileSync(FIXTURE, `${JSON.stringify(fresh, null, 1)}\n`));

  for (const c of CASES) {
    it(`${c.name}: every tileset file has the recorded SHA-256`, { timeout: 120_000 }, async () => {
      const out = join(scratch, c.name);
      await convertCityGml({
        inputs: c.inputs.map((input) => join(DATA, input)),
        out,
        quiet: true,
        jobs: 1,
        textures: c.textures ?? false,
        compress: c.compress ?? true,
      });
      const hashes = hashTree(out);
      expect(Object.keys(hashes).length).toBeGreaterThan(2);
      if (update) fresh[c.name] = hashes;
      else expect(hashes).toEqual(recorded[c.name]);
    });
  }
});
