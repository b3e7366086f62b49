/**
 * Closed LoD2 solids come out of the conversion session with outward normals: the signed volume of every
 * closed building mesh (ECEF metres) is positive, for the generated demo city and the real NRW and Berlin
 * tiles. Closed = every edge shared by exactly two triangles after welding vertices within 1 mm; real
 * buildings that are not closed (T-junctions, touching parts, gaps in the data) are counted and reported.
 * Lives in test/ (above the layers) because the demo city comes from tools/, which the core must not import.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCityGmlReader } from '../src/core/citygml/index.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { signedVolume } from '../src/core/geometry/measures.ts';
import type { BuildingMesh } from '../src/core/tiles/types.ts';
import { generateDemoCityChunks } from '../tools/demo-city/generate.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(repoRoot, '../shared/data/citygml');
const hasData = existsSync(dataDir);
if (!hasData) console.warn(`Closed-solid tests on real data skipped: ${dataDir} not found`);

const WELD_TOLERANCE_METRES = 0.001;

/** Converts text chunks of one CityGML document; returns the building meshes (ECEF metres). */
function buildingMeshes(chunks: Iterable<string>, file: string): BuildingMesh[] {
  const session = new ConversionSession();
  const reader = createCityGmlReader({ file });
  for (const chunk of chunks) for (const record of reader.write(chunk)) session.add(record, file);
  const end = reader.close();
  for (const record of end.objects) session.add(record, file);
  expect(session.report.buildings.dropped).toBe(0);
  return session.meshes.filter((mesh) => mesh.properties.objectType === 'Building');
}

interface SolidCheck {
  /** Every welded edge is shared by exactly two (non-degenerate) triangles. */
  closed: boolean;
  /** Every welded edge a→b of a triangle is matched by b→a of another: consistent winding. */
  consistentlyWound: boolean;
  /** m³, positive when the triangles face outwards. */
  volume: number;
  triangles: number;
}

/**
 * Welds vertices within 1 mm (relative to the first vertex, so ECEF keeps its precision), then counts edges and computes the signed volume of the welded triangles.
 */
function checkSolid(mesh: BuildingMesh): SolidCheck {
  const { positions, indices } = mesh;
  const vertexCount = positions.length / 3;
  const local = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) local[i] = positions[i]! - positions[i % 3]!;
  const cells = new Map<string, number[]>();
  const welded = new Uint32Array(vertexCount);
  const cellOf = (value: number) => Math.floor(value / WELD_TOLERANCE_METRES);
  for (let v = 0; v < vertexCount; v++) {
    const x = local[v * 3]!;
    const y = local[v * 3 + 1]!;
    const z = local[v * 3 + 2]!;
    let match = -1;
    for (let dx = -1; dx <= 1 && match < 0; dx++) {
      for (let dy = -1; dy <= 1 && match < 0; dy++) {
        for (let dz = -1; dz <= 1 && match < 0; dz++) {
          const candidates = cells.get(`${cellOf(x) + dx},${cellOf(y) + dy},${cellOf(z) + dz}`) ?? [];
          match =
            candidates.find(
              (w) =>
                Math.hypot(local[w * 3]! - x, local[w * 3 + 1]! - y, local[w * 3 + 2]! - z) <=
                WELD_TOLERANCE_METRES,
            ) ?? -1;
        }
      }
    }
    if (match >= 0) welded[v] = match;
    else {
      welded[v] = v;
      const key = `${cellOf(x)},${cellOf(y)},${cellOf(z)}`;
      const cell = cells.get(key);
      if (cell) cell.push(v);
      else cells.set(key, [v]);
    }
  }
  const weldedIndices: number[] = [];
  const directedEdges = new Map<string, number>();
  for (let t = 0; t + 2 < indices.length; t += 3) {
    const a = welded[indices[t]!]!;
    const b = welded[indices[t + 1]!]!;
    const c = welded[indices[t + 2]!]!;
    if (a === b || b === c || c === a) continue; // collapsed by the weld: no area
    weldedIndices.push(a, b, c);
    for (const [from, to] of [
      [a, b],
      [b, c],
      [c, a],
    ] as const) {
      const key = `${from},${to}`;
      directedEdges.set(key, (directedEdges.get(key) ?? 0) + 1);
    }
  }
  let closed = weldedIndices.length > 0;
  let consistentlyWound = true;
  for (const [key, count] of directedEdges) {
    const [from, to] = key.split(',');
    const reverse = directedEdges.get(`${to},${from}`) ?? 0;
    if (count + reverse !== 2) closed = false;
    if (count !== 1 || reverse !== 1) consistentlyWound = false;
  }
  return {
    closed,
    consistentlyWound,
    volume: signedVolume(local, weldedIndices),
    triangles: weldedIndices.length / 3,
  };
}

interface Tally {
  buildings: number;
  closed: number;
  notClosed: string[];
  inward: string[];
  inconsistent: string[];
}

function tally(meshes: BuildingMesh[]): Tally {
  const result: Tally = { buildings: 0, closed: 0, notClosed: [], inward: [], inconsistent: [] };
  for (const mesh of meshes) {
    result.buildings++;
    const check = checkSolid(mesh);
    if (!check.closed) {
      result.notClosed.push(mesh.id);
      continue;
    }
    result.closed++;
    if (!(check.volume > 0)) result.inward.push(`${mesh.id} (${check.volume.toFixed(2)} m³)`);
    if (!check.consistentlyWound) result.inconsistent.push(mesh.id);
  }
  return result;
}

