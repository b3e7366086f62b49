/**
 * `--merge <shard outputs…> --out <dir>`: one tileset over the outputs of `--shard i/n` runs. Each shard's
 * files are copied unchanged into `<out>/shard-<i>/`, and a root `tileset.json` references each shard's
 * `tileset.json` as an external tileset (a child tile with the shard's region and geometric error), and
 * the shards' address indexes become one `addresses.json` beside it. Buildings, their metadata (each GLB
 * keeps its shard's `schema.json`) and tiles are exactly the shards'.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  ADDRESS_INDEX_FILE,
  AddressIndexBuilder,
  parseAddressIndex,
} from '../../src/core/search/address-index.ts';
import { ecefToGeodetic, transformPoint } from '../../src/core/tiles/ellipsoid.ts';
import type { TileJson, TilesetJson } from '../../src/core/tiles/tileset.ts';
import { validateTileset } from '../../src/core/tiles/validate.ts';
import { OUTPUT_MARKER, readOutputMarker, StagedOutput } from './output.ts';
import type { RunReport } from './report.ts';

/** What a merge writes as `report.json`. */
export interface MergeReport {
  status: 'merged';
  /** Each shard: its folder as given, where it went in the output, and its counts. */
  shards: {
    from: string;
    dir: string;
    shard?: { index: number; count: number };
    buildings: number;
    tiles: number;
  }[];
  buildings: { read: number; written: number; dropped: number };
  output: { tiles: number };
  /** The shards' inputs with their SHA-256, as their reports list them. */
  inputs: NonNullable<RunReport['inputs']>;
  seconds: number;
}

/** Options of `mergeShards`. */
export interface MergeOptions {
  /** Output folders of `--shard i/n` runs (or any converter outputs). */
  shards: string[];
  out: string;
  force?: boolean;
  log?: (line: string) => void;
}

/** A shard output that cannot be merged (not a converter output, no report, a failed run); exit 1. */
export class MergeInputError extends Error {
  constructor(message: string) {
    super(`convert --merge: ${message}`);
    this.name = 'MergeInputError';
  }
}

/** The region (radians, ellipsoidal metres) covering a tile's bounding volume in world coordinates. */
function regionOf(tile: TileJson): number[] {
  const volume = tile.boundingVolume;
  if ('region' in volume) return volume.region;
  const transform = tile.transform ?? [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  // A 5×5×5 grid over the volume: the Earth curves under a flat box, so its corners alone miss the
  // lowest height (at the bottom face's middle) by metres on a few kilometres.
  const steps = [-1, -0.5, 0, 0.5, 1];
  const corners: number[][] = [];
  if ('box' in volume) {
    const [cx, cy, cz, ...axes] = volume.box as [number, number, number, ...number[]];
    for (const i of steps)
      for (const j of steps)
        for (const k of steps)
          corners.push(
            [0, 1, 2].map((a) => [cx, cy, cz][a]! + i * axes[a]! + j * axes[3 + a]! + k * axes[6 + a]!),
          );
  } else {
    const [cx, cy, cz, r] = volume.sphere as [number, number, number, number];
    for (const i of steps)
      for (const j of steps) for (const k of steps) corners.push([cx + i * r, cy + j * r, cz + k * r]);
  }
  const region = [Infinity, Infinity, -Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y, z] of corners) {
    const world = transformPoint(transform, x!, y!, z!);
    const { longitude, latitude, height } = ecefToGeodetic(world[0]!, world[1]!, world[2]!);
    region[0] = Math.min(region[0]!, longitude);
    region[1] = Math.min(region[1]!, latitude);
    region[2] = Math.max(region[2]!, longitude);
    region[3] = Math.max(region[3]!, latitude);
    region[4] = Math.min(region[4]!, height);
    region[5] = Math.max(region[5]!, height);
  }
  // Padded as the tiler pads its regions (about 6 mm in angle, 1 cm in height), for rounding.
  return region.map((value, i) => value + [-1e-9, -1e-9, 1e-9, 1e-9, -0.01, 0.01][i]!);
}

const union = (regions: number[][]): number[] => [
  Math.min(...regions.map((r) => r[0]!)),
  Math.min(...regions.map((r) => r[1]!)),
  Math.max(...regions.map((r) => r[2]!)),
  Math.max(...regions.map((r) => r[3]!)),
  Math.min(...regions.map((r) => r[4]!)),
  Math.max(...regions.map((r) => r[5]!)),
];

