/**
 * Heap snapshots for the benchmarks (not a test): takes a V8 heap snapshot of a page through the DevTools
 * protocol and compares two of the same page. V8 keeps an object's snapshot id for its life, so the objects in a
 * later snapshot whose ids the earlier one lacks are those allocated in between and still alive (DevTools' "Objects
 * allocated between snapshots"). They are grouped by constructor (an object's class, a closure's function name, or
 * V8's kind of internal object: strings, code, arrays…), with their count and shallow size, and for the largest
 * groups the shortest path that keeps one of them alive from the GC roots (weak edges not followed).
 */
import { writeFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

/** The parts of a `.heapsnapshot` file this module reads. */
interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/** A parsed heap snapshot: flat node and edge tables, as V8 writes them. */
export interface HeapSnapshot {
  raw: RawSnapshot;
  nodeCount: number;
  nodeFields: number;
  edgeFields: number;
  /** Index of each node's first edge in `raw.edges` (edges are stored node after node). */
  firstEdge: Uint32Array;
  /** Snapshot id of each node (stable for an object's life within one page session). */
  ids: Float64Array;
}

/**
 * A heap snapshot of the page behind `cdp`, after two forced garbage collections (V8 collects once more while
 * writing it). `file`: also writes the snapshot there, to open in DevTools' Memory tab.
 */
export async function takeHeapSnapshot(cdp: CDPSession, file?: string): Promise<HeapSnapshot> {
  const chunks: string[] = [];
  const onChunk = ({ chunk }: { chunk: string }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const text = chunks.join('');
  if (file) writeFileSync(file, text);
  return parseHeapSnapshot(text);
}

/** Parses the text of a `.heapsnapshot` file. */
export function parseHeapSnapshot(text: string): HeapSnapshot {
  const raw = JSON.parse(text) as RawSnapshot;
  const { meta } = raw.snapshot;
  const nodeFields = meta.node_fields.length;
  const edgeFields = meta.edge_fields.length;
  const nodeCount = raw.nodes.length / nodeFields;
  const edgeCountAt = meta.node_fields.indexOf('edge_count');
  const idAt = meta.node_fields.indexOf('id');
  const firstEdge = new Uint32Array(nodeCount + 1);
  const ids = new Float64Array(nodeCount);
  let edge = 0;
  for (let n = 0; n < nodeCount; n += 1) {
    firstEdge[n] = edge;
    edge += raw.nodes[n * nodeFields + edgeCountAt]! * edgeFields;
    ids[n] = raw.nodes[n * nodeFields + idAt]!;
  }
  firstEdge[nodeCount] = edge;
  return { raw, nodeCount, nodeFields, edgeFields, firstEdge, ids };
}

/** The group a node counts in: `Class` for objects, `Function()` for closures, `(kind)` for V8's internals. */
export function groupOf(snapshot: HeapSnapshot, node: number): string {
  const { raw, nodeFields } = snapshot;
  const type = raw.snapshot.meta.node_types[0][raw.nodes[node * nodeFields]!]!;
  const name = raw.strings[raw.nodes[node * nodeFields + 1]!]!;
  switch (type) {
    case 'object':
    case 'native':
      return name;
    case 'closure':
      return `${name || '(anonymous)'}()`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(string)';
    case 'hidden':
    case 'array':
    case 'object shape':
      // V8 names its internal arrays by use ("(object properties)", "system / Context"): keep the name
      return name.startsWith('(') || name.startsWith('system') ? name : `(${type}) ${name.slice(0, 40)}`;
    default:
      return `(${type})`;
  }
}

/** A constructor's objects that a later snapshot has and an earlier one does not. */
export interface GrowthRow {
  group: string;
  /** Number of new objects. */
  count: number;
  /** Their shallow size, bytes. */
  bytes: number;
  /** The shortest path from the GC roots to one of them (edge names and the groups of the nodes passed). */
  path?: string;
}

/**
 * The objects in `after` that `before` does not have (allocated between the two snapshots and still alive),
 * grouped by `groupOf`, largest shallow size first. `paths`: for that many of the largest groups, the shortest
 * retaining path from the GC roots to their first new object.
 */
export function newObjectsBetween(before: HeapSnapshot, after: HeapSnapshot, paths = 8): GrowthRow[] {
  const old = new Set<number>();
  for (let n = 0; n < before.nodeCount; n += 1) old.add(before.ids[n]!);
  const sizeAt = after.raw.snapshot.meta.node_fields.indexOf('self_size');
  const rows = new Map<string, GrowthRow & { example: number }>();
  for (let n = 0; n < after.nodeCount; n += 1) {
    if (old.has(after.ids[n]!)) continue;
    const group = groupOf(after, n);
    const row = rows.get(group) ?? { group, count: 0, bytes: 0, example: n };
    row.count += 1;
    row.bytes += after.raw.nodes[n * after.nodeFields + sizeAt]!;
    rows.set(group, row);
  }
  const sorted = [...rows.values()].sort((a, b) => b.bytes - a.bytes);
  if (paths > 0) {
    const parents = shortestRetainers(after);
    for (const row of sorted.slice(0, paths)) row.path = retainingPath(after, parents, row.example);
  }
  return sorted.map(({ group, count, bytes, path }) => ({ group, count, bytes, path }));
}

/** One object of a later snapshot that an earlier one lacks, with its shallow size and retaining path. */
export interface NewObject {
  group: string;
  /** The node's name: a string's first characters, a closure's or V8 internal's name. */
  name: string;
  bytes: number;
  path: string;
}

/** The `top` largest objects (shallow size) in `after` that `before` lacks, each with its retaining path. */
export function largestNewObjects(before: HeapSnapshot, after: HeapSnapshot, top = 12): NewObject[] {
  const old = new Set<number>();
  for (let n = 0; n < before.nodeCount; n += 1) old.add(before.ids[n]!);
  const sizeAt = after.raw.snapshot.meta.node_fields.indexOf('self_size');
  const size = (n: number) => after.raw.nodes[n * after.nodeFields + sizeAt]!;
  const fresh: number[] = [];
  for (let n = 0; n < after.nodeCount; n += 1) if (!old.has(after.ids[n]!)) fresh.push(n);
  fresh.sort((a, b) => size(b) - size(a));
  const parents = shortestRetainers(after);
  return fresh.slice(0, top).map((n) => ({
    group: groupOf(after, n),
    name: after.raw.strings[after.raw.nodes[n * after.nodeFields + 1]!]!.slice(0, 60).replace(/\s+/g, ' '),
    bytes: size(n),
    path: retainingPath(after, parents, n),
  }));
}

/** For every node, the node and edge through which a breadth-first walk from the GC roots first reached it. */
function shortestRetainers(snapshot: HeapSnapshot): { node: Int32Array; edge: Int32Array } {
  const { raw, nodeCount, nodeFields, edgeFields, firstEdge } = snapshot;
  const edgeTypes = raw.snapshot.meta.edge_types[0];
  const weak = edgeTypes.indexOf('weak');
  const toAt = raw.snapshot.meta.edge_fields.indexOf('to_node');
  const node = new Int32Array(nodeCount).fill(-1);
  const edge = new Int32Array(nodeCount).fill(-1);
  const queue = new Int32Array(nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0; // node 0 is the synthetic root
  node[0] = 0;
  while (head < tail) {
    const from = queue[head++]!;
    for (let e = firstEdge[from]!; e < firstEdge[from + 1]!; e += edgeFields) {
      if (raw.edges[e] === weak) continue;
      const to = raw.edges[e + toAt]! / nodeFields;
      if (node[to] !== -1) continue;
      node[to] = from;
      edge[to] = e;
      queue[tail++] = to;
    }
  }
  return { node, edge };
}

/** The path `parents` records from the root to `target`, as `group.edge → group.edge → …` (at most 14 steps). */
function retainingPath(
  snapshot: HeapSnapshot,
  parents: { node: Int32Array; edge: Int32Array },
  target: number,
) {
  const { raw } = snapshot;
  const edgeTypes = raw.snapshot.meta.edge_types[0];
  const steps: string[] = [];
  let at = target;
  while (at > 0 && parents.node[at] !== -1 && steps.length < 14) {
    const e = parents.edge[at]!;
    const type = edgeTypes[raw.edges[e]!];
    const nameOrIndex = raw.edges[e + 1]!;
    const label =
      type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : String(raw.strings[nameOrIndex]);
    const from = parents.node[at]!;
    steps.push(`${from === 0 ? '(root)' : groupOf(snapshot, from)}.${label.slice(0, 40)}`);
    at = from;
  }
  if (parents.node[target] === -1) return '(unreachable from the roots: only weak references)';
  return steps.reverse().join(' → ');
}

/** The snapshot's total shallow size by group (for the whole-heap view), largest first. */
export function totalsByGroup(snapshot: HeapSnapshot): GrowthRow[] {
  const sizeAt = snapshot.raw.snapshot.meta.node_fields.indexOf('self_size');
  const rows = new Map<string, GrowthRow>();
  for (let n = 0; n < snapshot.nodeCount; n += 1) {
    const group = groupOf(snapshot, n);
    const row = rows.get(group) ?? { group, count: 0, bytes: 0 };
    row.count += 1;
    row.bytes += snapshot.raw.nodes[n * snapshot.nodeFields + sizeAt]!;
    rows.set(group, row);
  }
  return [...rows.values()].sort((a, b) => b.bytes - a.bytes);
}

/** A snapshot's shallow bytes by kind: what V8's heap holds, and what lies outside it. */
export interface HeapKinds {
  /** V8's compiled code: bytecode, baseline and optimised machine code, their metadata and feedback. */
  code: number;
  /** JS strings (V8 heap). */
  strings: number;
  /** Everything else on V8's heap: objects, arrays, closures, numbers, maps and V8's internals. */
  objects: number;
  /** Outside V8's heap: Blink's objects (DOM, layout, performance entries), array buffers' and external strings' data. */
  outside: number;
}

/** `snapshot`'s shallow sizes summed by `HeapKinds`. */
export function heapKinds(snapshot: HeapSnapshot): HeapKinds {
  const { raw, nodeFields } = snapshot;
  const types = raw.snapshot.meta.node_types[0];
  const sizeAt = raw.snapshot.meta.node_fields.indexOf('self_size');
  const kinds: HeapKinds = { code: 0, strings: 0, objects: 0, outside: 0 };
  for (let n = 0; n < snapshot.nodeCount; n += 1) {
    const type = types[raw.nodes[n * nodeFields]!];
    const name = raw.strings[raw.nodes[n * nodeFields + 1]!]!;
    const bytes = raw.nodes[n * nodeFields + sizeAt]!;
    if (type === 'code') kinds.code += bytes;
    else if (type === 'string' || type === 'concatenated string' || type === 'sliced string')
      kinds.strings += bytes;
    else if (
      type === 'native' ||
      name === 'system / ExternalStringData' ||
      name === 'system / JSArrayBufferData'
    ) {
      kinds.outside += bytes;
    } else kinds.objects += bytes;
  }
  return kinds;
}

/** Prints the `top` rows of `rows` (count, kB, group, and the retaining path where known). */
export function printRows(title: string, rows: GrowthRow[], top = 25): void {
  const bytes = rows.reduce((sum, row) => sum + row.bytes, 0);
  const count = rows.reduce((sum, row) => sum + row.count, 0);
  console.info(`${title}: ${count} objects, ${(bytes / 1e6).toFixed(2)} MB shallow`);
  for (const row of rows.slice(0, top)) {
    console.info(
      `  ${String(row.count).padStart(8)} ${(row.bytes / 1e3).toFixed(1).padStart(9)} kB  ${row.group}`,
    );
    if (row.path) console.info(`             via ${row.path}`);
  }
}
