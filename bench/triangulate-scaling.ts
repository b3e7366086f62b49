/**
 * Scaling of polygon triangulation with the ring's vertex count: one wavy, shoreline-like ring (a circle
 * of 500 m radius with two superposed waves) in a tilted plane at ECEF magnitude, for 1e4 … 1e6
 * vertices. Prints the median wall time of 3 runs per size, the ratio to the previous size (≈ 3.2 per
 * step for O(n log n), ≈ 10 for O(n²); the sizes step by ≈ 3.16) and the load average, since the
 * machine may be shared and a busy CPU inflates the times.
 *
 * The converter caps a polygon at MAX_POLYGON_VERTICES (50 000) so that one polygon cannot stall a run;
 * the benchmark lifts the cap, since how the time grows beyond it is what it measures.
 *
 * Runs on its own: triangulation is a pure function of one polygon, so no other process, server or data
 * set is involved. Sizes whose previous size took longer than the time limit are skipped (useful when
 * measuring a quadratic version).
 *
 *   npx tsx bench/triangulate-scaling.ts [maxVertices=1000000] [runs=3] [limitSeconds=60]
 */
import os from 'node:os';
import { triangulatePolygon } from '../src/core/geometry/index.ts';
import { median } from './stats.ts';

const maxVertices = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const limitSeconds = Number(process.argv[4] ?? 60);
const sizes = [10_000, 30_000, 100_000, 300_000, 1_000_000].filter((n) => n <= maxVertices);

/** Wavy ring of `count` vertices, counter-clockwise in a roof-like plane tilted 30° about x, offset to ECEF magnitudes (metres). */
function wavyRing(count: number): Float64Array {
  const origin = [3_783_000.5, 899_000.25, 5_038_000.75];
  const tilt = Math.PI / 6;
  const positions = new Float64Array(count * 3);
  for (let k = 0; k < count; k++) {
    const angle = (2 * Math.PI * k) / count;
    const radius = 500 * (1 + 0.05 * Math.sin(7 * angle) + 0.01 * Math.sin(331 * angle));
    const x = radius * Math.cos(angle);
    const y = radius * Math.sin(angle);
    positions[k * 3] = origin[0]! + x;
    positions[k * 3 + 1] = origin[1]! + y * Math.cos(tilt);
    positions[k * 3 + 2] = origin[2]! + y * Math.sin(tilt);
  }
  return positions;
}

const loadBefore = os.loadavg();
console.log(
  `triangulate scaling: ${os.cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, median of ${runs}`,
);
triangulatePolygon(wavyRing(1_000), Uint32Array.of(0)); // warm-up (JIT)
let previous: number | undefined;
for (const size of sizes) {
  if (previous !== undefined && previous / 1000 > limitSeconds) {
    console.log(`${String(size).padStart(9)} vertices  skipped (previous size took over ${limitSeconds} s)`);
    continue;
  }
  const positions = wavyRing(size);
  const times: number[] = [];
  let triangles = 0;
  let notes = '';
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    // Without the production cap (MAX_POLYGON_VERTICES), which exists to bound what is measured here.
    const result = triangulatePolygon(positions, Uint32Array.of(0), { maxVertices: Infinity });
    times.push(performance.now() - start);
    if (!result.ok) throw new Error(`triangulation failed at ${size} vertices: ${result.reason}`);
    triangles = result.polygon.indices.length / 3;
    notes = result.repaired?.join('; ') ?? '';
  }
  const time = median(times);
  const ratio = previous === undefined ? '' : `  ×${(time / previous).toFixed(2)}`;
  console.log(
    `${String(size).padStart(9)} vertices  ${time.toFixed(0).padStart(7)} ms${ratio.padEnd(9)}  ${triangles} triangles  load ${os.loadavg()[0]!.toFixed(2)}${notes ? `  (${notes})` : ''}`,
  );
  previous = time;
}
