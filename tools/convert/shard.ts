/**
 * `--shard i/n`: a deterministic spatial share of the inputs. Every input is placed by the centre of the
 * first `gml:Envelope` in its first 64 KiB (the document's `boundedBy`, in the data's own CRS), the
 * centres are put in Morton (Z-order) on a 65 536 × 65 536 grid over their bounding box, and that order
 * is cut into `n` runs of about equal bytes. Inputs without an envelope there follow, by name. Every
 * process given the same inputs computes the same shares, so shard `i` of `n` needs no coordination.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { inflateRawSync, constants as zlib } from 'node:zlib';
import type { InputSource } from './inputs.ts';

/** One share of the inputs: `index` (0-based, as Kubernetes' JOB_COMPLETION_INDEX) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (0 ≤ i < n); returns a message naming the problem otherwise. */
export function parseShard(value: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !(count >= 1) || !(index < count))
    return `--shard must be i/n with 0 ≤ i < n (i is 0-based, like JOB_COMPLETION_INDEX), got "${value}"`;
  return { index, count };
}

const HEAD_BYTES = 64 * 1024;

/** The first bytes of an input as text (a gzip file's first inflated bytes); zip inputs are not looked into. */
function headText(source: InputSource): string | undefined {
  if (source.kind === 'zip') return undefined;
  const fd = openSync(source.path, 'r');
  try {
    const bytes = new Uint8Array(HEAD_BYTES);
    const read = readSync(fd, bytes, 0, HEAD_BYTES, 0);
    let head = bytes.subarray(0, read);
    if (source.kind === 'gz') {
      // Skip the gzip header (10 bytes, optional name/comment fields) and inflate what is there.
      if (head[0] !== 0x1f || head[1] !== 0x8b) return undefined;
      const flags = head[3]!;
      let at = 10;
      if (flags & 4) at += 2 + (head[10]! | (head[11]! << 8));
      if (flags & 8) while (at < head.length && head[at++] !== 0);
      if (flags & 16) while (at < head.length && head[at++] !== 0);
      if (flags & 2) at += 2;
      head = inflateRawSync(head.subarray(at), { finishFlush: zlib.Z_SYNC_FLUSH });
    }
    return new TextDecoder().decode(head);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Centre (x, y in the data's CRS) of the first envelope in an input's head, if any. */
export function envelopeCentre(source: InputSource): [number, number] | undefined {
  const text = headText(source);
  if (!text) return undefined;
  const lower = /<(?:[\w-]+:)?lowerCorner\b[^>]*>([^<]+)</.exec(text)?.[1];
  const upper = /<(?:[\w-]+:)?upperCorner\b[^>]*>([^<]+)</.exec(text)?.[1];
  if (!lower || !upper) return undefined;
  const [x0, y0] = lower.trim().split(/\s+/).map(Number);
  const [x1, y1] = upper.trim().split(/\s+/).map(Number);
  if (![x0, y0, x1, y1].every((v) => Number.isFinite(v))) return undefined;
  return [(x0! + x1!) / 2, (y0! + y1!) / 2];
}

/** Interleaves the bits of two 16-bit cells (x in the even bits): the Z-order position. */
function morton(x: number, y: number): number {
  let code = 0;
  for (let bit = 15; bit >= 0; bit--) code = code * 4 + ((y >> bit) & 1) * 2 + ((x >> bit) & 1);
  return code;
}

/**
 * The inputs in spatial order (see the module comment) with the shard each belongs to: contiguous runs
 * of that order, cut where the running total of bytes crosses k/n of all bytes (an input goes to the
 * share holding its middle byte).
 */
export function assignShards(
  sources: readonly InputSource[],
  count: number,
): { source: InputSource; shard: number }[] {
  const placed = sources.map((source) => ({ source, centre: envelopeCentre(source) }));
  const located = placed.filter((p) => p.centre);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const { centre } of located) {
    minX = Math.min(minX, centre![0]);
    maxX = Math.max(maxX, centre![0]);
    minY = Math.min(minY, centre![1]);
    maxY = Math.max(maxY, centre![1]);
  }
  const cell = (value: number, min: number, max: number) =>
    max > min ? Math.min(65535, Math.floor(((value - min) / (max - min)) * 65536)) : 0;
  const byName = (a: InputSource, b: InputSource) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const ordered = [
    ...located
      .map((p) => ({ ...p, code: morton(cell(p.centre![0], minX, maxX), cell(p.centre![1], minY, maxY)) }))
      .sort((a, b) => a.code - b.code || byName(a.source, b.source))
      .map((p) => p.source),
    ...placed
      .filter((p) => !p.centre)
      .map((p) => p.source)
      .sort(byName),
  ];
  const total = ordered.reduce((sum, source) => sum + Math.max(1, source.size), 0);
  let before = 0;
  return ordered.map((source) => {
    const size = Math.max(1, source.size);
    const shard = Math.min(count - 1, Math.floor(((before + size / 2) / total) * count));
    before += size;
    return { source, shard };
  });
}

/** The inputs of one shard, in their original order (so the tiles do not depend on the sharding order). */
export function shareOfInputs(sources: InputSource[], shard: Shard): InputSource[] {
  const chosen = new Set(
    assignShards(sources, shard.count)
      .filter((entry) => entry.shard === shard.index)
      .map((entry) => entry.source),
  );
  return sources.filter((source) => chosen.has(source));
}
