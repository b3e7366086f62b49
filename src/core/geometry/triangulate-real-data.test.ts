import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { meshArea, signedVolume } from './measures.ts';
import { triangulatePolygon } from './triangulate.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = path.resolve(repoRoot, '../shared/data');
if (!existsSync(dataDir)) console.warn(`triangulate real-data test skipped: ${dataDir} not found`);

/** Polygons (rings of x,y,z in EPSG:25833 metres) per building, pulled from the GML text with regular expressions. */
function buildingsOf(
  file: string,
): { id: string; polygons: { positions: Float64Array; ringStarts: Uint32Array }[] }[] {
  const text = readFileSync(file, 'utf8');
  const buildings = text.split(/<bldg:Building[\s>]/).slice(1);
  return buildings.map((chunk) => {
    const body = chunk.slice(0, chunk.indexOf('</bldg:Building>'));
    const id = /gml:id="([^"]+)"/.exec(chunk)?.[1] ?? '?';
    const polygons = [...body.matchAll(/<gml:Polygon[\s\S]*?<\/gml:Polygon>/g)].map(([polygon]) => {
      const rings = [...polygon.matchAll(/<gml:posList[^>]*>([^<]*)<\/gml:posList>/g)].map(([, list]) => {
        const values = list!.trim().split(/\s+/).map(Number);
        return values.slice(0, values.length - 3); // drop the closing vertex
      });
      const positions: number[] = [];
      const ringStarts: number[] = [];
      for (const ring of rings) {
        ringStarts.push(positions.length / 3);
        positions.push(...ring);
      }
      return { positions: Float64Array.from(positions), ringStarts: Uint32Array.from(ringStarts) };
    });
    return { id, polygons };
  });
}

/** Area of triangles projected onto the plane with unit normal `normal` (signed: positive when counter-clockwise around it). */
function projectedArea(positions: Float64Array, indices: Uint32Array, normal: number[]): number {
  let sum = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const [a, b, c] = [indices[t]! * 3, indices[t + 1]! * 3, indices[t + 2]! * 3];
    const u = [0, 1, 2].map((k) => positions[b + k]! - positions[a + k]!);
    const v = [0, 1, 2].map((k) => positions[c + k]! - positions[a + k]!);
    const cross = [
      u[1]! * v[2]! - u[2]! * v[1]!,
      u[2]! * v[0]! - u[0]! * v[2]!,
      u[0]! * v[1]! - u[1]! * v[0]!,
    ];
    sum += (cross[0]! * normal[0]! + cross[1]! * normal[1]! + cross[2]! * normal[2]!) / 2;
  }
  return sum;
}

describe.skipIf(!existsSync(dataDir))('triangulatePolygon on real Berlin LoD2 data', () => {
  it('triangulates every polygon, covers its area and gives closed shells a positive volume', () => {
    const file = path.join(dataDir, 'citygml/berlin-lod2-tiles/3910_5819.gml');
    const buildings = buildingsOf(file);
    expect(buildings.length).toBe(35);
    let polygons = 0;
    let failed = 0;
    let withHoles = 0;
    let positiveVolumes = 0;
    for (const building of buildings) {
      const positions: number[] = [];
      const indices: number[] = [];
      for (const polygon of building.polygons) {
        polygons++;
        if (polygon.ringStarts.length > 1) withHoles++;
        const result = triangulatePolygon(polygon.positions, polygon.ringStarts);
        if (!result.ok) {
          failed++;
          continue;
        }
        // Triangles projected onto the polygon's plane cover exactly the polygon (a slightly non-planar
        // ring has a larger 3D area, so compare projected areas).
        const covered = projectedArea(polygon.positions, result.polygon.indices, result.polygon.normal);
        if (!result.repaired?.some((note) => note.includes('cover'))) {
          expect(covered / result.polygon.area).toBeCloseTo(1, 6);
        }
        expect(meshArea(polygon.positions, result.polygon.indices)).toBeGreaterThanOrEqual(
          covered * (1 - 1e-9),
        );
        const base = positions.length / 3;
        positions.push(...polygon.positions);
        indices.push(...Array.from(result.polygon.indices, (i) => i + base));
      }
      if (signedVolume(positions, indices) > 0) positiveVolumes++;
    }
    console.info(
      `Berlin 3910_5819: ${polygons} polygons (${withHoles} with holes), ${failed} failed, ${positiveVolumes}/${buildings.length} buildings with positive volume`,
    );
    expect(polygons).toBeGreaterThan(500);
    expect(failed / polygons).toBeLessThan(0.01);
    expect(positiveVolumes).toBe(buildings.length);
  });
});
