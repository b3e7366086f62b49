/**
 * Hostile-input cases about what a CityGML file holds: entities and injected markup, broken geometry,
 * coordinate reference systems, textures, archives and huge values; and the browser-only case.
 */
import { join } from 'node:path';
import { zipSync } from 'fflate';
import {
  X0,
  Y0,
  docHead,
  DOC_TAIL,
  ring,
  polygon,
  boxPolygons,
  buildingMember,
  goodBuilding,
  goodDocument,
  stringAttribute,
  write,
  streamFile,
  streamZip,
  pngWithMarker,
  texturedBuilding,
  mkfifo,
  makeRemoteUri3tz,
  single,
  goodAndBad,
  MiB,
} from './blocks.ts';
import type { CaseSetup, HostileCase } from './types.ts';

/**
 * Peak RSS a run over a huge or expanding input may reach: the converter documents about 90 MiB plus
 * 50–60 MiB per worker whatever the input size, so with BOUNDED_JOBS workers anything above this means
 * the input (or its expansion) is being held in memory.
 */
const BOUNDED_RSS_MIB = 300;
/** Worker threads for the memory-bounded cases, so the bound does not depend on the machine's cores. */
const BOUNDED_JOBS = ['--jobs', '2'];

/** Text size that proves a cap on attribute values without taking long (unit test). */
const ATTRIBUTE_TEST_BYTES = 8 * MiB;
const ATTRIBUTE_BENCH_BYTES = 50 * MiB;

function hugeAttribute(bytes: number) {
  return async (dir: string): Promise<CaseSetup> => {
    const head =
      docHead() +
      goodBuilding('small', 1) +
      `<cityObjectMember><bldg:Building gml:id="huge-attr"><gen:stringAttribute name="blob"><gen:value>`;
    const tail =
      `</gen:value></gen:stringAttribute><bldg:lod2MultiSurface><gml:MultiSurface>${boxPolygons('huge-attr', 0)}` +
      `</gml:MultiSurface></bldg:lod2MultiSurface></bldg:Building></cityObjectMember>\n${DOC_TAIL}`;
    const path = await streamFile(join(dir, 'huge-attribute.gml'), head, 'x', bytes, tail);
    return { inputs: [path], out: join(dir, 'out') };
  };
}

function hugeText(bytes: number) {
  return async (dir: string): Promise<CaseSetup> => {
    const path = await streamFile(join(dir, 'no-markup.gml'), docHead(), 'a', bytes, '');
    return { inputs: [path], out: join(dir, 'out') };
  };
}

function zipBomb(bytes: number) {
  return async (dir: string): Promise<CaseSetup> => {
    const path = await streamZip(join(dir, 'bomb.zip'), 'city.gml', docHead(), ' ', bytes, DOC_TAIL);
    return { inputs: [path], out: join(dir, 'out') };
  };
}

function hugeRing(vertices: number) {
  return async (dir: string): Promise<CaseSetup> => {
    const radius = 50;
    const coords: string[] = [];
    for (let i = 0; i < vertices; i++) {
      const a = (2 * Math.PI * i) / vertices;
      // A wavy outline (not convex), so no triangulator can take a shortcut for convex rings.
      const r = radius * (1 + 0.05 * Math.sin(a * 997));
      coords.push(`${(X0 + 500 + r * Math.cos(a)).toFixed(4)} ${(Y0 + 500 + r * Math.sin(a)).toFixed(4)} 5`);
    }
    coords.push(coords[0]!);
    const bad = buildingMember('huge-ring', polygon('huge-ring_p0', coords.join(' ')));
    return goodAndBad('huge-ring.gml', bad)(dir);
  };
}

/** Writes a texture case: `inside/city.gml` referencing `uri`; `outside/secret.png` lies outside the input folder. */
function textureCase(uri: (dir: string) => string, fifo = false) {
  return async (dir: string): Promise<CaseSetup> => {
    write(join(dir, 'outside/secret.png'), pngWithMarker('SECRET-PNG-MARKER'));
    if (fifo) mkfifo(join(dir, 'inside/fifo-tex.png'));
    const text = docHead() + texturedBuilding('tex', 0, uri(dir)) + goodBuilding('plain', 1) + DOC_TAIL;
    return {
      inputs: [write(join(dir, 'inside/city.gml'), text)],
      out: join(dir, 'out'),
      survivors: ['outside/secret.png'],
    };
  };
}

