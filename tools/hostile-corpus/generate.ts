/**
 * The converter's hostile-input corpus: inputs that real downloads, careless users or attackers hand
 * to `stadtmodell-convert`, each with the outcome a correct converter gives. Nothing here is committed
 * as data: every case writes its files when run (big ones streamed, never held in memory), so the
 * corpus costs no repository space and sizes can differ between the unit test and the benchmark.
 *
 * Used by tools/hostile-corpus/hostile.test.ts (test-sized cases, every run bounded in time) and
 * bench/hostile-inputs.ts (all cases, with the big variants, recording time and peak RSS).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { crc32, gzipSync } from 'node:zlib';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import { OUTPUT_MARKER } from '../convert/output.ts';

/** What a case's `make` prepared: the command line (inputs, `--out`) and what to check afterwards. */
export interface CaseSetup {
  /** Input arguments as passed to the bin (absolute paths unless `cwd` is set). */
  inputs: string[];
  /** The `--out` argument. */
  out: string;
  /** Working directory of the run (default: the case directory). */
  cwd?: string;
  /** Paths (relative to the case directory) that must still exist unchanged (size, mtime, bytes). */
  survivors?: string[];
  /** Paths (relative to the case directory, may lead out of it) that must not exist after the run. */
  mustNotExist?: string[];
  /** Temporaries of other processes put next to `--out` that the run must clean up. */
  staleTemporaries?: string[];
}

/** The outcome a correct converter gives for one case. */
export interface CaseExpectation {
  /** Allowed exit codes. */
  exitCodes: (0 | 1 | 2)[];
  /** Names the file and what was expected: stderr must match it when the exit code is not 0. */
  message: RegExp;
  /**
   * When the run exits 0: stderr plus report.json's dropped/warnings/errors (one line each,
   * `file:line id reason`) must match it, e.g. the dropped building and why.
   */
  reportMessage?: RegExp;
  /** report.json `buildings` counts, when the case fixes them. */
  read?: number;
  written?: number;
  writtenAtLeast?: number;
  dropped?: number;
  /** Byte strings that must appear in some output file (e.g. an attribute kept as text). */
  outputContains?: string[];
  /** Byte strings that must appear in no output file and not on stderr (secrets, injected content). */
  outputLacks?: string[];
  /** Peak resident set size the run must stay under, MiB (checked where `/usr/bin/time` exists). */
  maxRssMiB?: number;
}

/** Where a case runs: the unit test, the benchmark, both, or only the browser's end-to-end test. */
export type CaseScope = 'both' | 'test' | 'bench' | 'browser';

/** One hostile input. */
export interface HostileCase {
  name: string;
  description: string;
  scope: CaseScope;
  /** Writes the case's files into `dir` (an empty directory) and says how to run it. */
  make(dir: string): Promise<CaseSetup>;
  /** Extra CLI flags. */
  args?: string[];
  /**
   * Convert a small good input into `--out` before the run, so a failing run can be checked for
   * leaving that previous output byte-identical.
   */
  previous?: boolean;
  /** Run this many processes at once on the same `--out` (default 1). */
  concurrent?: number;
  expect: CaseExpectation;
}

// ---------------------------------------------------------------------------------------------------
// CityGML building blocks

const NS =
  'xmlns="http://www.opengis.net/citygml/2.0" xmlns:gml="http://www.opengis.net/gml" ' +
  'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" xmlns:xlink="http://www.w3.org/1999/xlink" ' +
  'xmlns:app="http://www.opengis.net/citygml/appearance/2.0" xmlns:gen="http://www.opengis.net/citygml/generics/2.0"';

/** UTM zone 32N around Wesel, inside EPSG:25832's area of use. */
const X0 = 330_000;
const Y0 = 5_730_000;

