/**
 * Incremental re-conversion (`--update <previous output>`): content hashes of the inputs, the session that
 * takes unchanged inputs from the mesh cache (`mesh-cache.ts`) and unchanged tiles from the previous
 * output, and the difference between two outputs' files.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tileContentPlacement } from '../../src/core/tiles/builder.ts';
import type { TileContent, TileContentJob, TileContentOptions } from '../../src/core/tiles/builder.ts';
import type { BuildingMesh } from '../../src/core/tiles/types.ts';
import { cacheProblem, MeshCache, sha256Hex } from './mesh-cache.ts';
import { OUTPUT_MARKER, readOutputMarker } from './output.ts';
import type { CachedInput, CachedReport } from './read-phase.ts';

/** One input file as `report.json` lists it: its report name, bytes on disk and SHA-256 (hex) of those bytes. */
export interface InputRecord {
  name: string;
  bytes: number;
  sha256: string;
}

/** What `--update` did, in `report.json`. */
export interface UpdateReport {
  /** The previous output compared against. */
  previous: string;
  /** Inputs by content compared with the previous report: new, changed (other SHA-256), unchanged, gone. */
  inputs: { added: string[]; changed: string[]; unchanged: string[]; removed: string[] };
  /**
   * Inputs whose meshes came from the mesh cache (not read, parsed or triangulated again), and inputs
   * read by the worker threads. Every tile is still planned and encoded from all meshes.
   */
  fromCache: string[];
  read: string[];
  /** Tileset files (tiles, tileset JSON, schema, address index; not report.json) against the previous output. */
  files: { added: string[]; changed: string[]; removed: string[]; unchanged: number };
  /**
   * Mesh cache entries not used (damaged, written for another key, unreadable: that input was read again)
   * or not written (the run goes on without them), one line each: the entry's path and why.
   */
  cacheWarnings: string[];
  /** Tile contents encoded by this run, and taken byte for byte from the previous output (same recipe). */
  tiles: { encoded: number; reused: number };
  /**
   * Each GLB's recipe (SHA-256 over the write options and its buildings' encoded meshes) and the
   * SHA-256 of its bytes: the next `--update` reuses a GLB whose recipe it would write again.
   */
  tileSources: Record<string, [recipe: string, sha256: string]>;
}

/** SHA-256 (hex) of a file's bytes, streamed. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('sha256');
    // 1 MiB reads: with the default 64 KiB, a run on one thread waited ~0.2 s at the end of reading
    // 100 MB for the hash to catch up (one event-loop round trip per read)
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolvePromise(hash.digest('hex')));
  });
}

/**
 * What a previous output's `report.json` says: its inputs (name → SHA-256; undefined without a report
 * listing them) and its tiles' recipes (recipe → path and SHA-256 of the GLB).
 */
export function previousReport(previous: string): {
  inputs: Map<string, string> | undefined;
  tiles: Map<string, { path: string; sha256: string }>;
} {
  const tiles = new Map<string, { path: string; sha256: string }>();
  try {
    const report = JSON.parse(readFileSync(join(previous, 'report.json'), 'utf8')) as {
      inputs?: InputRecord[];
      update?: Partial<UpdateReport>;
    };
    for (const [path, [recipe, sha256]] of Object.entries(report.update?.tileSources ?? {}))
      tiles.set(recipe, { path, sha256 });
    if (!Array.isArray(report.inputs)) return { inputs: undefined, tiles };
    return { inputs: new Map(report.inputs.map((input) => [input.name, input.sha256])), tiles };
  } catch {
    return { inputs: undefined, tiles };
  }
}

/** Compares this run's inputs with the previous report's. */
export function compareInputs(
  inputs: readonly InputRecord[],
  previous: ReadonlyMap<string, string> | undefined,
): UpdateReport['inputs'] {
  const result: UpdateReport['inputs'] = { added: [], changed: [], unchanged: [], removed: [] };
  const names = new Set<string>();
  for (const { name, sha256 } of inputs) {
    names.add(name);
    const before = previous?.get(name);
    if (before === undefined) result.added.push(name);
    else if (before === sha256) result.unchanged.push(name);
    else result.changed.push(name);
  }
  for (const name of previous?.keys() ?? []) if (!names.has(name)) result.removed.push(name);
  return result;
}

/** Files the report's diff leaves out: they describe the run, not the tileset. */
const NOT_COMPARED = new Set(['report.json', OUTPUT_MARKER, 'report.failed.json']);

/**
 * SHA-256 of every tileset file an output directory's marker lists (report.json and the marker left
 * out); empty for a missing or foreign directory.
 */
