/**
 * Building blocks of the hostile-input corpus: CityGML documents and buildings in EPSG:25832 metres
 * around Wesel, and helpers that write a case's files (big ones streamed, never held in memory).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import type { CaseSetup } from './types.ts';

const NS =
  'xmlns="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" ' +
  'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
  'xmlns:app="http://www.opengis.net/citygml/appearance/2.0" xmlns:gen="http://www.opengis.net/citygml/generics/2.0"';

/** UTM zone 32N around Wesel, inside EPSG:25832's area of use. */
export const X0 = 330_000;
export const Y0 = 5_730_000;

/** Document head up to and including the CityModel start tag. */
export function docHead(srsName = 'EPSG:25832', prolog = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}<CityModel ${NS}>\n` +
    `<gml:boundedBy><gml:Envelope srsName="${srsName}" srsDimension="3">` +
    `<gml:lowerCorner>${X0} ${Y0} 0</gml:lowerCorner><gml:upperCorner>${X0 + 1000} ${Y0 + 1000} 30</gml:upperCorner>` +
    `</gml:Envelope></gml:boundedBy>\n`
  );
}

/** The end of a document begun with `docHead`. */
export const DOC_TAIL = '</CityModel>\n';

/** A posList's text for `points` (x y z, EPSG:25832 metres), written as given (strings stay unparsed). */
export function ring(
  points: readonly (readonly [number | string, number | string, number | string])[],
): string {
  return points.map((p) => p.join(' ')).join(' ');
}

/** A surfaceMember holding polygon `id` with one exterior ring of `posList` (x y z, EPSG:25832 metres). */
export function polygon(id: string, posList: string): string {
  return (
    `<gml:surfaceMember><gml:Polygon gml:id="${id}"><gml:exterior><gml:LinearRing gml:id="${id}_r">` +
    `<gml:posList srsDimension="3">${posList}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>`
  );
}

/** Ground, roof and four walls of a 10 m × 10 m × 8 m box whose corner is `at` (metres from X0/Y0). */
export function boxPolygons(id: string, at: number): string {
  const x = X0 + at * 20;
  const y = Y0 + at * 20;
  const [x1, y1, z] = [x + 10, y + 10, 8];
  const faces = [
    [
      [x, y, 0],
      [x, y1, 0],
      [x1, y1, 0],
      [x1, y, 0],
      [x, y, 0],
    ],
    [
      [x, y, z],
      [x1, y, z],
      [x1, y1, z],
      [x, y1, z],
      [x, y, z],
    ],
    [
      [x, y, 0],
      [x1, y, 0],
      [x1, y, z],
      [x, y, z],
      [x, y, 0],
    ],
    [
      [x1, y, 0],
      [x1, y1, 0],
      [x1, y1, z],
      [x1, y, z],
      [x1, y, 0],
    ],
    [
      [x1, y1, 0],
      [x, y1, 0],
      [x, y1, z],
      [x1, y1, z],
      [x1, y1, 0],
    ],
    [
      [x, y1, 0],
      [x, y, 0],
      [x, y, z],
      [x, y1, z],
      [x, y1, 0],
    ],
  ] as const;
  return faces.map((f, i) => polygon(`${id}_p${i}`, ring(f))).join('');
}

/** One cityObjectMember: a building with the given inner XML (attributes) and geometry. */
export function buildingMember(id: string, geometry: string, inner = ''): string {
  return (
    `<cityObjectMember><bldg:Building gml:id="${id}">${inner}` +
    `<bldg:lod2MultiSurface><gml:MultiSurface>${geometry}</gml:MultiSurface></bldg:lod2MultiSurface>` +
    `</bldg:Building></cityObjectMember>\n`
  );
}

/** A plain, valid building (box) number `at` of a row. */
export function goodBuilding(id: string, at: number, inner = ''): string {
  return buildingMember(id, boxPolygons(id, at), inner);
}

/** A whole document of `count` good buildings. */
export function goodDocument(count: number, prefix = 'b'): string {
  let members = '';
  for (let i = 0; i < count; i++) members += goodBuilding(`${prefix}${i}`, i);
  return docHead() + members + DOC_TAIL;
}

/** A generic string attribute `name` with `value` inserted as written (may carry markup on purpose). */
export function stringAttribute(name: string, value: string): string {
  return `<gen:stringAttribute name="${name}"><gen:value>${value}</gen:value></gen:stringAttribute>`;
}

// ---------------------------------------------------------------------------------------------------
// File helpers

/** Writes `data` to `path`, creating its folders; returns `path`. */
export function write(path: string, data: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  return path;
}

/**
 * Streams `head`, then `repeat` × `unit` (written in batches of about 1 MiB with backpressure), then
 * `tail` to `path`, so files of a gibibyte never sit in memory.
 */
export async function streamFile(
  path: string,
  head: string,
  unit: string,
  repeat: number,
  tail: string,
): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  const perBatch = Math.max(1, Math.floor((1 << 20) / Math.max(1, unit.length)));
  const batch = unit.repeat(perBatch);
  const send = async (chunk: string) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  await send(head);
  let left = repeat;
  while (left >= perBatch) {
    await send(batch);
    left -= perBatch;
  }
  if (left > 0) await send(unit.repeat(left));
  stream.end(tail);
  await finished(stream);
  return path;
}

/**
 * Streams a zip with one deflated entry (`head`, `repeat` × `unit`, `tail`) through fflate's streaming
 * `Zip`, so a 1 GiB entry is never in memory; whitespace deflates about 1000:1.
 */
export async function streamZip(
  path: string,
  entry: string,
  head: string,
  unit: string,
  repeat: number,
  tail: string,
): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  const pending: Uint8Array[] = [];
  let done = false;
  let failure: Error | null = null;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    pending.push(chunk);
    if (final) done = true;
  });
  const file = new ZipDeflate(entry, { level: 9 });
  zip.add(file);
  const encoder = new TextEncoder();
  const flush = async () => {
    for (const chunk of pending.splice(0)) if (!stream.write(chunk)) await once(stream, 'drain');
    if (failure) throw failure;
  };
  const perBatch = Math.max(1, Math.floor((1 << 20) / Math.max(1, unit.length)));
  const batch = encoder.encode(unit.repeat(perBatch));
  file.push(encoder.encode(head));
  let left = repeat;
  while (left >= perBatch) {
    file.push(batch);
    left -= perBatch;
    await flush();
  }
  file.push(encoder.encode(unit.repeat(left) + tail), true);
  zip.end();
  await flush();
  if (!done) throw new Error(`zip stream for ${path} did not finish`);
  stream.end();
  await finished(stream);
  return path;
}

/** A valid 1×1 PNG carrying `marker` in a tEXt chunk, so the marker shows whether its bytes were copied. */
export function pngWithMarker(marker: string): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${marker}`, 'latin1')),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A textured building: its roof polygon `<id>_p1` gets a ParameterizedTexture with `imageUri`. */
export function texturedBuilding(id: string, at: number, imageUri: string): string {
  const appearance =
    `<app:appearance><app:Appearance><app:theme>rgbTexture</app:theme><app:surfaceDataMember>` +
    `<app:ParameterizedTexture><app:imageURI>${imageUri}</app:imageURI><app:mimeType>image/png</app:mimeType>` +
    `<app:target uri="#${id}_p1"><app:TexCoordList><app:textureCoordinates ring="#${id}_p1_r">` +
    `0 0 1 0 1 1 0 1 0 0</app:textureCoordinates></app:TexCoordList></app:target>` +
    `</app:ParameterizedTexture></app:surfaceDataMember></app:Appearance></app:appearance>`;
  return goodBuilding(id, at, appearance);
}