/** Document head up to and including the CityModel start tag. */
export function docHead(srsName = 'EPSG:25832', prolog = ''): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}<CityModel ${NS}>\n` +
    `<gml:boundedBy><gml:Envelope srsName="${srsName}" srsDimension="3">` +
    `<gml:lowerCorner>${X0} ${Y0} 0</gml:lowerCorner><gml:upperCorner>${X0 + 1000} ${Y0 + 1000} 30</gml:upperCorner>` +
    `</gml:Envelope></gml:boundedBy>\n`
  );
}

export const DOC_TAIL = '</CityModel>\n';

function ring(points: readonly (readonly [number | string, number | string, number | string])[]): string {
  return points.map((p) => p.join(' ')).join(' ');
}

function polygon(id: string, posList: string): string {
  return (
    `<gml:surfaceMember><gml:Polygon gml:id="${id}"><gml:exterior><gml:LinearRing gml:id="${id}_r">` +
    `<gml:posList srsDimension="3">${posList}</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember>`
  );
}

/** Ground, roof and four walls of a 10 m × 10 m × 8 m box whose corner is `at` (metres from X0/Y0). */
function boxPolygons(id: string, at: number): string {
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

function stringAttribute(name: string, value: string): string {
  return `<gen:stringAttribute name="${name}"><gen:value>${value}</gen:value></gen:stringAttribute>`;
}

// ---------------------------------------------------------------------------------------------------
// File helpers

function write(path: string, data: string | Uint8Array): string {
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
function texturedBuilding(id: string, at: number, imageUri: string): string {
  const appearance =
    `<app:appearance><app:Appearance><app:theme>rgbTexture</app:theme><app:surfaceDataMember>` +
    `<app:ParameterizedTexture><app:imageURI>${imageUri}</app:imageURI><app:mimeType>image/png</app:mimeType>` +
    `<app:target uri="#${id}_p1"><app:TexCoordList><app:textureCoordinates ring="#${id}_p1_r">` +
    `0 0 1 0 1 1 0 1 0 0</app:textureCoordinates></app:TexCoordList></app:target>` +
    `</app:ParameterizedTexture></app:surfaceDataMember></app:Appearance></app:appearance>`;
  return goodBuilding(id, at, appearance);
}

/** Creates a FIFO (named pipe); nothing ever writes to it, so a reader that opens it blocks forever. */
function mkfifo(path: string): void {
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
function garbage(bytes: number, seed = 1): Uint8Array {
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
// The cases

/** Input `<dir>/<name>` with `text`, output `<dir>/out`. */
function single(name: string, text: string | Uint8Array) {
  return async (dir: string): Promise<CaseSetup> => ({
    inputs: [write(join(dir, name), text)],
    out: join(dir, 'out'),
  });
}

/** One good building next to `bad` (inner members), in `<dir>/<name>`. */
function goodAndBad(name: string, bad: string, head = docHead()) {
  return single(name, head + goodBuilding('good', 0) + bad + DOC_TAIL);
}

const MiB = 1 << 20;

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

function utf16le(text: string): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** A building whose only surface is reached through nested XLinks that form the cycle a → b → a. */
const XLINK_CYCLE = buildingMember(
  'cycle',
  `<gml:surfaceMember><gml:CompositeSurface gml:id="a"><gml:surfaceMember xlink:href="#b"/></gml:CompositeSurface></gml:surfaceMember>` +
    `<gml:surfaceMember><gml:CompositeSurface gml:id="b"><gml:surfaceMember xlink:href="#a"/></gml:CompositeSurface></gml:surfaceMember>`,
);

/** Whole case list; `scope` says where each runs. */
export const HOSTILE_CASES: HostileCase[] = [
  // --- --out safety -------------------------------------------------------------------------------
  {
    name: 'out-folder-with-other-files',
    description: '--out names an existing folder with files the converter did not write',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'out/notes.txt'), 'my notes\n');
      write(join(dir, 'out/photos/holiday.jpg'), garbage(4096));
      return {
        inputs: [write(join(dir, 'city.gml'), goodDocument(2))],
        out: join(dir, 'out'),
        survivors: ['out/notes.txt', 'out/photos/holiday.jpg', 'city.gml'],
      };
    },
    expect: {
      exitCodes: [2],
      message:
        /out[^\n]*(--force|not (a|written by)|refus|contains)|(--force|not (a|written by)|refus|contains)[^\n]*out/i,
    },
  },
  {
    name: 'out-is-input-folder',
    description: '--out is the folder the inputs are read from',
    scope: 'both',
    make: async (dir) => ({
      inputs: [write(join(dir, 'data/city.gml'), goodDocument(2))],
      out: join(dir, 'data'),
      survivors: ['data/city.gml'],
    }),
    expect: {
      exitCodes: [2],
      message:
        /data[^\n]*(--force|input|not (a|written by)|refus|contains)|(--force|input|not (a|written by)|refus|contains)[^\n]*data/i,
    },
  },
  {
    name: 'out-is-cwd',
    description: '--out . in the folder that holds the input',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'work/city.gml'), goodDocument(2));
      write(join(dir, 'work/todo.txt'), 'keep me\n');
      return {
        inputs: ['city.gml'],
        out: '.',
        cwd: join(dir, 'work'),
        survivors: ['work/city.gml', 'work/todo.txt'],
      };
    },
    expect: { exitCodes: [2], message: /(--force|input|not (a|written by)|refus|contains|current)/i },
  },
  {
    name: 'out-is-a-file',
    description: '--out names an existing regular file',
    scope: 'both',
    make: async (dir) => ({
      inputs: [write(join(dir, 'city.gml'), goodDocument(1))],
      out: write(join(dir, 'result.txt'), 'an unrelated file\n'),
      survivors: ['result.txt', 'city.gml'],
    }),
    expect: {
      exitCodes: [2],
      message:
        /result\.txt[^\n]*(not a (directory|folder)|file|--force|refus)|(not a (directory|folder)|file|--force|refus)[^\n]*result\.txt/i,
    },
  },
  {
    name: 'out-inside-input',
    description:
      '--out is a new folder inside the input folder (refused, or written without touching inputs)',
    scope: 'both',
    make: async (dir) => ({
      inputs: [join(dir, 'data')],
      out: join(dir, 'data/tiles'),
      survivors: [
        write(join(dir, 'data/a.gml'), goodDocument(1, 'a')).slice(dir.length + 1),
        write(join(dir, 'data/b.gml'), goodDocument(1, 'b')).slice(dir.length + 1),
      ],
    }),
    expect: { exitCodes: [0, 2], message: /(tiles|data)/ },
  },
  {
    name: 'out-previous-output-replaced',
    description: 'a second run into the previous output of the converter replaces it (no --force needed)',
    scope: 'both',
    previous: true,
    make: single('city.gml', goodDocument(3)),
    expect: { exitCodes: [0], message: /city\.gml/, read: 3, written: 3, dropped: 0 },
  },
  {
    name: 'out-read-only',
    description: '--out lies where nothing can be created (read-only; /sys when running as root)',
    scope: 'both',
    make: async (dir) => {
      const input = write(join(dir, 'city.gml'), goodDocument(1));
      if (process.getuid?.() === 0)
        return { inputs: [input], out: `/sys/stadtmodell-hostile-${process.pid}/out` };
      mkdirSync(join(dir, 'locked'));
      spawnSync('chmod', ['0555', join(dir, 'locked')]);
      return { inputs: [input], out: join(dir, 'locked/out') };
    },
    expect: {
      exitCodes: [1, 2],
      message:
        /(stadtmodell-hostile-\d+|locked)[^\n]*(permi|read-only|EACCES|EPERM|EROFS|cannot)|(permi|read-only|EACCES|EPERM|EROFS|cannot)[^\n]*(stadtmodell-hostile-\d+|locked)/i,
    },
  },
  {
    name: 'concurrent-runs-same-out',
    description: 'two processes convert into the same --out at once',
    scope: 'both',
    concurrent: 2,
    make: async (dir) => {
      // Enough buildings that the two runs overlap.
      let members = '';
      for (let i = 0; i < 400; i++) members += goodBuilding(`c${i}`, i % 40);
      return {
        inputs: [write(join(dir, 'city.gml'), docHead() + members + DOC_TAIL)],
        out: join(dir, 'out'),
      };
    },
    expect: { exitCodes: [0, 1, 2], message: /out/ },
  },
  {
    name: 'stale-temporaries-dead-pid',
    description: '<out>.tmp-PID, .spool-PID and .old-PID left by a process that no longer exists',
    scope: 'both',
    make: async (dir) => {
      const pid = deadPid();
      write(join(dir, `out.tmp-${pid}/tileset.json`), '{}');
      write(join(dir, `out.spool-${pid}`), garbage(1024));
      // What a run that died between the two renames of its commit leaves: its previous output moved
      // aside, with the marker that makes it ours (a marker-less one is a user's --force directory,
      // moved back, never deleted: see output.test.ts).
      write(join(dir, `out.old-${pid}/tileset.json`), '{}');
      write(
        join(dir, `out.old-${pid}/${OUTPUT_MARKER}`),
        JSON.stringify({ tool: 'stadtmodell-convert', version: '0', files: ['tileset.json'] }),
      );
      return {
        inputs: [write(join(dir, 'city.gml'), goodDocument(1))],
        out: join(dir, 'out'),
        staleTemporaries: [`out.tmp-${pid}`, `out.spool-${pid}`, `out.old-${pid}`],
      };
    },
    expect: { exitCodes: [0], message: /city\.gml/, read: 1, written: 1 },
  },

  // --- inputs that find nothing ------------------------------------------------------------------
  {
    name: 'input-missing',
    description: 'an input path that does not exist',
    scope: 'both',
    previous: true,
    make: async (dir) => ({ inputs: [join(dir, 'nowhere.gml')], out: join(dir, 'out') }),
    expect: {
      exitCodes: [1, 2],
      message:
        /nowhere\.gml[^\n]*(no such|not found|does not exist)|(no such|not found|does not exist)[^\n]*nowhere\.gml/i,
    },
  },
  {
    name: 'input-dir-without-citygml',
    description: 'an input folder with no CityGML in it',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'docs/readme.txt'), 'nothing here\n');
      write(join(dir, 'docs/plan.pdf'), garbage(2048));
      return { inputs: [join(dir, 'docs')], out: join(dir, 'out'), survivors: ['docs/readme.txt'] };
    },
    expect: { exitCodes: [1, 2], message: /docs[^\n]*no CityGML|no CityGML[^\n]*docs/i },
  },
  {
    name: 'glob-matching-nothing',
    description: 'a glob that matches no file',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'a.txt'), 'x');
      return { inputs: [join(dir, '*.gml')], out: join(dir, 'out') };
    },
    expect: {
      exitCodes: [1, 2],
      message: /\*\.gml[^\n]*(no file|nothing|match)|(no file|nothing|match)[^\n]*\*\.gml/i,
    },
  },
  {
    name: 'zip-without-citygml',
    description: 'a .zip that holds no CityGML entry',
    scope: 'both',
    previous: true,
    make: single(
      'docs.zip',
      zipSync({ 'readme.txt': new TextEncoder().encode('hello'), 'img/a.png': pngWithMarker('x') }),
    ),
    expect: {
      exitCodes: [1],
      message:
        /docs\.zip[^\n]*(no CityGML|no \.gml|nothing|no (city|document))|(no CityGML|no \.gml|nothing|no (city|document))[^\n]*docs\.zip/i,
    },
  },
  {
    name: 'symlink-loop-in-input-dirs',
    description: 'input folders that link to each other in a loop, plus one real file',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'in/x/city.gml'), goodDocument(1));
      mkdirSync(join(dir, 'in/y'), { recursive: true });
      symlinkSync(join(dir, 'in/y'), join(dir, 'in/x/to-y'));
      symlinkSync(join(dir, 'in/x'), join(dir, 'in/y/to-x'));
      symlinkSync(join(dir, 'in'), join(dir, 'in/self'));
      return { inputs: [join(dir, 'in')], out: join(dir, 'out') };
    },
    expect: { exitCodes: [0], message: /city\.gml/, read: 1, written: 1 },
  },
  {
    name: 'symlink-self-loop-file',
    description: 'an input file that is a symbolic link to itself (ELOOP)',
    scope: 'both',
    make: async (dir) => {
      const path = join(dir, 'loop.gml');
      symlinkSync(path, path);
      return { inputs: [path], out: join(dir, 'out') };
    },
    expect: {
      exitCodes: [1, 2],
      message: /loop\.gml[^\n]*(loop|symbolic|ELOOP)|(loop|symbolic|ELOOP)[^\n]*loop\.gml/i,
    },
  },
  {
    name: 'input-is-fifo',
    description: 'an input named .gml that is a FIFO nobody writes to',
    scope: 'both',
    make: async (dir) => {
      mkfifo(join(dir, 'pipe.gml'));
      return { inputs: [join(dir, 'pipe.gml')], out: join(dir, 'out') };
    },
    expect: {
      exitCodes: [1, 2],
      message:
        /pipe\.gml[^\n]*(not a (regular )?file|fifo|pipe|special)|(not a (regular )?file|fifo|pipe|special)[^\n]*pipe\.gml/i,
    },
  },

  // --- not CityGML at all --------------------------------------------------------------------------
  {
    name: 'binary-garbage',
    description: '1 MiB of random bytes named .gml',
    scope: 'both',
    previous: true,
    make: single('garbage.gml', garbage(MiB, 7)),
    expect: {
      exitCodes: [1],
      message:
        /garbage\.gml[^\n]*(XML|CityGML|markup|character|expected|not)|(XML|CityGML|markup|character|expected|not)[^\n]*garbage\.gml/i,
    },
  },
  {
    name: 'empty-file',
    description: 'a zero-byte .gml',
    scope: 'both',
    previous: true,
    make: single('empty.gml', ''),
    expect: {
      exitCodes: [1],
      message:
        /empty\.gml[^\n]*(empty|no (root|document|XML|CityGML|city))|(empty|no (root|document|XML|CityGML|city))[^\n]*empty\.gml/i,
    },
  },
  {
    name: 'html-error-page',
    description: 'an HTML error page saved as .gml (what a failed download gives)',
    scope: 'both',
    make: single(
      'download.gml',
      '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n',
    ),
    expect: {
      exitCodes: [1],
      message:
        /download\.gml[^\n]*(CityGML|CityModel|root|html|no city)|(CityGML|CityModel|root|html|no city)[^\n]*download\.gml/i,
    },
  },
  {
    name: 'citymodel-without-members',
    description: 'a valid CityModel with no city objects',
    scope: 'both',
    make: single('empty-model.gml', docHead() + DOC_TAIL),
    expect: { exitCodes: [1], message: /empty-model\.gml/ },
  },
  {
    name: 'gz-not-gzip',
    description: 'a .gml.gz that is not gzip data',
    scope: 'both',
    make: single('fake.gml.gz', goodDocument(1)),
    expect: {
      exitCodes: [1],
      message: /fake\.gml\.gz[^\n]*(gzip|gz|header|compress)|(gzip|gz|header|compress)[^\n]*fake\.gml\.gz/i,
    },
  },
  {
    name: 'zip-not-zip',
    description: 'a .zip of random bytes',
    scope: 'both',
    make: single('fake.zip', garbage(64 * 1024, 3)),
    expect: {
      exitCodes: [1],
      message:
        /fake\.zip[^\n]*(zip|archive|signature|central|invalid)|(zip|archive|signature|central|invalid)[^\n]*fake\.zip/i,
    },
  },
  {
    name: 'comment-never-closed',
    description: 'a document head followed by <!-- that never ends',
    scope: 'both',
    make: single('open-comment.gml', docHead() + '<!-- this comment never ends ' + 'x'.repeat(10_000)),
    expect: {
      exitCodes: [1],
      message:
        /open-comment\.gml[^\n]*(comment|end|unexpected|unclosed|truncat)|(comment|end|unexpected|unclosed|truncat)[^\n]*open-comment\.gml/i,
    },
  },
  {
    name: 'mixed-good-and-garbage-files',
    description:
      'a folder with one good file and one garbage file: the good one is converted, the bad one reported',
    scope: 'both',
    make: async (dir) => {
      write(join(dir, 'in/good.gml'), goodDocument(2));
      write(join(dir, 'in/junk.gml'), garbage(8192, 11));
      return { inputs: [join(dir, 'in')], out: join(dir, 'out') };
    },
    expect: { exitCodes: [0], message: /junk\.gml/, reportMessage: /junk\.gml/, read: 2, written: 2 },
  },

  // --- truncated and broken structure -------------------------------------------------------------
  {
    name: 'truncated-plain',
    description: 'a file cut off in the middle of its third building',
    scope: 'both',
    make: async (dir) => {
      const text = goodDocument(3);
      const cut = text.indexOf('b2_p3');
      return single('cut.gml', text.slice(0, cut))(dir);
    },
    expect: {
      exitCodes: [0],
      message: /cut\.gml/,
      reportMessage: /cut\.gml[^\n]*(truncat|end of (file|input|document)|unexpected end|cut off)/i,
      read: 3,
      written: 2,
      dropped: 1,
    },
  },
  {
    name: 'truncated-gz',
    description: 'a .gml.gz whose compressed stream is cut at 60 %',
    scope: 'both',
    make: async (dir) => {
      const gz = gzipSync(goodDocument(40));
      return single('cut.gml.gz', gz.subarray(0, Math.floor(gz.length * 0.6)))(dir);
    },
    expect: {
      exitCodes: [0],
      message: /cut\.gml\.gz/,
      reportMessage: /cut\.gml\.gz:[1-9]\d*[^\n]*(truncat|unexpected end|end of|gzip|incomplete)/i,
      writtenAtLeast: 1,
    },
  },
  {
    name: 'unclosed-tags',
    description: 'a building whose start tag is never closed (mismatched end tag), after a good one',
    scope: 'both',
    make: goodAndBad(
      'unclosed.gml',
      `<cityObjectMember><bldg:Building gml:id="open"><gml:name>x</gml:name>${boxPolygons('open', 2)}</cityObjectMember>\n`,
    ),
    expect: {
      exitCodes: [0, 1],
      message:
        /unclosed\.gml[^\n]*(mismatch|expected|unclosed|end tag|close)|(mismatch|expected|unclosed|end tag|close)[^\n]*unclosed\.gml/i,
      reportMessage: /unclosed\.gml[^\n]*(mismatch|expected|unclosed|end tag|close)/i,
    },
  },
  {
    name: 'deep-nesting-100k',
    description: '100 000 nested elements inside a building attribute',
    scope: 'both',
    make: goodAndBad(
      'deep.gml',
      `<cityObjectMember><bldg:Building gml:id="deep">${'<gen:x>'.repeat(100_000)}${'</gen:x>'.repeat(100_000)}` +
        `<bldg:lod2MultiSurface><gml:MultiSurface>${boxPolygons('deep', 2)}</gml:MultiSurface></bldg:lod2MultiSurface>` +
        `</bldg:Building></cityObjectMember>\n`,
    ),
    expect: {
      exitCodes: [0, 1],
      message: /deep\.gml[^\n]*(nest|deep|depth)|(nest|deep|depth)[^\n]*deep\.gml/i,
      writtenAtLeast: 1,
    },
  },

  // --- encodings -----------------------------------------------------------------------------------
  {
    name: 'utf16le-with-bom',
    description: 'a UTF-16LE document with BOM and matching declaration',
    scope: 'both',
    make: single('utf16.gml', utf16le(goodDocument(2).replace('encoding="UTF-8"', 'encoding="UTF-16"'))),
    expect: { exitCodes: [0], message: /utf16\.gml/, read: 2, written: 2 },
  },
  {
    name: 'utf8-bom',
    description: 'a UTF-8 document with a byte order mark',
    scope: 'both',
    make: single('bom.gml', '\ufeff' + goodDocument(2)),
    expect: { exitCodes: [0], message: /bom\.gml/, read: 2, written: 2 },
  },
  {
    name: 'encoding-declared-utf16-but-utf8',
    description: 'declares encoding="UTF-16" but the bytes are UTF-8 without BOM',
    scope: 'both',
    make: single('liar.gml', goodDocument(2).replace('encoding="UTF-8"', 'encoding="UTF-16"')),
    expect: {
      exitCodes: [0, 1],
      message: /liar\.gml[^\n]*(encoding|UTF-16)|(encoding|UTF-16)[^\n]*liar\.gml/i,
      reportMessage: /liar\.gml[^\n]*encoding="UTF-16", but the bytes are not UTF-16/,
    },
  },
  {
    name: 'encoding-unknown-name',
    description: 'declares encoding="x-klingon-42"',
    scope: 'both',
    make: single('klingon.gml', goodDocument(1).replace('encoding="UTF-8"', 'encoding="x-klingon-42"')),
    expect: {
      exitCodes: [0, 1],
      message: /klingon\.gml[^\n]*(encoding|x-klingon-42)|(encoding|x-klingon-42)[^\n]*klingon\.gml/i,
    },
  },

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

/** The cases the unit test runs. */
export const TEST_CASES = HOSTILE_CASES.filter((c) => c.scope === 'both' || c.scope === 'test');
/** The cases the benchmark runs (every CLI case, with the big variants instead of the test-sized ones). */
export const BENCH_CASES = HOSTILE_CASES.filter((c) => c.scope === 'both' || c.scope === 'bench');
