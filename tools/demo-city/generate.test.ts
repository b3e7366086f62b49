import { beforeAll, describe, expect, it } from 'vitest';
import { generateDemoCityChunks, resolveDemoCityOptions, summarizeDemoCity } from './generate.ts';
import { DEMO_CENTRE_BUILDING_ID, demoLandmarks } from './landmarks.ts';
import { NS, parseDemoCity, type ParsedDemoCity, type ParsedPolygon } from './parse-for-tests.ts';

function generate(buildings: number, seed?: number): string {
  return [...generateDemoCityChunks({ buildings, seed })].join('');
}

type Vec3 = [number, number, number];

/** Ring vertices without the closing one. */
function ringOf(polygon: ParsedPolygon): Vec3[] {
  const points: Vec3[] = [];
  for (let k = 0; k + 2 < polygon.coordinates.length - 3; k += 3) {
    points.push([polygon.coordinates[k]!, polygon.coordinates[k + 1]!, polygon.coordinates[k + 2]!]);
  }
  return points;
}

/** Newell normal (not normalised): length = 2 x area, direction by the right-hand rule. */
function newellNormal(ring: Vec3[]): Vec3 {
  const n: Vec3 = [0, 0, 0];
  const origin = ring[0]!;
  for (let k = 0; k < ring.length; k++) {
    const a = ring[k]!;
    const b = ring[(k + 1) % ring.length]!;
    const [ax, ay, az] = [a[0] - origin[0], a[1] - origin[1], a[2] - origin[2]];
    const [bx, by, bz] = [b[0] - origin[0], b[1] - origin[1], b[2] - origin[2]];
    n[0] += (ay - by) * (az + bz);
    n[1] += (az - bz) * (ax + bx);
    n[2] += (ax - bx) * (ay + by);
  }
  return n;
}

/** Signed volume enclosed by the faces (divergence theorem over fan triangles), relative to `origin`. */
function signedVolume(rings: Vec3[][], origin: Vec3): number {
  let volume = 0;
  for (const ring of rings) {
    const p = ring.map((q): Vec3 => [q[0] - origin[0], q[1] - origin[1], q[2] - origin[2]]);
    for (let k = 1; k + 1 < p.length; k++) {
      const a = p[0]!;
      const b = p[k]!;
      const c = p[k + 1]!;
      volume +=
        (a[0] * (b[1] * c[2] - b[2] * c[1]) +
          a[1] * (b[2] * c[0] - b[0] * c[2]) +
          a[2] * (b[0] * c[1] - b[1] * c[0])) /
        6;
    }
  }
  return volume;
}

/** Horizontal (projected) area of a ring, positive when counter-clockwise seen from above. */
function projectedArea(ring: Vec3[]): number {
  return newellNormal(ring)[2] / 2;
}

/** ∫ (z - base) dA over the horizontal projection of a planar convex ring seen from above. */
function heightIntegral(ring: Vec3[], base: number): number {
  let total = 0;
  for (let k = 1; k + 1 < ring.length; k++) {
    const triangle = [ring[0]!, ring[k]!, ring[k + 1]!];
    const area = projectedArea(triangle);
    total += area * ((triangle[0]![2] + triangle[1]![2] + triangle[2]![2]) / 3 - base);
  }
  return total;
}

function maxPlaneDistance(ring: Vec3[]): number {
  const n = newellNormal(ring);
  const length = Math.hypot(...n);
  const origin = ring[0]!;
  let worst = 0;
  for (const p of ring) {
    const d = ((p[0] - origin[0]) * n[0] + (p[1] - origin[1]) * n[1] + (p[2] - origin[2]) * n[2]) / length;
    worst = Math.max(worst, Math.abs(d));
  }
  return worst;
}

function key(p: Vec3): string {
  return `${p[0]} ${p[1]} ${p[2]}`;
}

/**
 * Checks that the ground features tile the convex hull of their vertices: the sum of their projected areas
 * may differ from the hull's area only by millimetre rounding along the outline (hull perimeter x 1 mm).
 * A missing street or block (hundreds of m²) or an overlap fails.
 */
function expectGroundWithoutGapsOrOverlaps(document: ParsedDemoCity): void {
  let total = 0;
  const points: [number, number][] = [];
  for (const feature of document.ground) {
    for (const polygon of feature.polygons) {
      const ring = ringOf(polygon);
      total += projectedArea(ring);
      for (const p of ring) points.push([p[0], p[1]]);
    }
  }
  const hull = convexHull(points);
  expect(Math.abs(total - hull.area)).toBeLessThan(hull.perimeter * 0.001);
}

