/**
 * The CityGML reader on small documents written here: geometry encodings, XLinks, LoD choice,
 * appearances, bad input, entity expansion, chunking and constant memory.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CityGmlError, createCityGmlReader, readCityGml } from './index.ts';
import { CROSS_OBJECT_INDEX_MAX_OBJECTS, MAX_NESTING_LEVELS } from './reader.ts';
import type { CityGmlReadOptions, CityObjectRecord, GenericAttributes, ReadSummary } from './index.ts';

const NAMESPACES_2 =
  'xmlns="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" ' +
  'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
  'xmlns:app="http://www.opengis.net/citygml/appearance/2.0" xmlns:gen="http://www.opengis.net/citygml/generics/2.0"';

function cityModel(members: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<CityModel ${NAMESPACES_2}>\n${extra}${members}</CityModel>\n`;
}

function member(body: string): string {
  return `<cityObjectMember>\n${body}\n</cityObjectMember>\n`;
}

function square(id: string, z = 0, attributes = ''): string {
  return (
    `<gml:Polygon gml:id="${id}"${attributes}><gml:exterior><gml:LinearRing gml:id="${id}_ring">` +
    `<gml:posList>0 0 ${z} 10 0 ${z} 10 10 ${z} 0 10 ${z} 0 0 ${z}</gml:posList>` +
    `</gml:LinearRing></gml:exterior></gml:Polygon>`
  );
}

function read(
  text: string,
  options: CityGmlReadOptions = {},
): { objects: CityObjectRecord[]; summary: ReadSummary } {
  const reader = createCityGmlReader({ file: 'test.gml', ...options });
  const objects = reader.write(text);
  const end = reader.close();
  return { objects: [...objects, ...end.objects], summary: end.summary };
}

/** A full garbage collection (exposes V8's gc for this process), so heap samples show retained memory. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function catchError(action: () => unknown): CityGmlError {
  try {
    action();
  } catch (error) {
    if (error instanceof CityGmlError) return error;
    throw error;
  }
  throw new Error('expected a CityGmlError');
}

describe('geometry encodings', () => {
  it('reads pos, coordinates, 2D posList, GML2 boundaries and holes', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1"><bldg:lod2MultiSurface><gml:MultiSurface>
        <gml:surfaceMember><gml:Polygon gml:id="p-pos"><gml:exterior><gml:LinearRing>
          <gml:pos>0 0 1</gml:pos><gml:pos>4 0 1</gml:pos><gml:pos>4 4 1</gml:pos><gml:pos>0 0 1</gml:pos>
        </gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
        <gml:surfaceMember><gml:Polygon gml:id="p-coords"><gml:outerBoundaryIs><gml:LinearRing>
          <gml:coordinates>0,0,2 5,0,2 5,5,2 0,0,2</gml:coordinates>
        </gml:LinearRing></gml:outerBoundaryIs></gml:Polygon></gml:surfaceMember>
        <gml:surfaceMember><gml:Polygon gml:id="p-coords-cs"><gml:exterior><gml:LinearRing>
          <gml:coordinates cs=";" ts="|" decimal=",">0;0;2,5|6;0;2|6;6;2|0;0;2,5</gml:coordinates>
        </gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
        <gml:surfaceMember><gml:Polygon gml:id="p-2d" srsDimension="2"><gml:exterior><gml:LinearRing>
          <gml:posList>0 0 7 0 7 7 0 0</gml:posList>
        </gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
        <gml:surfaceMember><gml:Polygon gml:id="p-hole"><gml:exterior><gml:LinearRing>
          <gml:posList srsDimension="3">0 0 0 10 0 0 10 10 0 0 10 0 0 0 0</gml:posList></gml:LinearRing></gml:exterior>
          <gml:interior><gml:LinearRing><gml:posList>2 2 0 2 4 0 4 4 0 4 2 0 2 2 0</gml:posList></gml:LinearRing></gml:interior>
        </gml:Polygon></gml:surfaceMember>
      </gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(summary.warnings).toEqual([]);
    const polygons = objects[0]?.polygons ?? [];
    expect(polygons.map((p) => p.gmlId)).toEqual(['p-pos', 'p-coords', 'p-coords-cs', 'p-2d', 'p-hole']);
    expect([...(polygons[0]?.positions ?? [])]).toEqual([0, 0, 1, 4, 0, 1, 4, 4, 1]);
    expect([...(polygons[1]?.positions ?? [])]).toEqual([0, 0, 2, 5, 0, 2, 5, 5, 2]);
    expect([...(polygons[2]?.positions ?? [])]).toEqual([0, 0, 2.5, 6, 0, 2, 6, 6, 2]);
    expect([...(polygons[3]?.positions ?? [])]).toEqual([0, 0, 0, 7, 0, 0, 7, 7, 0]);
    expect([...(polygons[4]?.ringStarts ?? [])]).toEqual([0, 4]);
    expect(polygons[4]?.positions.length).toBe(8 * 3);
    expect(summary.polygons).toBe(5);
  });

  it('reverses OrientableSurface with orientation "-" and reads triangles', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1"><bldg:lod2MultiSurface><gml:MultiSurface>
        <gml:surfaceMember><gml:OrientableSurface orientation="-"><gml:baseSurface>${square('flipped')}</gml:baseSurface></gml:OrientableSurface></gml:surfaceMember>
        <gml:surfaceMember><gml:TriangulatedSurface><gml:trianglePatches>
          <gml:Triangle><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1 0 0 0 1 0 0 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Triangle>
        </gml:trianglePatches></gml:TriangulatedSurface></gml:surfaceMember>
      </gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`),
    );
    const polygons = read(text).objects[0]?.polygons ?? [];
    expect([...(polygons[0]?.positions ?? [])]).toEqual([0, 0, 0, 0, 10, 0, 10, 10, 0, 10, 0, 0]);
    expect(polygons[1]?.positions.length).toBe(9);
  });

  it('drops degenerate, odd and NaN polygons with a warning naming the line, keeping the rest', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1"><bldg:lod2MultiSurface><gml:MultiSurface>
<gml:surfaceMember><gml:Polygon gml:id="two-points"><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1 1 1 0 0 0 1 1 1</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
<gml:surfaceMember><gml:Polygon gml:id="odd"><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1 1 1 2 2</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
<gml:surfaceMember><gml:Polygon gml:id="nan"><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1 NaN 1 2 2 0 0 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
<gml:surfaceMember><gml:Polygon gml:id="overflow"><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1e400 0 1 2 2 0 0 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
<gml:surfaceMember><gml:Polygon gml:id="infinity"><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1 -Infinity 1 2 2 0 0 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>
<gml:surfaceMember>${square('good')}</gml:surfaceMember>
      </gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(objects[0]?.polygons.map((p) => p.gmlId)).toEqual(['good']);
    expect(summary.droppedPolygons).toBe(5);
    expect(summary.warnings.map((w) => w.line)).toEqual([5, 6, 7, 8, 9]);
    expect(summary.warnings.every((w) => w.file === 'test.gml' && w.objectId === 'b1')).toBe(true);
    expect(summary.warnings[0]?.message).toContain('2 distinct vertices');
    expect(summary.warnings[1]?.message).toContain('not a multiple of srsDimension 3');
    // NaN, a value beyond the double range and "Infinity" are all said the same way, not blamed on the CRS
    for (const warning of summary.warnings.slice(2))
      expect(warning.message).toContain('coordinates that are not finite numbers');
  });

  it('skips parts and generic attribute sets nested deeper than MAX_NESTING_LEVELS with a warning, reading on', () => {
    const parts = (levels: number) =>
      '<bldg:consistsOfBuildingPart><bldg:BuildingPart>'.repeat(levels) +
      square('deep') +
      '</bldg:BuildingPart></bldg:consistsOfBuildingPart>'.repeat(levels);
    const sets = (levels: number) =>
      '<gen:genericAttributeSet name="s">'.repeat(levels) +
      '<gen:stringAttribute name="leaf"><gen:value>x</gen:value></gen:stringAttribute>' +
      '</gen:genericAttributeSet>'.repeat(levels);
    const object = (id: string, levels: number) =>
      member(
        `<bldg:Building gml:id="${id}">${sets(levels)}<bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square(`${id}-own`)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>${parts(levels)}</bldg:Building>`,
      );
    const text = cityModel(
      object('at-limit', MAX_NESTING_LEVELS) + object('too-deep', 10_000) + object('after', 1),
    );
    const { objects, summary } = read(text);
    expect(objects.map((o) => o.id)).toEqual(['at-limit', 'too-deep', 'after']);
    const depthOf = (record: CityObjectRecord): number =>
      record.parts.length === 0 ? 0 : 1 + depthOf(record.parts[0]!);
    const setDepth = (generic: GenericAttributes): number =>
      typeof generic.s === 'object' ? 1 + setDepth(generic.s) : 0;
    expect(depthOf(objects[0]!)).toBe(MAX_NESTING_LEVELS);
    expect(setDepth(objects[0]!.attributes.generic)).toBe(MAX_NESTING_LEVELS);
    // the deep one keeps its own polygon and the first MAX_NESTING_LEVELS levels of parts and sets
    expect(objects[1]!.polygons.map((p) => p.gmlId)).toEqual(['too-deep-own']);
    expect(depthOf(objects[1]!)).toBe(MAX_NESTING_LEVELS);
    expect(setDepth(objects[1]!.attributes.generic)).toBe(MAX_NESTING_LEVELS);
    expect(depthOf(objects[2]!)).toBe(1);
    const nesting = summary.warnings.filter((w) => w.message.includes('nested deeper'));
    expect(nesting.map((w) => [w.objectId, w.file])).toEqual([
      ['too-deep', 'test.gml'],
      ['too-deep', 'test.gml'],
    ]);
    expect(nesting[0]!.message).toContain(
      `generic attribute set nested deeper than ${MAX_NESTING_LEVELS} sets`,
    );
    expect(nesting[1]!.message).toContain(
      `BuildingPart nested deeper than ${MAX_NESTING_LEVELS} levels of parts`,
    );
  });

  it('lists at most 1000 warnings and counts the rest', () => {
    const bad = `<gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>0 0 0 1 1 1 0 0 0</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>`;
    const text = cityModel(
      member(`<bldg:Building gml:id="b1"><bldg:lod2MultiSurface><gml:MultiSurface>${bad.repeat(1500)}
        <gml:surfaceMember>${square('good')}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(objects[0]?.polygons).toHaveLength(1);
    expect(summary.droppedPolygons).toBe(1500);
    expect(summary.warnings).toHaveLength(1001);
    expect(summary.warnings[1000]?.message).toBe(
      '500 further warnings not listed (only the first 1000 are kept)',
    );
  });

  it('keeps per-geometry srsName only where it differs from the object', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1"><gml:boundedBy><gml:Envelope srsName="EPSG:25832"/></gml:boundedBy>
        <bldg:lod2MultiSurface><gml:MultiSurface srsName="EPSG:25832"><gml:surfaceMember>${square('same')}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>
        <bldg:lod2MultiSurface><gml:MultiSurface srsName="EPSG:4979"><gml:surfaceMember>${square('other')}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>
      </bldg:Building>`),
    );
    const record = read(text).objects[0] as CityObjectRecord;
    expect(record.srsName).toBe('EPSG:25832');
    expect(record.polygons.map((p) => p.srsName)).toEqual([undefined, 'EPSG:4979']);
  });
});

describe('XLinks', () => {
  it('resolves forward references inside a building without duplicating polygons', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1">
        <bldg:lod2Solid><gml:Solid><gml:exterior><gml:CompositeSurface>
          <gml:surfaceMember xlink:href="#roof"/><gml:surfaceMember xlink:href="#wall"/>
        </gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod2Solid>
        <bldg:boundedBy><bldg:RoofSurface><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('roof', 5)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy>
        <bldg:boundedBy><bldg:WallSurface><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('wall', 1)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy>
      </bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(summary.warnings).toEqual([]);
    expect(objects[0]?.polygons.map((p) => [p.gmlId, p.semantic, p.lod])).toEqual([
      ['roof', 'roof', 2],
      ['wall', 'wall', 2],
    ]);
  });

  it('gives solid polygons the semantic of boundary surfaces that reference them', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1" xmlns:b="http://www.opengis.net/citygml/building/2.0">
        <b:lod2Solid><gml:Solid><gml:exterior><gml:CompositeSurface>
          <gml:surfaceMember>${square('s1', 5)}</gml:surfaceMember><gml:surfaceMember>${square('s2', 1)}</gml:surfaceMember>
        </gml:CompositeSurface></gml:exterior></gml:Solid></b:lod2Solid>
        <b:boundedBy><b:RoofSurface><b:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember xlink:href="#s1"/></gml:MultiSurface></b:lod2MultiSurface></b:RoofSurface></b:boundedBy>
      </bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(summary.warnings).toEqual([]);
    expect(objects[0]?.polygons.map((p) => [p.gmlId, p.semantic])).toEqual([
      ['s1', 'roof'],
      ['s2', 'unknown'],
    ]);
  });

  it('resolves references to aggregates and to polygons of earlier and later objects, and warns for the rest', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="early"><bldg:lod1MultiSurface><gml:MultiSurface gml:id="early-ms">
          <gml:surfaceMember>${square('e1')}</gml:surfaceMember><gml:surfaceMember>${square('e2', 3)}</gml:surfaceMember>
        </gml:MultiSurface></bldg:lod1MultiSurface></bldg:Building>`) +
        member(`<bldg:Building gml:id="user">
          <bldg:lod2MultiSurface xlink:href="#early-ms"/>
          <bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember xlink:href="#late"/>
          <gml:surfaceMember xlink:href="#missing"/></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`) +
        member(`<bldg:Building gml:id="late-owner"><bldg:lod2MultiSurface><gml:MultiSurface>
          <gml:surfaceMember>${square('late', 9)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(objects.map((o) => o.id).sort()).toEqual(['early', 'late-owner', 'user']);
    const user = objects.find((o) => o.id === 'user') as CityObjectRecord;
    expect(user.lod).toBe(2);
    expect(user.polygons.map((p) => p.gmlId)).toEqual(['e1', 'e2', 'late']);
    const unresolved = summary.warnings.filter((w) => w.message.includes('never resolved'));
    expect(unresolved).toHaveLength(1);
    expect(unresolved[0]?.message).toContain('#missing');
    expect(unresolved[0]?.line).toBe(12);
    expect(unresolved[0]?.objectId).toBe('user');
  });

  it("copies an earlier object's polygon with its hole and semantic, once however often it is referenced", () => {
    const holed =
      `<gml:Polygon gml:id="yard"><gml:exterior><gml:LinearRing><gml:posList>0 0 4 10 0 4 10 10 4 0 10 4 0 0 4</gml:posList></gml:LinearRing></gml:exterior>` +
      `<gml:interior><gml:LinearRing><gml:posList>2 2 4 2 8 4 8 8 4 8 2 4 2 2 4</gml:posList></gml:LinearRing></gml:interior></gml:Polygon>`;
    const text = cityModel(
      member(`<bldg:Building gml:id="owner"><bldg:boundedBy><bldg:RoofSurface><bldg:lod2MultiSurface>
          <gml:MultiSurface gml:id="roofs"><gml:surfaceMember>${holed}</gml:surfaceMember><gml:surfaceMember>${square('flat', 6)}</gml:surfaceMember></gml:MultiSurface>
        </bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy></bldg:Building>`) +
        member(`<bldg:Building gml:id="user"><bldg:lod2MultiSurface><gml:MultiSurface>
          <gml:surfaceMember xlink:href="#yard"/><gml:surfaceMember xlink:href="#yard"/><gml:surfaceMember xlink:href="#roofs"/>
          </gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`),
    );
    const { objects, summary } = read(text);
    expect(summary.warnings).toEqual([]);
    const owner = objects.find((o) => o.id === 'owner') as CityObjectRecord;
    const user = objects.find((o) => o.id === 'user') as CityObjectRecord;
    expect(user.polygons.map((p) => [p.gmlId, p.semantic, p.lod])).toEqual([
      ['yard', 'roof', 2],
      ['flat', 'roof', 2],
    ]);
    const [yard] = user.polygons;
    expect([...(yard?.ringStarts ?? [])]).toEqual([0, 4]);
    expect([...(yard?.positions ?? [])]).toEqual([...(owner.polygons[0]?.positions ?? [])]);
    // The copy is the user's own: the owner's record may be changed (reprojected, transferred) once emitted.
    expect(yard?.positions.buffer).not.toBe(owner.polygons[0]?.positions.buffer);
  });

  it('gives each polygon its own coordinate buffer, or views of shared blocks with sharedCoordinateBlocks', () => {
    const text = cityModel(
      member(
        `<bldg:Building gml:id="a"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('a1', 3)}</gml:surfaceMember><gml:surfaceMember>${square('a2', 5)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
      ) +
        member(
          `<bldg:Building gml:id="b"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('b1', 7)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
        ),
    );
    const own = read(text).objects.flatMap((o) => o.polygons);
    const shared = read(text, { sharedCoordinateBlocks: true }).objects.flatMap((o) => o.polygons);
    expect(shared.map((p) => [...p.positions])).toEqual(own.map((p) => [...p.positions]));
    expect(shared.map((p) => [...p.ringStarts])).toEqual(own.map((p) => [...p.ringStarts]));
    expect(new Set(own.map((p) => p.positions.buffer)).size).toBe(3);
    expect(new Set(shared.map((p) => p.positions.buffer)).size).toBe(1);
  });

  it('resolves a backward reference after the earlier object was emitted and its coordinates transferred', () => {
    const reader = createCityGmlReader({ file: 'test.gml' });
    const first = reader.write(
      `<?xml version="1.0" encoding="UTF-8"?>\n<CityModel ${NAMESPACES_2}>\n` +
        member(
          `<bldg:Building gml:id="owner"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('wall', 3)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
        ),
    );
    const owner = first.find((o) => o.id === 'owner') as CityObjectRecord;
    const expected = [...(owner.polygons[0]?.positions ?? [])];
    // A worker hands the record's buffers to another thread: they are detached here.
    for (const polygon of owner.polygons) {
      const buffer = polygon.positions.buffer as ArrayBuffer;
      structuredClone(buffer, { transfer: [buffer] });
    }
    expect(owner.polygons[0]?.positions.length).toBe(0);
    const later = reader.write(
      member(
        `<bldg:Building gml:id="user"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember xlink:href="#wall"/></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
      ) + '</CityModel>\n',
    );
    const end = reader.close();
    const user = [...later, ...end.objects].find((o) => o.id === 'user') as CityObjectRecord;
    expect(end.summary.warnings).toEqual([]);
    expect(user.polygons.map((p) => [...p.positions])).toEqual([expected]);
  });

  it('keeps ids of the last CROSS_OBJECT_INDEX_MAX_OBJECTS objects for backward references, oldest dropped', () => {
    const count = CROSS_OBJECT_INDEX_MAX_OBJECTS + 5;
    let members = '';
    for (let i = 0; i < count; i++) {
      members += member(
        `<bldg:Building gml:id="b${i}"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square(`p${i}`)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
      );
    }
    members += member(`<bldg:Building gml:id="user"><bldg:lod2MultiSurface><gml:MultiSurface>
      <gml:surfaceMember xlink:href="#p0"/><gml:surfaceMember xlink:href="#p${count - 1}"/>
      </gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`);
    const { objects, summary } = read(cityModel(members));
    const user = objects.find((o) => o.id === 'user') as CityObjectRecord;
    expect(user.polygons.map((p) => p.gmlId)).toEqual([`p${count - 1}`]);
    const unresolved = summary.warnings.filter((w) => w.message.includes('never resolved'));
    expect(unresolved.map((w) => w.message.includes('#p0'))).toEqual([true]);
  });
});

describe('LoD choice, parts and installations', () => {
  const building = member(`<bldg:Building gml:id="b1">
    <bldg:lod1Solid><gml:Solid><gml:exterior><gml:CompositeSurface><gml:surfaceMember>${square('l1')}</gml:surfaceMember></gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod1Solid>
    <bldg:boundedBy><bldg:WallSurface><bldg:lod3MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('l3')}</gml:surfaceMember></gml:MultiSurface></bldg:lod3MultiSurface></bldg:WallSurface></bldg:boundedBy>
    <bldg:outerBuildingInstallation><bldg:BuildingInstallation><bldg:lod1Geometry><gml:MultiSurface><gml:surfaceMember>${square('chimney')}</gml:surfaceMember></gml:MultiSurface></bldg:lod1Geometry></bldg:BuildingInstallation></bldg:outerBuildingInstallation>
    <bldg:consistsOfBuildingPart><bldg:BuildingPart gml:id="part"><bldg:function>garage</bldg:function>
      <bldg:lod0FootPrint><gml:MultiSurface><gml:surfaceMember>${square('fp')}</gml:surfaceMember></gml:MultiSurface></bldg:lod0FootPrint>
    </bldg:BuildingPart></bldg:consistsOfBuildingPart>
  </bldg:Building>`);

  it('takes the highest LoD up to maxLod, per part, with installations merged', () => {
    const record = read(cityModel(building)).objects[0] as CityObjectRecord;
    expect(record.lod).toBe(1);
    expect(record.polygons.map((p) => [p.gmlId, p.semantic])).toEqual([
      ['l1', 'unknown'],
      ['chimney', 'installation'],
    ]);
    expect(record.parts).toHaveLength(1);
    expect(record.parts[0]?.lod).toBe(0);
    expect(record.parts[0]?.attributes.function).toBe('garage');
    expect(record.parts[0]?.polygons[0]?.semantic).toBe('ground');
    expect(record.attributes.function).toBeUndefined();
  });

  it('honours maxLod and the exact lod option', () => {
    const high = read(cityModel(building), { maxLod: 3 }).objects[0] as CityObjectRecord;
    expect(high.lod).toBe(3);
    expect(high.polygons.map((p) => [p.gmlId, p.semantic])).toEqual([['l3', 'wall']]);
    const exact = read(cityModel(building), { lod: 3 }).objects[0] as CityObjectRecord;
    expect(exact.lod).toBe(3);
    expect(exact.parts[0]?.lod).toBe(-1);
    expect(exact.parts[0]?.polygons).toEqual([]);
  });

  it('falls back to the lowest LoD above maxLod when nothing lower exists', () => {
    const only3 = cityModel(
      member(
        `<bldg:Building><bldg:lod3MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('x')}</gml:surfaceMember></gml:MultiSurface></bldg:lod3MultiSurface></bldg:Building>`,
      ),
    );
    const record = read(only3).objects[0] as CityObjectRecord;
    expect(record.lod).toBe(3);
    expect(record.generatedId).toBe(true);
    expect(record.id).toBe('test.gml#Building-1');
  });
});

describe('attributes and appearances', () => {
  it('reads attributes with uom conversion, generic sets and CityGML 3.0 generic attributes', () => {
    const text = cityModel(
      member(`<bldg:Building gml:id="b1"><gml:name>Haus</gml:name><gml:description>d</gml:description>
        <bldg:class>1000</bldg:class><bldg:usage>1010</bldg:usage><bldg:measuredHeight uom="cm">1250</bldg:measuredHeight>
        <bldg:storeysAboveGround>3</bldg:storeysAboveGround><bldg:storeysBelowGround>1</bldg:storeysBelowGround>
        <bldg:yearOfConstruction>1912</bldg:yearOfConstruction>
        <gen:intAttribute name="n"><gen:value>42</gen:value></gen:intAttribute>
        <gen:genericAttributeSet name="set"><gen:doubleAttribute name="d"><gen:value>1.5</gen:value></gen:doubleAttribute>
          <gen:genericAttributeSet name="inner"><gen:uriAttribute name="u"><gen:value>http://x</gen:value></gen:uriAttribute></gen:genericAttributeSet>
        </gen:genericAttributeSet>
        <bldg:boundedBy><bldg:WallSurface><gml:name>not the building name</gml:name></bldg:WallSurface></bldg:boundedBy>
      </bldg:Building>`),
    );
    const attributes = (read(text).objects[0] as CityObjectRecord).attributes;
    expect(attributes).toMatchObject({
      name: 'Haus',
      description: 'd',
      class: '1000',
      usage: '1010',
      measuredHeight: 12.5,
      measuredHeightUom: 'cm',
      storeysAboveGround: 3,
      storeysBelowGround: 1,
      yearOfConstruction: 1912,
      generic: { n: 42, set: { d: 1.5, inner: { u: 'http://x' } } },
    });

    const v3 = `<CityModel xmlns="http://www.opengis.net/citygml/3.0" xmlns:gml="http://www.opengis.net/gml/3.2"
      xmlns:bldg="http://www.opengis.net/citygml/building/3.0" xmlns:gen="http://www.opengis.net/citygml/generics/3.0">
      <cityObjectMember><bldg:Building gml:id="b3">
        <genericAttribute><gen:GenericAttributeSet><gen:name>s</gen:name>
          <gen:value><gen:IntAttribute><gen:name>i</gen:name><gen:value>7</gen:value></gen:IntAttribute></gen:value>
        </gen:GenericAttributeSet></genericAttribute>
        <genericAttribute><gen:MeasureAttribute><gen:name>m</gen:name><gen:value uom="m">2.5</gen:value></gen:MeasureAttribute></genericAttribute>
      </bldg:Building></cityObjectMember></CityModel>`;
    const record3 = read(v3).objects[0] as CityObjectRecord;
    expect(record3.version).toBe('3.0');
    expect(record3.attributes.generic).toEqual({ s: { i: 7 }, m: 2.5 });
  });

  it('applies global appearances that come before the objects and warns about those after', () => {
    const appearance = (
      target: string,
    ): string => `<app:appearanceMember><app:Appearance><app:surfaceDataMember>
      <app:X3DMaterial><app:diffuseColor>1 0 0</app:diffuseColor><app:transparency>0.25</app:transparency><app:target>#${target}</app:target></app:X3DMaterial>
      </app:surfaceDataMember><app:surfaceDataMember><app:ParameterizedTexture><app:imageURI>tex/a.jpg</app:imageURI>
      <app:target uri="#${target}"><app:TexCoordList><app:textureCoordinates ring="#${target}_ring">0 0 1 0 1 1 0 1 0 0</app:textureCoordinates></app:TexCoordList></app:target>
      </app:ParameterizedTexture></app:surfaceDataMember></app:Appearance></app:appearanceMember>`;
    const building = member(
      `<bldg:Building gml:id="b1"><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('p1')}</gml:surfaceMember><gml:surfaceMember>${square('p2')}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
    );
    const text = cityModel(building + appearance('p2'), appearance('p1'));
    const { objects, summary } = read(text);
    const [p1, p2] = objects[0]?.polygons ?? [];
    expect(p1?.material).toEqual({ diffuse: [1, 0, 0], transparency: 0.25 });
    expect(p1?.texture?.imageUri).toBe('tex/a.jpg');
    expect([...(p1?.texture?.uv ?? [])]).toEqual([0, 0, 1, 0, 1, 1, 0, 1]);
    expect(p2?.material).toBeUndefined();
    expect(summary.warnings.some((w) => w.message.includes('not applied'))).toBe(true);
  });
});

describe('bad input', () => {
  it('throws on truncated XML after returning the complete objects', () => {
    const full = cityModel(member(`<bldg:Building gml:id="a"/>`) + member(`<bldg:Building gml:id="b"/>`));
    const cut = full.slice(0, full.indexOf('<bldg:Building gml:id="b"') + 10);
    const reader = createCityGmlReader({ file: 'cut.gml' });
    expect(reader.write(cut).map((o) => o.id)).toEqual(['a']);
    const error = catchError(() => reader.close());
    expect(error.file).toBe('cut.gml');
    expect(error.line).toBe(7);
    expect(error.message).toMatch(/^CityGML reader: cut\.gml:7:\d+: the document ends inside <[\w:]+>/);
    expect(error.expected).toMatch(/^<\/[\w:]+> and the rest of the document$/);
  });

  it('throws from the pull reader after yielding what was readable', async () => {
    const full = cityModel(
      member(`<bldg:Building gml:id="a"/>`) + member(`<bldg:Building gml:id="b"><gml:name>x</gml:nam>`),
    );
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const record of readCityGml([full.slice(0, 200), full.slice(200)], { file: 'bad.gml' })) {
        seen.push(record.id);
      }
    } catch (error) {
      caught = error;
    }
    expect(seen).toEqual(['a']);
    expect(caught).toBeInstanceOf(CityGmlError);
    expect((caught as CityGmlError).message).toContain('bad.gml:7:');
    expect((caught as CityGmlError).expected).toBe('well-formed XML');
  });

  it('rejects a root that is not a CityModel', () => {
    const error = catchError(() =>
      read('<?xml version="1.0"?>\n<gml:FeatureCollection xmlns:gml="http://www.opengis.net/gml"/>'),
    );
    expect(error.line).toBe(2);
    expect(error.message).toContain('root element FeatureCollection is not a CityGML CityModel');
    expect(error.expected).toBe('CityModel in a CityGML 1.0/2.0/3.0 namespace');
  });

  it('rejects an empty document', () => {
    expect(catchError(() => read('')).expected).toBe('a CityGML CityModel root element');
  });

  it('refuses DTD entities: a billion-laughs file neither hangs nor grows memory', () => {
    let dtd = '<!ENTITY lol0 "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    const text = `<?xml version="1.0"?>\n<!DOCTYPE CityModel [${dtd}]>\n<CityModel ${NAMESPACES_2}><gml:name>&lol9;</gml:name></CityModel>`;
    const started = Date.now();
    const error = catchError(() => read(text));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.line).toBe(2);
    expect(error.message).toContain('DOCTYPE declaring entities');
    expect(error.expected).toBe('a CityGML document without DTD entity declarations');
    // an entity used without any declaration is refused too (never looked up outside the document)
    const undeclared = catchError(() => read(cityModel('<gml:name>&ext;</gml:name>')));
    expect(undeclared.message).toContain('undefined entity');
  });
});

describe('streaming', () => {
  it('gives the same result for any chunking', () => {
    const text = cityModel(
      member(
        `<bldg:Building gml:id="b1"><gml:name>Ä€😀</gml:name><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square('p')}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building>`,
      ),
    );
    const whole = read(text).objects;
    for (const size of [1, 2, 3, 7, 64]) {
      const reader = createCityGmlReader({ file: 'test.gml' });
      const objects: CityObjectRecord[] = [];
      for (let i = 0; i < text.length; i += size) objects.push(...reader.write(text.slice(i, i + size)));
      objects.push(...reader.close().objects);
      expect(objects).toEqual(whole);
    }
    expect(whole[0]?.attributes.name).toBe('Ä€😀');
  });

  it('streams 20 000 buildings with bounded memory', async () => {
    const count = 20_000;
    const building = (i: number): string =>
      member(`<bldg:Building gml:id="b${i}"><bldg:measuredHeight uom="m">${i}</bldg:measuredHeight>
        <bldg:lod2Solid><gml:Solid><gml:exterior><gml:CompositeSurface>
        <gml:surfaceMember xlink:href="#r${i}"/><gml:surfaceMember xlink:href="#w${i}"/></gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod2Solid>
        <bldg:boundedBy><bldg:RoofSurface><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square(`r${i}`, 5)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:RoofSurface></bldg:boundedBy>
        <bldg:boundedBy><bldg:WallSurface><bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember>${square(`w${i}`, 1)}</gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface></bldg:WallSurface></bldg:boundedBy>
        </bldg:Building>`);
    let bytes = 0;
    function* chunks(): Generator<string> {
      yield `<CityModel ${NAMESPACES_2}>`;
      for (let i = 0; i < count; i++) {
        const chunk = building(i);
        bytes += chunk.length;
        yield chunk;
      }
      yield '</CityModel>';
    }
    const heapSamples: number[] = [];
    let seen = 0;
    let polygons = 0;
    const generator = readCityGml(chunks(), { file: 'big.gml' });
    for (;;) {
      const next = await generator.next();
      if (next.done) {
        expect(next.value.objectsByType).toEqual({ Building: count });
        expect(next.value.polygons).toBe(2 * count);
        break;
      }
      seen++;
      polygons += next.value.polygons.length;
      if (seen % 2000 === 0) {
        collectGarbage();
        heapSamples.push(process.memoryUsage().heapUsed);
      }
    }
    expect(seen).toBe(count);
    expect(polygons).toBe(2 * count);
    const mib = 1024 * 1024;
    // about `bytes` characters went through; the retained heap does not grow with them once the bounded
    // cross-object index is full (after a few thousand buildings)
    expect(bytes).toBeGreaterThan(20 * mib);
    console.log(
      `retained heap per 2000 buildings (MiB): ${heapSamples.map((h) => (h / mib).toFixed(1)).join(' ')}`,
    );
    const settled = heapSamples.slice(4);
    expect(Math.max(...settled) - Math.min(...settled)).toBeLessThan(2 * mib);
    // the whole growth is the bounded index (about 2.5 MB of coordinates plus entry overhead)
    expect(Math.max(...heapSamples) - (heapSamples[0] as number)).toBeLessThan(8 * mib);
  });
});