const LOL_DTD =
  '<!DOCTYPE CityModel [\n<!ENTITY lol "lol">\n' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
  ).join('\n') +
  '\n]>\n';

/** A building whose only surface is reached through nested XLinks that form the cycle a → b → a. */
const XLINK_CYCLE = buildingMember(
  'cycle',
  `<gml:surfaceMember><gml:CompositeSurface gml:id="a"><gml:surfaceMember xlink:href="#b"/></gml:CompositeSurface></gml:surfaceMember>` +
    `<gml:surfaceMember><gml:CompositeSurface gml:id="b"><gml:surfaceMember xlink:href="#a"/></gml:CompositeSurface></gml:surfaceMember>`,
);

/** Cases about file content, in the corpus's order. */
export const CONTENT_CASES: HostileCase[] = [
  // --- entities and injection ----------------------------------------------------------------------
  {
    name: 'billion-laughs',
    description: 'nested internal entities expanding to 10^9 "lol"s in an attribute value',
    scope: 'both',
    args: BOUNDED_JOBS,
    make: single(
      'laughs.gml',
      docHead('EPSG:25832', LOL_DTD) + goodBuilding('laugh', 0, stringAttribute('joke', '&lol9;')) + DOC_TAIL,
    ),
    expect: {
      exitCodes: [0, 1],
      message: /laughs\.gml[^\n]*(entit|expan|DTD|DOCTYPE)|(entit|expan|DTD|DOCTYPE)[^\n]*laughs\.gml/i,
      maxRssMiB: BOUNDED_RSS_MIB,
    },
  },
  {
    name: 'xxe-external-entity',
    description: 'external entities naming file:///etc/passwd and a local secret in attribute values',
    scope: 'both',
    make: async (dir) => {
      const secret = write(join(dir, 'secret.txt'), 'XXE-SECRET-MARKER\n');
      const dtd =
        `<!DOCTYPE CityModel [\n<!ENTITY passwd SYSTEM "file:///etc/passwd">\n` +
        `<!ENTITY secret SYSTEM "file://${secret}">\n]>\n`;
      const text =
        docHead('EPSG:25832', dtd) +
        goodBuilding('xxe', 0, stringAttribute('a', '&passwd;') + stringAttribute('b', '&secret;')) +
        DOC_TAIL;
      return { ...(await single('xxe.gml', text)(dir)), survivors: ['secret.txt'] };
    },
    expect: {
      exitCodes: [0, 1],
      message: /xxe\.gml[^\n]*(entit|external|DTD|DOCTYPE)|(entit|external|DTD|DOCTYPE)[^\n]*xxe\.gml/i,
      outputLacks: ['root:x:0:0', 'XXE-SECRET-MARKER'],
    },
  },
  {
    name: 'xss-in-attributes',
    description:
      '<script> in gen:value (escaped and in CDATA) and in gml:name must stay text in the metadata',
    scope: 'both',
    make: single(
      'xss.gml',
      docHead() +
        goodBuilding(
          'xss',
          0,
          `<gml:name>&lt;img src=x onerror=alert(2)&gt;</gml:name>` +
            stringAttribute('a', '&lt;script&gt;alert(1)&lt;/script&gt;') +
            stringAttribute('b', '<![CDATA[<script>alert(3)</script>]]>'),
        ) +
        DOC_TAIL,
    ),
    expect: {
      exitCodes: [0],
      message: /xss\.gml/,
      read: 1,
      written: 1,
      outputContains: ['<script>alert(1)</script>', '<script>alert(3)</script>'],
    },
  },

  {
    name: 'prototype-named-attributes',
    description:
      'attributes named __proto__ and constructor, a generic attribute set named __proto__ and a city object ' +
      'type named constructor must be entries like any other, never JavaScript object internals',
    scope: 'test',
    make: single(
      'proto.gml',
      docHead() +
        goodBuilding(
          'proto',
          0,
          stringAttribute('__proto__', 'PROTO-MARK') + stringAttribute('constructor', 'CONSTRUCTOR-MARK'),
        ) +
        `<cityObjectMember><bldg:constructor gml:id="odd">` +
        `<gen:genericAttributeSet name="__proto__">${stringAttribute('inner', 'SET-MARK')}</gen:genericAttributeSet>` +
        `<bldg:lod2MultiSurface><gml:MultiSurface>` +
        boxPolygons('odd', 2) +
        `</gml:MultiSurface></bldg:lod2MultiSurface></bldg:constructor></cityObjectMember>\n` +
        DOC_TAIL,
    ),
    expect: {
      exitCodes: [0],
      message: /proto\.gml/,
      read: 1,
      written: 1,
      outputContains: ['PROTO-MARK', 'CONSTRUCTOR-MARK', 'SET-MARK', '"constructor": 1'],
      outputLacks: ['[native code]', 'object Object'],
    },
  },

  // --- geometry ------------------------------------------------------------------------------------
  {
    name: 'nan-infinity-coordinates',
    description: 'a building whose coordinates are NaN and Infinity, next to a good one',
    scope: 'both',
    make: goodAndBad(
      'nan.gml',
      buildingMember(
        'nan',
        polygon('nan_p0', `NaN 0 0 Infinity 0 0 ${X0} -Infinity 0 NaN 0 0`) +
          polygon('nan_p1', `${X0} ${Y0} NaN ${X0 + 5} ${Y0} NaN ${X0 + 5} ${Y0 + 5} NaN ${X0} ${Y0} NaN`),
      ),
    ),
    expect: {
      exitCodes: [0],
      message: /nan\.gml/,
      reportMessage: /nan\.gml[^\n]*(NaN|finite|number|coordinate|invalid)/i,
      read: 2,
      written: 1,
      dropped: 1,
    },
  },
  {
    name: 'coordinates-1e300',
    description: 'a building at 1e300 m, next to a good one (its bounds must not poison the tileset)',
    scope: 'both',
    make: goodAndBad(
      'far.gml',
      buildingMember(
        'far',
        polygon(
          'far_p0',
          ring([
            [1e300, 1e300, 0],
            [2e300, 1e300, 0],
            [2e300, 2e300, 0],
            [1e300, 1e300, 0],
          ]),
        ),
      ),
    ),
    expect: {
      exitCodes: [0],
      message: /far\.gml/,
      reportMessage: /far\.gml[^\n]*(range|outside|finite|coordinate|area)/i,
      read: 2,
      written: 1,
      dropped: 1,
    },
  },
  {
    name: 'polygon-two-points',
    description: 'a building whose only polygon has two distinct points',
    scope: 'both',
    make: goodAndBad(
      'thin.gml',
      buildingMember(
        'thin',
        polygon(
          'thin_p0',
          ring([
            [X0, Y0, 0],
            [X0 + 5, Y0, 0],
            [X0, Y0, 0],
          ]),
        ),
      ),
    ),
    expect: {
      exitCodes: [0],
      message: /thin\.gml/,
      reportMessage: /thin\.gml[^\n]*(point|vert|degenerate|ring|area|polygon|geometry)/i,
      read: 2,
      written: 1,
      dropped: 1,
    },
  },
  {
    name: 'large-ring-40k',
    description:
      'one polygon ring with 40 000 vertices (non-convex, under the per-polygon cap), next to a good building',
    scope: 'both',
    make: hugeRing(40_000),
    expect: { exitCodes: [0], message: /huge-ring\.gml/, read: 2, written: 2 },
  },
  {
    name: 'huge-ring-200k',
    description: 'one polygon ring with 200 000 vertices, above the per-polygon cap, next to a good building',
    scope: 'both',
    make: hugeRing(200_000),
    expect: {
      exitCodes: [0],
      message: /huge-ring\.gml/,
      reportMessage: /huge-ring.*200000 vertices, more than the limit of 50000/s,
      read: 2,
      written: 1,
      dropped: 1,
    },
  },
  {
    name: 'huge-ring-1m',
    description: 'one polygon ring with 1 000 000 vertices',
    scope: 'bench',
    make: hugeRing(1_000_000),
    expect: {
      exitCodes: [0],
      message: /huge-ring\.gml/,
      // 1 000 000 vertices are more text than the reader keeps for one coordinate list (8 Mi characters).
      reportMessage: /huge-ring.*coordinate list longer than \d+ characters/,
      read: 2,
      written: 1,
      dropped: 1,
    },
  },
  {
    name: 'duplicate-gml-ids',
    description: 'two buildings with the same gml:id',
    scope: 'both',
    make: single('dup.gml', docHead() + goodBuilding('same', 0) + goodBuilding('same', 1) + DOC_TAIL),
    expect: { exitCodes: [0], message: /dup\.gml/, read: 2, writtenAtLeast: 1 },
  },
  {
    name: 'xlink-cycle',
    description: 'surfaces that reference each other through XLinks a → b → a',
    scope: 'both',
    make: goodAndBad('cycle.gml', XLINK_CYCLE),
    expect: { exitCodes: [0], message: /cycle\.gml/, read: 2, writtenAtLeast: 1 },
  },
  {
    name: 'xlink-missing-target',
    description: "a building whose only surface is an XLink to an id that doesn't exist",
    scope: 'both',
    make: goodAndBad(
      'dangling.gml',
      buildingMember('dangling', `<gml:surfaceMember xlink:href="#does-not-exist"/>`),
    ),
    expect: {
      exitCodes: [0],
      message: /dangling\.gml/,
      reportMessage: /dangling\.gml[^\n]*does-not-exist/,
      read: 2,
      written: 1,
      dropped: 1,
    },
  },

  // --- coordinate reference systems ---------------------------------------------------------------
  {
    name: 'unknown-srs',
    description: 'srsName EPSG:999999',
    scope: 'both',
    previous: true,
    make: single('weird-crs.gml', goodDocument(1).replace('EPSG:25832', 'EPSG:999999')),
    expect: { exitCodes: [1], message: /weird-crs\.gml.*999999|999999.*weird-crs\.gml/ },
  },
  {
    name: 'latlon-in-utm-file',
    description: 'degrees of longitude/latitude written into a file that declares EPSG:25832',
    scope: 'both',
    make: async (dir) => {
      const text = goodDocument(2).replace(
        /(\d{6})(\.\d+)? (\d{7})(\.\d+)?/g,
        (_m, x: string, _a, y: string) =>
          `${(6.6 + (Number(x) - X0) / 1e5).toFixed(6)} ${(51.6 + (Number(y) - Y0) / 1e5).toFixed(6)}`,
      );
      return single('degrees.gml', text)(dir);
    },
    expect: {
      exitCodes: [0, 1],
      message: /degrees\.gml[^\n]*(area of use|outside)|(area of use|outside)[^\n]*degrees\.gml/i,
      reportMessage: /(area of use|outside)/i,
    },
  },

  // --- textures ------------------------------------------------------------------------------------
  {
    name: 'texture-absolute-path',
    description: '--textures with an imageURI that is an absolute path outside the input folder',
    scope: 'both',
    args: ['--textures'],
    make: textureCase((dir) => join(dir, 'outside/secret.png')),
    expect: {
      exitCodes: [0],
      message: /city\.gml/,
      reportMessage: /secret\.png[^\n]*(outside|escape|not (inside|within|under|in))/i,
      read: 2,
      written: 2,
      outputLacks: ['SECRET-PNG-MARKER'],
    },
  },
  {
    name: 'texture-dotdot-escape',
    description: '--textures with imageURI ../outside/secret.png',
    scope: 'both',
    args: ['--textures'],
    make: textureCase(() => '../outside/secret.png'),
    expect: {
      exitCodes: [0],
      message: /city\.gml/,
      reportMessage: /secret\.png[^\n]*(outside|escape|not (inside|within|under|in))/i,
      read: 2,
      written: 2,
      outputLacks: ['SECRET-PNG-MARKER'],
    },
  },
  {
    name: 'texture-fifo',
    description: '--textures with an imageURI that is a FIFO nobody writes to',
    scope: 'both',
    args: ['--textures'],
    make: textureCase(() => 'fifo-tex.png', true),
    expect: {
      exitCodes: [0],
      message: /city\.gml/,
      reportMessage: /fifo-tex\.png[^\n]*(not a (regular )?file|fifo|pipe|special)/i,
      read: 2,
      written: 2,
    },
  },

  // --- archives ------------------------------------------------------------------------------------
  {
    name: 'zip-path-traversal-names',
    description:
      'zip entries named ../../evil.gml and /abs/evil.gml next to a normal one (read, never extracted)',
    scope: 'both',
    make: async (dir) => {
      const bytes = zipSync({
        'ok.gml': new TextEncoder().encode(goodDocument(1, 'ok')),
        '../../evil.gml': new TextEncoder().encode(goodDocument(1, 'evil')),
        '/abs/evil2.gml': new TextEncoder().encode(goodDocument(1, 'abs')),
      });
      return {
        ...(await single('traversal.zip', bytes)(dir)),
        mustNotExist: ['../evil.gml', '../../evil.gml', '/abs/evil2.gml'],
      };
    },
    expect: { exitCodes: [0], message: /traversal\.zip/, writtenAtLeast: 1 },
  },
  {
    name: 'zip-bomb-64m',
    description: 'a zip whose single entry inflates ~1000:1 (64 KiB → 64 MiB of whitespace)',
    scope: 'test',
    args: BOUNDED_JOBS,
    make: zipBomb(64 * MiB),
    expect: { exitCodes: [1], message: /bomb\.zip/, maxRssMiB: BOUNDED_RSS_MIB },
  },
  {
    name: 'zip-bomb-1g',
    description: 'a zip whose single entry inflates ~1000:1 (1 MiB → 1 GiB of whitespace)',
    scope: 'bench',
    args: BOUNDED_JOBS,
    make: zipBomb(1024 * MiB),
    expect: { exitCodes: [1], message: /bomb\.zip/, maxRssMiB: BOUNDED_RSS_MIB },
  },

  // --- huge values ---------------------------------------------------------------------------------
  {
    name: 'huge-attribute-8m',
    description: 'an 8 MiB gen:value (capped with a warning; both buildings written)',
    scope: 'test',
    args: BOUNDED_JOBS,
    make: hugeAttribute(ATTRIBUTE_TEST_BYTES),
    expect: {
      exitCodes: [0],
      message: /huge-attribute\.gml/,
      reportMessage:
        /(value|attribute|text)[^\n]*(cap|truncat|limit|too (long|large|big)|longer than|exceed|cut)/i,
      read: 2,
      written: 2,
      maxRssMiB: BOUNDED_RSS_MIB,
    },
  },
  {
    name: 'huge-attribute-50m',
    description: 'a 50 MiB gen:value',
    scope: 'bench',
    args: BOUNDED_JOBS,
    make: hugeAttribute(ATTRIBUTE_BENCH_BYTES),
    expect: {
      exitCodes: [0],
      message: /huge-attribute\.gml/,
      reportMessage:
        /(value|attribute|text)[^\n]*(cap|truncat|limit|too (long|large|big)|longer than|exceed|cut)/i,
      read: 2,
      written: 2,
      maxRssMiB: BOUNDED_RSS_MIB,
    },
  },
  {
    name: 'text-without-markup-32m',
    description: 'a document head, then 32 MiB of text with no "<"',
    scope: 'test',
    args: BOUNDED_JOBS,
    make: hugeText(32 * MiB),
    expect: { exitCodes: [1], message: /no-markup\.gml/, maxRssMiB: BOUNDED_RSS_MIB },
  },
  {
    name: 'text-without-markup-1g',
    description: 'a document head, then 1 GiB of text with no "<" (streamed)',
    scope: 'bench',
    args: BOUNDED_JOBS,
    make: hugeText(1024 * MiB),
    expect: { exitCodes: [1], message: /no-markup\.gml/, maxRssMiB: BOUNDED_RSS_MIB },
  },

  // --- browser ------------------------------------------------------------------------------------
  {
    name: 'browser-3tz-remote-content-uri',
    description: 'an imported .3tz whose content URI is https://example.invalid/x.glb (browser e2e only)',
    scope: 'browser',
    make: async (dir) => ({ inputs: [makeRemoteUri3tz(dir)], out: join(dir, 'out') }),
    expect: { exitCodes: [1, 2], message: /example\.invalid/ },
  },
];
