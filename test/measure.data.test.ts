/**
 * Measuring against real CityGML: wall edges of NRW LoD2 buildings (Wesel) measured from their ECEF vertices,
 * picked through the snapping maths, equal the distances between the CityGML vertices; so do they when the picks
 * snap to the converter's own tiles (quantised, meshopt-compressed GLBs read back, their visible edges, the
 * app's `snapToEdges` under a synthetic camera); the demo city's Rathaus
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
import { fromTileFrame, snapToEdges, toTileFrame } from '../src/core/measure/edges.ts';
import type { TileEdges } from '../src/core/measure/edges.ts';
import { tileEdges } from '../src/core/measure/tile-edges.ts';
import { newellNormal } from '../src/core/geometry/triangulate.ts';
import { initTileCompression } from '../src/core/tiles/compression.ts';
import {
  eastNorthUpFrame,
  ecefToGeodetic,
  ecefToLocal,
  multiplyMatrices,
} from '../src/core/tiles/ellipsoid.ts';
import { buildTileset } from '../src/core/tiles/tileset.ts';
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

/** Vertices this close, metres, are one corner (copies of it in the polygons that meet there, a little apart). */
const SAME_CORNER_METRES = 0.002;
/** How far behind the corner aimed at, metres, the NRW snapping test counts a vertex as hidden by the wall. */
const HIDDEN_BEHIND_METRES = 0.005;
/** The closest zoom of the NRW snapping test: 25 px per centimetre at the 25 m camera distance. */
const MAX_FOCAL = 2500 * 25;

interface TileJson {
  transform?: number[];
  content?: { uri: string };
  children?: TileJson[];
}

/** Every content GLB of a tileset in memory with its computed transform (column-major, to ECEF metres). */
function tileContents(files: Map<string, Uint8Array>): { path: string; transform: Float64Array }[] {
  const out: { path: string; transform: Float64Array }[] = [];
  const visit = (tile: TileJson, parent: Float64Array) => {
    const transform = tile.transform ? multiplyMatrices(parent, tile.transform) : parent;
    if (tile.content?.uri.endsWith('.glb')) out.push({ path: tile.content.uri, transform });
    for (const child of tile.children ?? []) visit(child, transform);
  };
  const json = JSON.parse(new TextDecoder().decode(files.get('tileset.json'))) as { root: TileJson };
  visit(json.root, Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]));
  return out;
}