/** Extent of every coordinate in the document: [lower, upper]. */
function extentOf(document: ParsedDemoCity): [number[], number[]] {
  const lower = [Infinity, Infinity, Infinity];
  const upper = [-Infinity, -Infinity, -Infinity];
  for (const feature of [...document.buildings, ...document.ground]) {
    for (const polygon of feature.polygons) {
      for (let k = 0; k < polygon.coordinates.length; k++) {
        lower[k % 3] = Math.min(lower[k % 3]!, polygon.coordinates[k]!);
        upper[k % 3] = Math.max(upper[k % 3]!, polygon.coordinates[k]!);
      }
    }
  }
  return [lower, upper];
}

describe('demo city options', () => {
  it('uses about 1 500 buildings and seed 1 by default, ignoring undefined values', () => {
    const all = Number.POSITIVE_INFINITY;
    expect(resolveDemoCityOptions({ buildings: undefined })).toEqual({
      buildings: 1500,
      seed: 1,
      builtBy: all,
    });
    expect(resolveDemoCityOptions({ seed: 5 })).toEqual({ buildings: 1500, seed: 5, builtBy: all });
  });

  it('rejects impossible building counts with a message naming the module', () => {
    expect(() => resolveDemoCityOptions({ buildings: 0 })).toThrow(/^Demo city: buildings/);
    expect(() => resolveDemoCityOptions({ buildings: 2.5 })).toThrow(/^Demo city: buildings/);
    expect(() => resolveDemoCityOptions({ seed: Number.NaN })).toThrow(/^Demo city: seed/);
    expect(() => resolveDemoCityOptions({ builtBy: 2015.5 })).toThrow(/^Demo city: builtBy/);
  });
});

describe('demo city determinism', () => {
  it('gives identical bytes for identical options and different bytes for another seed', () => {
    const first = generate(250, 7);
    expect(generate(250, 7)).toBe(first);
    expect(generate(250, 8)).not.toBe(first);
  });

  it('keeps the inner district stable when more buildings are requested', () => {
    const small = parseDemoCity(generate(40));
    const large = parseDemoCity(generate(400));
    expect(large.buildings.slice(0, 40).map((b) => b.polygons)).toEqual(
      small.buildings.map((b) => b.polygons),
    );
  });
});

describe('tiny demo cities', () => {
  it.each([1, 2, 9, 40])(
    'with %i building(s) are complete: exact count, exact envelope, ground without gaps',
    (n) => {
      const document = parseDemoCity(generate(n, 5));
      expect(document.buildings).toHaveLength(n);
      const [lower, upper] = extentOf(document);
      expect(document.envelope.lower).toEqual(lower);
      expect(document.envelope.upper).toEqual(upper);
      expectGroundWithoutGapsOrOverlaps(document);
      expect(document.ground.some((f) => f.type === 'WaterBody')).toBe(true);
    },
  );
});