/**
 * Merges shard outputs into `<out>` (staged beside it and renamed into place, as a conversion's output;
 * the same `--out` rules). Throws `MergeInputError` for a shard that is not a successful converter
 * output, `OutputRefusedError` for an unsafe `out`.
 */
export function mergeShards(options: MergeOptions): MergeReport {
  const started = performance.now();
  const log = options.log ?? ((line: string) => console.error(line));
  if (options.shards.length === 0) throw new MergeInputError('no shard outputs given');
  const shards = options.shards.map((from) => {
    const dir = resolve(from);
    const marker = readOutputMarker(dir);
    if (!marker) throw new MergeInputError(`${from} is not an output of the converter (no ${OUTPUT_MARKER})`);
    let report: RunReport;
    let tileset: TilesetJson;
    try {
      report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as RunReport;
      tileset = JSON.parse(readFileSync(join(dir, 'tileset.json'), 'utf8')) as TilesetJson;
    } catch (error) {
      throw new MergeInputError(
        `${from}: no readable report.json and tileset.json (${(error as Error).message})`,
      );
    }
    if (report.status !== 'converted')
      throw new MergeInputError(`${from}: its report says the run ${report.status}`);
    return { from, dir, marker, report, tileset };
  });
  const names = shards.map((s, i) => `shard-${s.report.shard?.index ?? i}`);
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new MergeInputError(`two shard outputs are ${duplicate}; give each share once`);

  const output = new StagedOutput(options.out, {
    force: options.force ?? false,
    inputs: shards.map((s) => s.dir),
    log,
  });
  try {
    const children: TileJson[] = [];
    shards.forEach((shard, i) => {
      for (const file of shard.marker.files) {
        output.write({ path: `${names[i]}/${file}`, bytes: readFileSync(join(shard.dir, file)) });
      }
      children.push({
        boundingVolume: { region: regionOf(shard.tileset.root) },
        geometricError: shard.tileset.geometricError,
        content: { uri: `${names[i]}/tileset.json` },
      });
    });
    // One address index at the root, as a single run writes it (search reads the one beside tileset.json).
    const addresses = new AddressIndexBuilder();
    for (const shard of shards) {
      if (!shard.marker.files.includes(ADDRESS_INDEX_FILE)) continue;
      const text = readFileSync(join(shard.dir, ADDRESS_INDEX_FILE), 'utf8');
      addresses.addIndex(parseAddressIndex(JSON.parse(text)));
    }
    const index = addresses.bytes();
    if (index) output.write({ path: ADDRESS_INDEX_FILE, bytes: index });
    const largest = Math.max(...children.map((child) => child.geometricError));
    const rootError = largest * 1.01 + 0.01;
    const root: TilesetJson = {
      asset: { version: '1.1', generator: 'Stadtmodell' },
      geometricError: rootError,
      root: {
        boundingVolume: {
          region: union(children.map((c) => (c.boundingVolume as { region: number[] }).region)),
        },
        geometricError: rootError,
        refine: 'ADD',
        children,
      },
    };
    const problems = validateTileset(root);
    if (problems.length > 0)
      throw new Error(`convert --merge: the root tileset is not valid: ${problems.join('; ')}`);
    output.write({ path: 'tileset.json', bytes: new TextEncoder().encode(JSON.stringify(root)) });
    const sum = (pick: (r: RunReport) => number) => shards.reduce((total, s) => total + pick(s.report), 0);
    const report: MergeReport = {
      status: 'merged',
      shards: shards.map((s, i) => ({
        from: s.from,
        dir: names[i]!,
        ...(s.report.shard ? { shard: s.report.shard } : {}),
        buildings: s.report.buildings.written,
        tiles: s.report.output.tiles,
      })),
      buildings: {
        read: sum((r) => r.buildings.read),
        written: sum((r) => r.buildings.written),
        dropped: sum((r) => r.buildings.dropped),
      },
      output: { tiles: sum((r) => r.output.tiles) },
      inputs: shards.flatMap((s) => s.report.inputs ?? []),
      seconds: 0,
    };
    report.seconds = Number(((performance.now() - started) / 1000).toFixed(3));
    output.write({
      path: 'report.json',
      bytes: new TextEncoder().encode(`${JSON.stringify(report, null, 2)}\n`),
    });
    output.commit();
    log(
      `convert --merge: ${shards.length} shards, ${report.buildings.written} buildings, ${report.output.tiles} tiles → ${options.out}`,
    );
    return report;
  } finally {
    output.abort();
  }
}