/** Creates a FIFO (named pipe); nothing ever writes to it, so a reader that opens it blocks forever. */
export function mkfifo(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const result = spawnSync('mkfifo', [path]);
  if (result.status !== 0) throw new Error(`mkfifo ${path} failed: ${result.stderr.toString()}`);
}

/** The id of a process that has ended (spawned and reaped here), for stale temporaries "of a dead PID". */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** A deterministic pseudo-random byte stream (no crypto needed; the content only has to be garbage). */
export function garbage(bytes: number, seed = 1): Uint8Array {
  const out = new Uint8Array(bytes);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < bytes; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 0xff;
  }
  // Never starts with '<' or a BOM by accident.
  out[0] = 0x7f;
  return out;
}

/**
 * An imported `.3tz` whose only tile content lies at a remote URL (https://example.invalid/x.glb): the
 * browser must not fetch it (an import is local data; the host never resolves anyway) and should
 * say which content it could not load. For the browser's end-to-end test.
 */
export function makeRemoteUri3tz(dir: string): string {
  const tileset = {
    asset: { version: '1.1' },
    geometricError: 100,
    root: {
      boundingVolume: { region: [0.1239, 0.8971, 0.124, 0.8972, 0, 30] },
      geometricError: 0,
      refine: 'ADD',
      content: { uri: 'https://example.invalid/x.glb' },
    },
  };
  const bytes = zipSync({ 'tileset.json': new TextEncoder().encode(JSON.stringify(tileset)) }, { level: 0 });
  return write(join(dir, 'remote-uri.3tz'), bytes);
}

// ---------------------------------------------------------------------------------------------------
// Shared by the cases

/** Input `<dir>/<name>` with `text`, output `<dir>/out`. */
export function single(name: string, text: string | Uint8Array) {
  return async (dir: string): Promise<CaseSetup> => ({
    inputs: [write(join(dir, name), text)],
    out: join(dir, 'out'),
  });
}

/** One good building next to `bad` (inner members), in `<dir>/<name>`. */
export function goodAndBad(name: string, bad: string, head = docHead()) {
  return single(name, head + goodBuilding('good', 0) + bad + DOC_TAIL);
}

/** Bytes in a mebibyte. */
export const MiB = 1 << 20;