export function outputFileHashes(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const marker = existsSync(dir) ? readOutputMarker(dir) : undefined;
  for (const file of marker?.files ?? []) {
    if (NOT_COMPARED.has(file)) continue;
    try {
      hashes.set(file, sha256Hex(readFileSync(join(dir, file))));
    } catch {
      // Listed but gone: counts as removed.
    }
  }
  return hashes;
}

/** Files added, changed and removed between the previous output and this run's (SHA-256 by path). */
export function compareFiles(
  previous: ReadonlyMap<string, string>,
  current: ReadonlyMap<string, string>,
): UpdateReport['files'] {
  const files: UpdateReport['files'] = { added: [], changed: [], removed: [], unchanged: 0 };
  for (const [path, hash] of current) {
    if (NOT_COMPARED.has(path)) continue;
    const before = previous.get(path);
    if (before === undefined) files.added.push(path);
    else if (before !== hash) files.changed.push(path);
    else files.unchanged += 1;
  }
  for (const path of previous.keys()) if (!current.has(path)) files.removed.push(path);
  for (const list of [files.added, files.changed, files.removed]) list.sort();
  return files;
}

/**
 * One `--update` run: which inputs come from the previous output's mesh cache, the new cache entries,
 * and the report's comparison with the previous output. Inputs are matched by content (SHA-256), so a
 * renamed but unchanged file is taken from the cache too.
 */
export class UpdateSession {
  readonly cache: MeshCache;
  private readonly previousCache: MeshCache;
  private readonly previousInputs: Map<string, string> | undefined;
  private readonly previousTiles: Map<string, { path: string; sha256: string }>;
  private readonly previousFiles: Map<string, string>;
  private readonly keys = new Map<string, string>();
  /** Per store handle: the first 16 bytes of the SHA-256 of its encoded mesh (set by `meshRead`). */
  private meshDigests = new Uint8Array(0);
  private meshDigestSet = new Uint8Array(0);
  private readonly recipes = new Map<string, string>();
  private readonly tiles = { encoded: 0, reused: 0 };
  /** Per input path: whether its meshes came from the cache. */
  private readonly cached = new Map<string, boolean>();
  private readonly handles = new Map<string, number[]>();
  private readonly files = new Map<string, string>();
  /** Cache entries not used or not written, one line each (see `UpdateReport.cacheWarnings`). */
  private readonly cacheWarnings = new Set<string>();

  /** Reads what the previous output holds (its report's input hashes, its files' hashes) before any work. */
  constructor(
    readonly previous: string,
    out: string,
    private readonly settingsKey: string,
  ) {
    this.cache = new MeshCache(out);
    this.previousCache = new MeshCache(previous);
    const before = previousReport(previous);
    this.previousInputs = before.inputs;
    this.previousTiles = before.tiles;
    this.previousFiles = outputFileHashes(previous);
  }

  /** Whether the previous output was found (a report listing its inputs). */
  get hasPrevious(): boolean {
    return this.previousInputs !== undefined;
  }

  /** Notes each input's cache key; true for an input the previous cache holds (it is then not split). */
  plan(inputs: readonly { path: string }[], records: readonly InputRecord[]): void {
    inputs.forEach((input, i) => {
      this.keys.set(input.path, MeshCache.key(records[i]!.sha256, this.settingsKey));
    });
  }

  /** Whether the input at `path` has a cache entry (it is then read from there, not by a worker). */
  inCache(path: string): boolean {
    const key = this.keys.get(path);
    return key !== undefined && this.previousCache.has(key);
  }

  /**
   * The cached meshes and report of the input at `path`, or undefined: read it again. Only whether it
   * came from the cache is kept (the meshes are spooled by the caller, then dropped); an entry found
   * damaged as it is read (see `CachedInput`) counts as not from the cache, with a warning.
   */
  cachedInput(path: string): CachedInput | undefined {
    const key = this.keys.get(path);
    this.cached.set(path, false);
    if (key === undefined || !this.inCache(path)) return undefined;
    const entry = this.previousCache.entry(key);
    return {
      read: (put) => {
        const read = entry.read(put);
        this.cached.set(path, typeof read !== 'string');
        if (typeof read === 'string' && read !== '')
          this.cacheWarnings.add(
            `mesh cache entry ${join(this.previousCache.dir, `${key}.bin`)} not used (${read}): input read again`,
          );
        return read;
      },
    };
  }

  /** Records the store handles of an input's meshes (in input order), for its cache entry. */
  stored(path: string, handles: readonly number[]): void {
    let list = this.handles.get(path);
    if (!list) this.handles.set(path, (list = []));
    for (const handle of handles) list.push(handle);
  }