describe('generated demo city (1 500 buildings, default seed)', () => {
  let document: ParsedDemoCity;
  let xml: string;
  beforeAll(() => {
    xml = generate(1500);
    document = parseDemoCity(xml);
  });

  it('is a CityGML 2.0 CityModel with an illustrative description and the exact number of buildings', () => {
    expect(document.root).toEqual({ localName: 'CityModel', uri: NS.core });
    expect(document.description).toMatch(/illustrative, generated/i);
    expect(document.buildings).toHaveLength(1500);
    expect(document.buildings[0]!.name).toBe('Rathaus Barmen');
  });

  it('has unique, stable gml:ids and lod2Solid XLinks that reference each building polygon exactly once', () => {
    expect(new Set(document.ids).size).toBe(document.ids.length);
    expect(document.buildings[0]!.id).toBe('DEMO_BLDG_000001');
    expect(document.buildings[1499]!.id).toBe('DEMO_BLDG_001500');
    for (const building of document.buildings) {
      const polygonIds = building.polygons.map((p) => p.id).sort();
      expect([...building.solidMembers].sort()).toEqual(polygonIds);
      expect(building.polygons.every((p) => p.id.startsWith(`${building.id}_`))).toBe(true);
    }
  });

  it('writes the properties of buildings and ground features in the order of the CityGML 2.0 schema', () => {
    const buildingOrder = [
      'name',
      'stringAttribute',
      'intAttribute',
      'function',
      'yearOfConstruction',
      'roofType',
      'measuredHeight',
      'storeysAboveGround',
      'lod2Solid',
      'boundedBy',
      'address',
    ];
    const groundOrder = ['name', 'stringAttribute', 'function', 'lod1MultiSurface'];
    const inOrder = (children: string[], order: string[]): boolean =>
      children.every((child, k) => {
        const rank = order.indexOf(child);
        return rank >= 0 && (k === 0 || rank >= order.indexOf(children[k - 1]!));
      });
    for (const building of document.buildings) {
      expect(inOrder(building.children, buildingOrder), building.children.join(' ')).toBe(true);
      expect(building.children.filter((c) => c === 'lod2Solid')).toHaveLength(1);
      expect(building.children.filter((c) => c === 'address')).toHaveLength(1);
    }
    for (const feature of document.ground) {
      expect(inOrder(feature.children, groundOrder), feature.children.join(' ')).toBe(true);
    }
  });

  it('writes at most three decimals and an envelope that is exactly the extent of all coordinates', () => {
    expect(document.overPrecise).toEqual([]);
    expect(document.envelope.srsName).toBe('urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837');
    expect(document.envelope.srsDimension).toBe('3');
    const [lower, upper] = extentOf(document);
    expect(document.envelope.lower).toEqual(lower);
    expect(document.envelope.upper).toEqual(upper);
    const summary = summarizeDemoCity({ buildings: 1500 });
    expect(summary.lowerCorner).toEqual(lower);
    expect(summary.upperCorner).toEqual(upper);
  });

  it('lies around Rathaus Barmen at DHHN2016 heights of the Wupper valley', () => {
    const [x0, y0, z0] = document.envelope.lower as Vec3;
    const [x1, y1, z1] = document.envelope.upper as Vec3;
    expect((x0 + x1) / 2).toBeGreaterThan(374_000);
    expect((x0 + x1) / 2).toBeLessThan(375_000);
    expect((y0 + y1) / 2).toBeGreaterThan(5_683_000);
    expect((y0 + y1) / 2).toBeLessThan(5_684_000);
    expect(z0).toBeGreaterThan(140);
    expect(z0).toBeLessThan(170);
    expect(z1).toBeLessThan(400);
  });

  it('gives every building a closed, watertight, outward-oriented solid with the expected volume', () => {
    const failures: string[] = [];
    for (const building of document.buildings) {
      const rings = building.polygons.map(ringOf);
      // Watertight and consistently oriented: every directed edge once, and its reverse once.
      const directed = new Map<string, number>();
      for (const ring of rings) {
        for (let k = 0; k < ring.length; k++) {
          const edge = `${key(ring[k]!)}>${key(ring[(k + 1) % ring.length]!)}`;
          directed.set(edge, (directed.get(edge) ?? 0) + 1);
        }
      }
      for (const [edge, count] of directed) {
        const [a, b] = edge.split('>');
        if (count !== 1 || directed.get(`${b}>${a}`) !== 1)
          failures.push(`${building.id}: edge ${edge} x${count}`);
      }
      const ground = building.polygons.filter((p) => p.surface === 'GroundSurface').map(ringOf);
      const roofs = building.polygons.filter((p) => p.surface === 'RoofSurface').map(ringOf);
      expect(ground).toHaveLength(1);
      const groundZ = ground[0]![0]![2];
      const eaveZ = Math.min(...roofs.flatMap((ring) => ring.map((p) => p[2])));
      const footprint = -projectedArea(ground[0]!); // ground faces down, so it is clockwise from above
      const roofVolume = roofs.reduce((sum, ring) => sum + heightIntegral(ring, eaveZ), 0);
      const expected = footprint * (eaveZ - groundZ) + roofVolume;
      const volume = signedVolume(rings, ground[0]![0]!);
      if (!(volume > 0) || Math.abs(volume - expected) > 0.01 * expected) {
        failures.push(`${building.id}: volume ${volume} expected ${expected}`);
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('matches the textbook volumes of flat, gable and pyramid roofs, and measuredHeight = ridge above ground', () => {
    const counts: Record<string, number> = {};
    for (const building of document.buildings) {
      const rings = building.polygons.map(ringOf);
      const ground = rings[building.polygons.findIndex((p) => p.surface === 'GroundSurface')]!;
      const groundZ = ground[0]![2];
      const all = rings.flat();
      const topZ = Math.max(...all.map((p) => p[2]));
      const eaveZ = Math.min(
        ...building.polygons
          .filter((p) => p.surface === 'RoofSurface')
          .flatMap((p) => ringOf(p).map((q) => q[2])),
      );
      const sides = [0, 1].map((k) =>
        Math.hypot(ground[k + 1]![0] - ground[k]![0], ground[k + 1]![1] - ground[k]![1]),
      );
      const area = sides[0]! * sides[1]!;
      const roofType = building.properties['roofType']!;
      counts[roofType] = (counts[roofType] ?? 0) + 1;
      const roofHeight = topZ - eaveZ;
      const roofVolume: Record<string, number> = { '1000': 0, '3100': (area * roofHeight) / 2 };
      roofVolume['3500'] = (area * roofHeight) / 3;
      roofVolume['4000'] = (area * roofHeight) / 3;
      const analytic = roofVolume[roofType];
      if (analytic !== undefined) {
        const volume = signedVolume(rings, ground[0]!);
        expect(volume).toBeCloseTo(area * (eaveZ - groundZ) + analytic, 0);
      }
      expect(Number(building.properties['measuredHeight'])).toBeCloseTo(topZ - groundZ, 2);
      expect(building.measuredHeightUom).toBe('m');
    }
    // The district mixes the roof forms it claims to.
    for (const code of ['1000', '3100', '3200', '3400', '3500', '4000'])
      expect(counts[code]).toBeGreaterThan(0);
  });

  it('orients roofs upwards, ground surfaces downwards and walls sideways, all planar to the millimetre', () => {
    for (const building of document.buildings) {
      for (const polygon of building.polygons) {
        const ring = ringOf(polygon);
        const n = newellNormal(ring);
        const unitZ = n[2] / Math.hypot(...n);
        if (polygon.surface === 'RoofSurface') expect(unitZ).toBeGreaterThan(0.05);
        if (polygon.surface === 'GroundSurface') expect(unitZ).toBeCloseTo(-1, 6);
        if (polygon.surface === 'WallSurface') expect(Math.abs(unitZ)).toBeLessThan(1e-4);
        expect(maxPlaneDistance(ring)).toBeLessThan(0.002);
      }
    }
  });

  it('carries plausible attributes and a complete German xAL address', () => {
    const functions = new Set<string>();
    for (const building of document.buildings) {
      const p = building.properties;
      functions.add(p['function']!);
      expect(p['function']).toMatch(/^31001_\d{4}$/);
      expect(Number(p['storeysAboveGround'])).toBeGreaterThanOrEqual(1);
      expect(Number(p['yearOfConstruction'])).toBeGreaterThanOrEqual(1850);
      expect(Number(p['yearOfConstruction'])).toBeLessThanOrEqual(2025);
      expect(building.generic['Gemeindeschluessel']).toBe('05124000');
      expect(building.address['CountryName']).toBe('Deutschland');
      expect(building.address['LocalityName']).toBe('Wuppertal');
      expect(building.address['PostalCodeNumber']).toMatch(/^42[23]\d\d$/);
      expect(building.address['ThoroughfareName']).toMatch(/\S/);
      expect(building.address['ThoroughfareNumber']).toMatch(/^\d+a?$/);
    }
    for (const code of ['31001_1010', '31001_3012', '31001_3021', '31001_3041', '31001_2100']) {
      expect(functions.has(code)).toBe(true);
    }
    const names = document.buildings.flatMap((b) => (b.name === undefined ? [] : [b.name]));
    expect(names).toContain('Gemarker Kirche');
    expect(names).toContain('Gymnasium Sedanstraße');
  });

  it('gives every street its own name and every ordinary building its own address', () => {
    const roadNames = document.ground.filter((f) => f.type === 'Road').map((f) => f.name);
    expect(new Set(roadNames).size).toBe(roadNames.length);
    expect(roadNames).toEqual(expect.arrayContaining(['Werth', 'Höhne', 'Friedrich-Engels-Allee']));
    const addresses = document.buildings
      .filter((b) => b.name === undefined) // named complexes (town hall and tower, church and tower) share one
      .map((b) => `${b.address['ThoroughfareName']} ${b.address['ThoroughfareNumber']}`);
    expect(new Set(addresses).size).toBe(addresses.length);
  });

  it('covers the district with upward, planar ground polygons (streets, land use, the Wupper) without gaps or overlaps', () => {
    const types = new Set(document.ground.map((f) => f.type));
    expect(types).toEqual(new Set(['LandUse', 'Road', 'WaterBody']));
    expect(document.ground.find((f) => f.type === 'WaterBody')?.name).toBe('Wupper');
    const covers = new Set(document.ground.map((f) => f.generic['Oberflaeche']));
    expect(covers).toEqual(new Set(['versiegelt', 'begruent', 'Wasser']));
    for (const feature of document.ground) {
      expect(feature.functionCode).toMatch(/^4\d{4}$/);
      for (const polygon of feature.polygons) {
        const ring = ringOf(polygon);
        expect(projectedArea(ring)).toBeGreaterThan(0);
        expect(maxPlaneDistance(ring)).toBeLessThan(0.002);
      }
    }
    // The union is the (rotated) district rectangle: the sum of areas equals the area of the convex hull.
    expectGroundWithoutGapsOrOverlaps(document);
  });

  it('places the landmarks (town hall first, churches, schools) exactly where the document has them', () => {
    const landmarks = demoLandmarks();
    expect(landmarks[0]).toMatchObject({ id: DEMO_CENTRE_BUILDING_ID, name: 'Rathaus Barmen' });
    expect(landmarks[0]!.longitude).toBeCloseTo(7.2002, 2);
    expect(landmarks[0]!.latitude).toBeCloseTo(51.2889, 2);
    expect(landmarks.map((l) => l.name)).toEqual(
      expect.arrayContaining(['Gemarker Kirche', 'Gymnasium Sedanstraße']),
    );
    for (const landmark of landmarks) {
      const building = document.buildings.find((b) => b.id === landmark.id);
      expect(building?.name).toBe(landmark.name);
      const ground = building!.polygons.find((p) => p.surface === 'GroundSurface')!;
      const ring = ringOf(ground);
      const centre = [0, 1].map((axis) => ring.reduce((sum, p) => sum + p[axis]!, 0) / ring.length);
      expect(centre[0]).toBeCloseTo(landmark.easting, 2);
      expect(centre[1]).toBeCloseTo(landmark.northing, 2);
      expect(ring[0]![2]).toBeCloseTo(landmark.groundHeight, 2);
    }
  });

  it('sets every building on the ground: its base is at the lowest terrain height under it (not floating)', () => {
    const [, , zMin] = document.envelope.lower as Vec3;
    for (const building of document.buildings) {
      const ground = building.polygons.find((p) => p.surface === 'GroundSurface')!;
      const z = ground.coordinates[2]!;
      expect(z).toBeGreaterThanOrEqual(zMin);
      expect(z).toBeLessThan(zMin + 120);
    }
  });

  describe("as built in 2000 (builtBy, the compare divider's second state)", () => {
    let earlier: ParsedDemoCity;
    beforeAll(() => {
      earlier = parseDemoCity([...generateDemoCityChunks({ buildings: 1500, builtBy: 2000 })].join(''));
    });

    it('is the same district without the buildings built after 2000, each kept building unchanged', () => {
      const year = (b: { properties: Record<string, string> }) => Number(b.properties['yearOfConstruction']);
      const later = document.buildings.filter((b) => year(b) > 2000);
      expect(later.length).toBeGreaterThan(100);
      expect(earlier.buildings).toHaveLength(1500 - later.length);
      expect(summarizeDemoCity({ builtBy: 2000 }).buildings).toBe(earlier.buildings.length);
      const today = new Map(document.buildings.map((b) => [b.id, b]));
      for (const building of earlier.buildings) {
        expect(year(building)).toBeLessThanOrEqual(2000);
        // Same gml:id, same geometry and attributes: only the later buildings differ between the two states.
        expect(building).toEqual(today.get(building.id));
      }
      expect(earlier.ground).toEqual(document.ground);
    });

    it('passes the same document checks: exact envelope, ground without gaps', () => {
      const [lower, upper] = extentOf(earlier);
      expect(earlier.envelope.lower).toEqual(lower);
      expect(earlier.envelope.upper).toEqual(upper);
      expect(earlier.overPrecise).toEqual([]);
      expect(new Set(earlier.ids).size).toBe(earlier.ids.length);
      expectGroundWithoutGapsOrOverlaps(earlier);
    });
  });
});

/** Area and perimeter of the convex hull of 2D points (Andrew's monotone chain). */
function convexHull(points: [number, number][]): { area: number; perimeter: number } {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]): number =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (const p of [...sorted].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  const hull = [...lower.slice(0, -1), ...upper.slice(0, -1)];
  let area = 0;
  let perimeter = 0;
  const origin = hull[0]!;
  for (let k = 0; k < hull.length; k++) {
    const a = hull[k]!;
    const b = hull[(k + 1) % hull.length]!;
    area += (a[0] - origin[0]) * (b[1] - origin[1]) - (b[0] - origin[0]) * (a[1] - origin[1]);
    perimeter += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return { area: area / 2, perimeter };
}
