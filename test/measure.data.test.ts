/**
 * Measuring against real CityGML: wall edges of NRW LoD2 buildings (Wesel) measured from their ECEF vertices,
 * picked through the snapping maths, equal the distances between the CityGML vertices; the demo city's Rathaus
 * height from its geometry equals its `measuredHeight`. Lives in test/ because the demo city comes from tools/.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCityGml } from '../src/core/citygml/index.ts';
import type { CityObjectRecord, RawPolygon } from '../src/core/citygml/index.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { measureHeight, measureSegment, snapPick } from '../src/core/measure/index.ts';
import type { EcefPoint, SnapVertex } from '../src/core/measure/index.ts';
import { eastNorthUpFrame, ecefToGeodetic, ecefToLocal } from '../src/core/tiles/ellipsoid.ts';
import { generateDemoCityChunks } from '../tools/demo-city/generate.ts';
import { DEMO_CENTRE_BUILDING_ID } from '../tools/demo-city/landmarks.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nrwFile = path.resolve(repoRoot, '../shared/data/citygml/nrw-wesel-lod2/LoD2_32_329_5729_1_NW.gml');
const hasNrw = existsSync(nrwFile);
if (!hasNrw) console.warn(`measuring NRW walls skipped: ${nrwFile} not found`);

async function readObjects(name: string, chunks: Iterable<string>, stop?: (o: CityObjectRecord) => boolean) {
  const objects: CityObjectRecord[] = [];
  const iterator = readCityGml(chunks, { file: name, maxLod: 2 });
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    objects.push(next.value);
    if (stop?.(next.value)) break;
  }
  return objects;
}

function allPolygons(object: CityObjectRecord): RawPolygon[] {
  return [...object.polygons, ...object.parts.flatMap(allPolygons)];
}

function points(positions: Float64Array): EcefPoint[] {
  const out: EcefPoint[] = [];
  for (let i = 0; i + 2 < positions.length; i += 3)
    out.push([positions[i]!, positions[i + 1]!, positions[i + 2]!]);
  return out;
}

/** Exterior ring vertex count of a polygon. */
function exteriorCount(polygon: RawPolygon): number {
  return polygon.ringStarts.length > 1 ? polygon.ringStarts[1]! : polygon.positions.length / 3;
}

describe.skipIf(!hasNrw)('measuring NRW LoD2 walls (Wesel)', () => {
  it('snapped wall edge lengths equal the distances between the CityGML vertices within 1 cm', async () => {
    const objects = await readObjects('LoD2_32_329_5729_1_NW.gml', [readFileSync(nrwFile, 'utf8')]);
    const session = new ConversionSession();
    const buildings = objects.filter((o) => o.type === 'Building');
    expect(buildings.length).toBeGreaterThan(20);
    let edges = 0;
    let worst = 0;
    for (const building of buildings) {
      const walls = allPolygons(building).filter((p) => p.semantic === 'wall');
      expect(walls.length).toBeGreaterThan(0);
      const transformer = session.transformerFor(building.srsName);
      for (const wall of walls) {
        const count = exteriorCount(wall);
        const source = wall.positions.subarray(0, count * 3);
        const ecef = points(transformer.toEcef(Float64Array.from(source)));
        // A synthetic screen facing the wall: metres along the wall and up, zoomed (at least 25 px per metre) until
        // its corners lie 20 px apart, as a person zooms in to measure; picks land 3 px off each vertex (as a finger
        // or mouse does) and must snap back to it.
        const frame = eastNorthUpFrame(ecef[0]!);
        const local = ecef.map((p) => ecefToLocal(frame, p[0], p[1], p[2]));
        const far = local.reduce((best, p) =>
          Math.hypot(p[0], p[1]) > Math.hypot(best[0], best[1]) ? p : best,
        );
        const length = Math.hypot(far[0], far[1]);
        const plane = local.map(([e, n, u]): [number, number] => [(e * far[0] + n * far[1]) / length, -u]);
        let closest = Infinity;
        for (let i = 0; i < count; i++) {
          for (let j = i + 1; j < count; j++) {
            closest = Math.min(closest, Math.hypot(plane[i]![0] - plane[j]![0], plane[i]![1] - plane[j]![1]));
          }
        }
        const scale = Math.max(25, 20 / closest);
        const vertices: SnapVertex[] = ecef.map((position, i) => ({
          screen: [plane[i]![0] * scale, plane[i]![1] * scale],
          position,
        }));
        const ring = ecef.map((_, i): [number, number] => [i, (i + 1) % count]);
        const snapped = vertices.map((vertex, i) => {
          const result = snapPick([vertex.screen[0] + 3, vertex.screen[1] - 2], vertices, ring, {
            vertexPixels: 4,
            edgePixels: 4,
          });
          expect(result?.kind).toBe('vertex');
          expect(result?.index).toBe(i);
          return result!.position;
        });
        for (let i = 0; i < count; i++) {
          const j = (i + 1) % count;
          const dx = source[j * 3]! - source[i * 3]!;
          const dy = source[j * 3 + 1]! - source[i * 3 + 1]!;
          const dz = source[j * 3 + 2]! - source[i * 3 + 2]!;
          const measured = measureSegment(snapped[i]!, snapped[j]!);
          // UTM grid distances are scaled by ≈ 0.99996 this far from the central meridian: 0.04 mm per metre.
          worst = Math.max(worst, Math.abs(measured.length - Math.hypot(dx, dy, dz)));
          expect(measured.length).toBeCloseTo(Math.hypot(dx, dy, dz), 2);
          expect(Math.abs(measured.horizontal - Math.hypot(dx, dy))).toBeLessThan(0.01);
          expect(Math.abs(measured.heightDifference - dz)).toBeLessThan(0.01);
          edges++;
        }
      }
    }
    expect(edges).toBeGreaterThan(200);
    expect(worst).toBeLessThan(0.01);
    console.info(`NRW walls: ${edges} edges measured, largest difference ${(worst * 1000).toFixed(2)} mm`);
  }, 60_000);
});

describe('measuring the demo city', () => {
  it('the Rathaus height from its geometry (ridge to ground) matches its measuredHeight within 1 cm', async () => {
    const objects = await readObjects(
      'demo-city.gml',
      generateDemoCityChunks(),
      (o) => o.id === DEMO_CENTRE_BUILDING_ID,
    );
    const rathaus = objects.find((o) => o.id === DEMO_CENTRE_BUILDING_ID);
    expect(rathaus?.attributes.name).toBe('Rathaus Barmen');
    const measuredHeight = rathaus!.attributes.measuredHeight!;
    expect(measuredHeight).toBeGreaterThan(10);
    const transformer = new ConversionSession().transformerFor(rathaus!.srsName);
    const polygons = allPolygons(rathaus!);
    const ecefOf = (semantic: string) =>
      polygons.filter((p) => p.semantic === semantic).flatMap((p) => points(transformer.toEcef(p.positions)));
    const heightOf = (p: EcefPoint) => ecefToGeodetic(p[0], p[1], p[2]).height;
    // What the tool does: the picked top (the ridge, highest roof vertex) and the ground below the building.
    const ridge = ecefOf('roof').reduce((best, p) => (heightOf(p) > heightOf(best) ? p : best));
    const ground = Math.min(...ecefOf('ground').map(heightOf));
    const result = measureHeight(ridge, ground);
    expect(Math.abs(result.height - measuredHeight)).toBeLessThan(0.01);
    console.info(`Rathaus: measured ${result.height.toFixed(3)} m, measuredHeight ${measuredHeight} m`);
  }, 60_000);
});
