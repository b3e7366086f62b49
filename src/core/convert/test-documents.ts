/**
 * Synthetic CityGML 2.0 documents for tests of the document readers (core, CLI and browser import):
 * one copy of the text each layer's tests feed in, so their results stay comparable.
 */

/** Namespace declarations of a CityGML 2.0 document with buildings (core as the default namespace). */
export const CITYGML2_NAMESPACES =
  'xmlns="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" ' +
  'xmlns:bldg="http://www.opengis.net/citygml/building/2.0"';

/** A CityModel of `members` (cityObjectMember elements) with an empty envelope naming `srsName`. */
export function cityModelDocument(members: string, srsName = 'EPSG:25832'): string {
  return (
    `<CityModel ${CITYGML2_NAMESPACES}>\n<gml:boundedBy><gml:Envelope srsName="${srsName}"/></gml:boundedBy>\n` +
    `${members}</CityModel>\n`
  );
}

/** gml:posList text of a closed axis-aligned square ring, `size` wide from x, y, at height z. */
export function squarePosList(x: number, y: number, size: number, z: number): string {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y],
  ]
    .map(([a, b]) => `${a} ${b} ${z}`)
    .join(' ');
}

/** Text that compresses poorly (deterministic), so the compressed bytes track the document's. */
export function noise(length: number, seed: number): string {
  let state = seed;
  let text = '';
  while (text.length < length) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    text += (state >>> 8).toString(36);
  }
  return text.slice(0, length);
}

/**
 * `count` buildings B0… in ETRS89 / UTM 32N, each 8 lines (after a 2-line head) with 4000 characters of
 * noise in its description: large enough to cut or compress part-way through a building.
 */
export function noisyCityModel(count: number): string {
  let members = '';
  for (let i = 0; i < count; i++) {
    const ring = squarePosList(337_000 + (i % 20) * 20, 5_728_000 + Math.floor(i / 20) * 20, 10, 30);
    members +=
      `<cityObjectMember>\n<bldg:Building gml:id="B${i}">\n` +
      `<gml:description>${noise(4000, i + 1)}</gml:description>\n` +
      `<bldg:lod2MultiSurface><gml:MultiSurface><gml:surfaceMember><gml:Polygon><gml:exterior>\n` +
      `<gml:LinearRing><gml:posList>${ring}</gml:posList></gml:LinearRing>\n` +
      `</gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface></bldg:lod2MultiSurface>\n` +
      `</bldg:Building>\n</cityObjectMember>\n`;
  }
  return cityModelDocument(members);
}