function listCityGml(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => /\.(gml|xml|citygml)$/.test(entry))
    .map((entry) => path.join(dir, entry))
    .sort();
}

describe('checkSolid (the test helper itself)', () => {
  /** A 1 m cube at an ECEF-like offset, 12 triangles counter-clockwise from outside, with unshared vertices per face. */
  function cube(offset: number, flipFace = false): BuildingMesh {
    const corners = [
      [0, 0, 0],
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 1],
      [1, 1, 1],
      [0, 1, 1],
    ];
    const faces = [
      [0, 3, 2, 1],
      [4, 5, 6, 7],
      [0, 1, 5, 4],
      [1, 2, 6, 5],
      [2, 3, 7, 6],
      [3, 0, 4, 7],
    ];
    const positions: number[] = [];
    const indices: number[] = [];
    faces.forEach((face, f) => {
      const base = positions.length / 3;
      for (const corner of face) positions.push(...corners[corner]!.map((c) => c + offset));
      const quad = flipFace && f === 0 ? [0, 2, 1, 0, 3, 2] : [0, 1, 2, 0, 2, 3];
      indices.push(...quad.map((i) => base + i));
    });
    return {
      id: 'cube',
      properties: {},
      positions: Float64Array.from(positions),
      normals: new Float32Array(positions.length),
      indices: Uint32Array.from(indices),
      surfaceClass: new Uint8Array(positions.length / 3),
    };
  }

  it('finds a closed outward cube, 1 m³, even 6 400 km from the origin', () => {
    const check = checkSolid(cube(6_400_000));
    expect(check.closed).toBe(true);
    expect(check.consistentlyWound).toBe(true);
    expect(check.volume).toBeCloseTo(1, 6);
  });

  it('sees an open box, and a face wound the wrong way', () => {
    const open = cube(6_400_000);
    const withoutTop = { ...open, indices: open.indices.slice(6) };
    expect(checkSolid(withoutTop).closed).toBe(false);
    // welding: corners of neighbouring faces 0.4 mm apart still meet, 5 mm apart they do not
    const jitter = (metres: number) => {
      const mesh = cube(6_400_000);
      mesh.positions = mesh.positions.map((value, i) => value + (Math.floor(i / 12) % 2) * metres);
      return mesh;
    };
    expect(checkSolid(jitter(0.0004)).closed).toBe(true);
    expect(checkSolid(jitter(0.005)).closed).toBe(false);
    const flipped = checkSolid(cube(6_400_000, true));
    expect(flipped.closed).toBe(true);
    expect(flipped.consistentlyWound).toBe(false);
  });
});

describe('closed LoD2 solids face outwards', () => {
  it('every building of a 300-building demo city is closed with positive volume', () => {
    const meshes = buildingMeshes(generateDemoCityChunks({ buildings: 300 }), 'demo.gml');
    expect(meshes).toHaveLength(300);
    const result = tally(meshes);
    expect(result.notClosed).toEqual([]);
    expect(result.inward).toEqual([]);
    expect(result.inconsistent).toEqual([]);
    expect(result.closed).toBe(300);
    // the same building wound the other way round has the opposite volume
    const first = meshes[0]!;
    const inverted = { ...first, indices: first.indices.slice().reverse() };
    expect(checkSolid(inverted).volume).toBeCloseTo(-checkSolid(first).volume, 3);
    expect(checkSolid(first).volume).toBeGreaterThan(100);
  });

  describe.skipIf(!hasData)('real tiles', () => {
    const groups = [
      { name: 'NRW Wesel', folder: 'nrw-wesel-lod2', minBuildings: 390, maxInconsistent: 0 },
      { name: 'Berlin', folder: 'berlin-lod2-tiles', minBuildings: 95, maxInconsistent: 1 },
    ];
    for (const group of groups) {
      it(`${group.name}: every closed building has positive volume`, () => {
        const meshes = listCityGml(path.join(dataDir, group.folder)).flatMap((file) =>
          buildingMeshes([readFileSync(file, 'utf8')], path.basename(file)),
        );
        const result = tally(meshes);
        console.info(
          `${group.name}: ${result.buildings} buildings, ${result.closed} closed, ${result.notClosed.length} not closed ` +
            `(skipped in the volume check), ${result.inconsistent.length} closed but inconsistently wound`,
        );
        expect(result.buildings).toBeGreaterThanOrEqual(group.minBuildings);
        // most real LoD2 buildings are closed; the rest are not ours to fix but must stay few
        expect(result.closed).toBeGreaterThanOrEqual(result.buildings * 0.75);
        expect(result.inward).toEqual([]);
        // Berlin DEB_9543b67b-b1e0-4a is closed by the edge count but holds a zero-area wall polygon
        // (UUID_eba492b2-f2aa-4f45-99d3-6ed2948f538c: three collinear vertices along a roof edge) in the source
        expect(result.inconsistent.length).toBeLessThanOrEqual(group.maxInconsistent);
      });
    }
  });
});
