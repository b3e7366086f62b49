/**
 * Throughput of source CRS → ECEF (points per second): the UTM fast path against proj4, and proj4 for a
 * Gauss-Krüger CRS with a Helmert datum shift. Also reports the largest difference fast path ↔ proj4.
 *
 *   npx tsx bench/crs-throughput.ts [points]
 */
import { builtinEgm96, createEcefTransformer, parseSrsName } from '../src/core/crs/index.ts';

const count = Number(process.argv[2] ?? 1_000_000);

function randomPositions(minX: number, minY: number, span: number): Float64Array {
  let state = 12345;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const positions = new Float64Array(count * 3);
  for (let index = 0; index < count; index++) {
    positions[index * 3] = minX + random() * span;
    positions[index * 3 + 1] = minY + random() * span;
    positions[index * 3 + 2] = random() * 200;
  }
  return positions;
}

function measure(label: string, run: () => Float64Array): { result: Float64Array; pointsPerSecond: number } {
  run(); // warm-up
  const repeats = 3;
  let best = Number.POSITIVE_INFINITY;
  let result: Float64Array = new Float64Array();
  for (let repeat = 0; repeat < repeats; repeat++) {
    const start = performance.now();
    result = run();
    best = Math.min(best, performance.now() - start);
  }
  const pointsPerSecond = (count / best) * 1000;
  console.log(
    `${label.padEnd(48)} ${(pointsPerSecond / 1e6).toFixed(2)} M points/s (best of ${repeats}, ${best.toFixed(0)} ms)`,
  );
  return { result, pointsPerSecond };
}

const utmSrs = parseSrsName('urn:adv:crs:ETRS89_UTM32*DE_DHHN2016_NH*GCG2016');
const utmPositions = randomPositions(300_000, 5_700_000, 50_000);
const geoid = builtinEgm96();
const fast = measure('EPSG:25832 + EGM96, UTM fast path', () =>
  createEcefTransformer(utmSrs, geoid).toEcef(utmPositions),
);
const slow = measure('EPSG:25832 + EGM96, proj4', () =>
  createEcefTransformer(utmSrs, geoid, { utmFastPath: false }).toEcef(utmPositions),
);
measure('EPSG:25832, no geoid, UTM fast path', () =>
  createEcefTransformer(utmSrs, 'none').toEcef(utmPositions),
);
measure('EPSG:25832, no geoid, proj4', () =>
  createEcefTransformer(utmSrs, 'none', { utmFastPath: false }).toEcef(utmPositions),
);
const gkPositions = randomPositions(3_450_000, 5_400_000, 50_000);
measure('EPSG:31467 + EGM96, proj4 (Helmert)', () =>
  createEcefTransformer(parseSrsName('EPSG:31467'), geoid).toEcef(gkPositions),
);

let maxDifference = 0;
for (let offset = 0; offset < fast.result.length; offset += 3) {
  const difference = Math.hypot(
    (fast.result[offset] ?? 0) - (slow.result[offset] ?? 0),
    (fast.result[offset + 1] ?? 0) - (slow.result[offset + 1] ?? 0),
    (fast.result[offset + 2] ?? 0) - (slow.result[offset + 2] ?? 0),
  );
  maxDifference = Math.max(maxDifference, difference);
}
console.log(`fast path / proj4 speed ratio: ${(fast.pointsPerSecond / slow.pointsPerSecond).toFixed(1)}×`);
console.log(
  `largest ECEF difference fast path ↔ proj4 over ${count} points: ${(maxDifference * 1000).toFixed(4)} mm`,
);