describe.skipIf(!hasNrw)('snapping to the converted tiles of NRW LoD2 buildings (Wesel)', () => {
  it('wall lengths snapped to the tile geometry equal the distances between the CityGML vertices within 1 cm', async () => {
    await initTileCompression();
    const objects = await readObjects('LoD2_32_329_5729_1_NW.gml', [readFileSync(nrwFile, 'utf8')]);
    const session = new ConversionSession();
    for (const object of objects) session.add(object);
    // The converter's default tiles (quantised positions, meshopt), as the CLI and the browser import write them.
    const { files } = buildTileset(session.meshes);
    const byPath = new Map(files.map((file) => [file.path, file.bytes]));
    const tiles: TileEdges[] = [];
    for (const { path: tilePath, transform } of tileContents(byPath)) {
      tiles.push(await tileEdges(byPath.get(tilePath)!, transform));
    }
    expect(tiles.length).toBe(files.filter((file) => file.path.endsWith('.glb')).length);
    /** A pinhole camera 25 m in front of a wall corner, 4 m above it; `focal` pixels per unit of tangent. */
    const camera = (target: EcefPoint, outward: [number, number, number], focal: number) => {
      const upEcef = [0, 1, 2].map((k) => eastNorthUpFrame(target).enuToEcef[8 + k]!);
      const eye: EcefPoint = [0, 1, 2].map(
        (k) => target[k]! + 25 * outward[k]! + 4 * upEcef[k]!,
      ) as unknown as EcefPoint;
      const toTarget = [0, 1, 2].map((k) => target[k]! - eye[k]!);
      const length = Math.hypot(...toTarget);
      const forward = toTarget.map((v) => v / length);
      const cross = (a: number[], b: number[]) => [
        a[1]! * b[2]! - a[2]! * b[1]!,
        a[2]! * b[0]! - a[0]! * b[2]!,
        a[0]! * b[1]! - a[1]! * b[0]!,
      ];
      const rightRaw = cross(forward, upEcef);
      const right = rightRaw.map((v) => v / Math.hypot(...rightRaw));
      const screenUp = cross(right, forward);
      const project = (p: EcefPoint) => {
        const d = [0, 1, 2].map((k) => p[k]! - eye[k]!);
        const dot = (a: number[]) => a[0]! * d[0]! + a[1]! * d[1]! + a[2]! * d[2]!;
        const depth = dot(forward);
        if (depth <= 0) return undefined;
        return {
          screen: [500 + (dot(right) / depth) * focal, 500 - (dot(screenUp) / depth) * focal] as const,
          depth,
        };
      };
      return { eye, forward, right, screenUp, project, depth: length };
    };
    let walls = 0;
    let edges = 0;
    let worst = 0;
    let zoomed = 0;

    const buildings = objects.filter((o) => o.type === 'Building');
    const everyVertex = buildings.flatMap((building) => {
      const transformer = session.transformerFor(building.srsName);
      return allPolygons(building).flatMap((p) => points(transformer.toEcef(Float64Array.from(p.positions))));
    });
    for (const building of buildings) {
      const transformer = session.transformerFor(building.srsName);
      for (const wall of allPolygons(building).filter((p) => p.semantic === 'wall')) {
        const count = exteriorCount(wall);
        const source = wall.positions.subarray(0, count * 3);
        const ecef = points(transformer.toEcef(Float64Array.from(source)));
        const outward = newellNormal(Float64Array.from(ecef.flat()));
        const snapped = ecef.map((corner) => {
          // Zoomed, as a person does to measure, until no other vertex in sight lies within 25 px of the corner on
          // the screen (at least 40 px per metre, at most 25 px per centimetre): terraced houses have corners a few
          // centimetres apart where their walls meet (a neighbour's eave 8 cm higher), and the snap takes the one
          // nearest on the screen. Vertices hidden behind the wall (as snapToEdges judges them) do not compete.
          const unit = camera(corner, outward, 1);
          const nearest = Math.min(
            ...everyVertex
              .filter((p) => {
                // Only vertices nearer than the camera can come between; the rest lie behind the corner, hidden.
                const d = Math.hypot(p[0] - corner[0], p[1] - corner[1], p[2] - corner[2]);
                return d > SAME_CORNER_METRES && d < 26;
              })
              .map((p) => unit.project(p))
              .filter((p) => p !== undefined && p.depth <= unit.depth + HIDDEN_BEHIND_METRES)
              .map((p) => Math.hypot(p!.screen[0] - 500, p!.screen[1] - 500)),
          );
          const focal = Math.min(MAX_FOCAL, Math.max(1000, 25 / nearest));
          if (focal > 1000) zoomed++;
          const view = camera(corner, outward, focal);
          const aim = view.project(corner)!;
          // A pick 3 px right of and 2 px above the corner, as a finger or a mouse lands.
          const pick = [aim.screen[0] + 3, aim.screen[1] - 2] as const;
          const ray = [0, 1, 2].map(
            (k) =>
              view.forward[k]! +
              ((pick[0] - 500) / focal) * view.right[k]! -
              ((pick[1] - 500) / focal) * view.screenUp[k]!,
          );
          const rayLength = Math.hypot(...ray);
          for (const tile of tiles) {
            const origin = toTileFrame(tile, view.eye);
            const along = toTileFrame(
              tile,
              [0, 1, 2].map((k) => view.eye[k]! + ray[k]! / rayLength) as unknown as EcefPoint,
            );
            const result = snapToEdges(
              pick,
              {
                origin,
                direction: [along[0] - origin[0], along[1] - origin[1], along[2] - origin[2]],
                pixelTangent: 1 / focal,
              },
              tile.edges,
              (p) => view.project(fromTileFrame(tile, p)),
              view.depth,
              { occlusionPixels: (HIDDEN_BEHIND_METRES * focal) / view.depth / view.depth },
            );
            if (result?.kind === 'vertex') return fromTileFrame(tile, result.position);
          }
          throw new Error(`${building.id}: no tile corner within the snap radius of a wall corner`);
        });
        for (let i = 0; i < count; i++) {
          const j = (i + 1) % count;
          const dx = source[j * 3]! - source[i * 3]!;
          const dy = source[j * 3 + 1]! - source[i * 3 + 1]!;
          const dz = source[j * 3 + 2]! - source[i * 3 + 2]!;
          const measured = measureSegment(snapped[i]!, snapped[j]!);
          worst = Math.max(worst, Math.abs(measured.length - Math.hypot(dx, dy, dz)));
          expect(Math.abs(measured.length - Math.hypot(dx, dy, dz))).toBeLessThan(0.01);
          expect(Math.abs(measured.heightDifference - dz)).toBeLessThan(0.01);
          edges++;
        }
        walls++;
      }
    }
    expect(walls).toBeGreaterThan(100);
    expect(edges).toBeGreaterThan(1000);
    console.info(
      `NRW walls snapped to the tiles: ${walls} walls, ${edges} edges, ${tiles.length} tiles, ` +
        `${zoomed} corners zoomed closer, largest difference ${(worst * 1000).toFixed(2)} mm`,
    );
  }, 120_000);
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