  /** Writes this run's cache entries: inputs read now get a new entry, cached ones are kept (or linked over). */
  saveCache(getEncoded: (handle: number) => Uint8Array, byInput: ReadonlyMap<string, CachedReport>): void {
    for (const [path, key] of this.keys) {
      // An entry that cannot be written (a directory at its name, no permission, disk full) is skipped:
      // the tiles do not depend on it; the next run reads that input again.
      try {
        if (this.cached.get(path)) {
          this.cache.adopt(this.previousCache, key);
          continue;
        }
        const handles = this.handles.get(path) ?? [];
        const input = byInput.get(path);
        if (!input) continue;
        this.cache.write(key, handles.length, (i) => getEncoded(handles[i]!), input);
      } catch (error) {
        this.cacheWarnings.add(
          `mesh cache entry ${join(this.cache.dir, `${key}.bin`)} not written (${cacheProblem(error)})`,
        );
      }
    }
  }

  /** Notes the encoded bytes of the mesh with `handle` (as the tiler reads it), for the tile recipes. */
  meshRead(handle: number, bytes: Uint8Array): void {
    if ((handle + 1) * 16 > this.meshDigests.length) {
      const size = Math.max(1024, (handle + 1) * 2);
      const digests = new Uint8Array(size * 16);
      digests.set(this.meshDigests);
      this.meshDigests = digests;
      const set = new Uint8Array(size);
      set.set(this.meshDigestSet);
      this.meshDigestSet = set;
    }
    this.meshDigests.set(createHash('sha256').update(bytes).digest().subarray(0, 16), handle * 16);
    this.meshDigestSet[handle] = 1;
  }

  /**
   * Wraps a tile content writer: a tile whose recipe (write options, and the SHA-256 of each of its
   * buildings' encoded meshes, in order) the previous output wrote is taken from there byte for byte
   * (its SHA-256 checked against the previous report) and only placed (frame and box from the meshes,
   * read by `mesh`); any other is written by `write`.
   */
  reusingTiles(
    write: (job: TileContentJob, options: TileContentOptions) => Promise<TileContent>,
    mesh: (handle: number) => BuildingMesh,
  ): (job: TileContentJob, options: TileContentOptions) => Promise<TileContent> {
    let optionsDigest: { options: TileContentOptions; sha256: string } | undefined;
    return async (job, options) => {
      if (optionsDigest?.options !== options) {
        const { images: _images, ...plain } = options;
        optionsDigest = { options, sha256: sha256Hex(JSON.stringify(plain)) };
      }
      const hash = createHash('sha256').update(optionsDigest.sha256);
      let known = true;
      for (const handle of job.handles) {
        if (!this.meshDigestSet[handle]) known = false;
        else hash.update(this.meshDigests.subarray(handle * 16, handle * 16 + 16));
      }
      const recipe = hash.digest('hex');
      // A mesh never seen by `meshRead` (not expected) gives no recipe: the tile is always written.
      if (known) this.recipes.set(job.uri, recipe);
      const before = known ? this.previousTiles.get(recipe) : undefined;
      if (before) {
        try {
          const glb = readFileSync(join(this.previous, before.path));
          if (sha256Hex(glb) === before.sha256) {
            this.tiles.reused += 1;
            return { glb, ...tileContentPlacement(job.handles.map(mesh)) };
          }
        } catch {
          // Gone or unreadable: written again below.
        }
      }
      this.tiles.encoded += 1;
      return write(job, options);
    };
  }

  /** Notes a file written to the new output (for the comparison). */
  written(path: string, bytes: Uint8Array): void {
    this.files.set(path, sha256Hex(bytes));
  }

  /** The report's `update` section. */
  report(inputs: readonly InputRecord[], sources: readonly { path: string; name: string }[]): UpdateReport {
    const fromCache = sources.filter((s) => this.cached.get(s.path)).map((s) => s.name);
    return {
      previous: this.previous,
      inputs: compareInputs(inputs, this.previousInputs),
      fromCache,
      read: sources.filter((s) => !this.cached.get(s.path)).map((s) => s.name),
      files: compareFiles(this.previousFiles, this.files),
      cacheWarnings: [...this.cacheWarnings],
      tiles: { ...this.tiles },
      tileSources: Object.fromEntries(
        [...this.recipes].map(([path, recipe]) => [path, [recipe, this.files.get(path) ?? '']]),
      ),
    };
  }

  /** After the commit: the cache keeps only this run's inputs. */
  prune(): void {
    this.cache.prune(new Set(this.keys.values()));
  }
}
