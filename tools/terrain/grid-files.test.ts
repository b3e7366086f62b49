import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { writeArrayBuffer } from 'geotiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openGridFile,
  TERRAIN_UNPACK_LIMITS,
  WINDOW_SIZE,
  type GridFile,
  type GridSpool,
} from './grid-files.ts';

const MIB = 1024 ** 2;

/** Every window of a grid, in order. */
async function windows(file: GridFile): Promise<Float32Array[]> {
  const { width, height } = file.geometry;
  const out: Float32Array[] = [];
  for (let wy = 0; wy * file.windowSize < height; wy++)
    for (let wx = 0; wx * file.windowSize < width; wx++) out.push(await file.readWindow(wx, wy));
  return out;
}

/** XYZ text of a `width` × `height` grid at 1 m in EPSG:25832, heights varying by node. */
function xyzText(width: number, height: number): string {
  const lines: string[] = [];
  for (let row = 0; row < height; row++)
    for (let column = 0; column < width; column++)
      lines.push(`${280000.5 + column} ${5652000.5 + row} ${(100 + column * 0.01 + row * 0.02).toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A crafted ZIP: the one entry of `zipSync({ [names[0]]: data })` with `pad` zero bytes after its deflate
 * stream counted into its declared compressed size (so the declared ratio looks harmless), listed in the
 * central directory once per name (names of equal length), every record pointing at that one local entry.
 */
function craftedZip(data: Uint8Array, names: string[], pad = 0): Uint8Array {
  const single = zipSync({ [names[0]!]: data });
  const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = single.length - 22;
  const directorySize = view(single).getUint32(end + 12, true);
  const directoryOffset = view(single).getUint32(end + 16, true);
  const local = single.slice(0, directoryOffset);
  const record = single.slice(directoryOffset, directoryOffset + directorySize);
  view(local).setUint32(18, view(local).getUint32(18, true) + pad, true);
  view(record).setUint32(20, view(record).getUint32(20, true) + pad, true);
  const out = new Uint8Array(local.length + pad + record.length * names.length + 22);
  out.set(local, 0);
  names.forEach((name, i) => {
    const copy = record.slice();
    copy.set(new TextEncoder().encode(name), 46);
    out.set(copy, local.length + pad + i * record.length);
  });
  const tail = view(out.subarray(out.length - 22));
  tail.setUint32(0, 0x06054b50, true);
  tail.setUint16(8, names.length, true);
  tail.setUint16(10, names.length, true);
  tail.setUint32(12, record.length * names.length, true);
  tail.setUint32(16, local.length + pad, true);
  return out;
}

describe('XYZ grid files', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-grid-files-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reads the same windows of a lattice wider than a window from the spool as from memory', async () => {
    // 1500 × 3 nodes at 1 m (EPSG:25832 metres): two windows across, the second 476 columns wide.
    const width = WINDOW_SIZE + 476;
    const lines: string[] = [];
    for (let row = 0; row < 3; row++)
      for (let column = 0; column < width; column++)
        if (column !== 1100 || row !== 1)
          lines.push(`${280000.5 + column} ${5652000.5 + row} ${column + row / 4}`);
    const file = path.join(work, 'wide.xyz');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const spool: GridSpool = { dir: work, files: 0 };
    const [spilled] = (await openGridFile(file, 'wide.xyz', spool)).files;
    const [held] = (await openGridFile(file, 'wide.xyz')).files;
    expect(spool.files).toBe(1);
    expect(spilled!.geometry).toMatchObject({ width, height: 3 });
    for (const wx of [0, 1]) expect(await spilled!.readWindow(wx, 0)).toEqual(await held!.readWindow(wx, 0));
    const east = await spilled!.readWindow(1, 0);
    expect(east.length).toBe(476 * 3);
    // Row 0 is the northernmost (y = 5652002.5); the missing node (column 1100, y = 5652001.5) is no data.
    expect(east[0]).toBe(WINDOW_SIZE + 0.5);
    expect(east[476 + 1100 - WINDOW_SIZE]).toBeNaN();
    expect(east[2 * 476 + 475]).toBe(width - 1);
  });

  it('names the file, its points and its lattice when the points fill too little of it', async () => {
    const file = path.join(work, 'stray.xyz');
    writeFileSync(file, '0 0 1\n1 0 1\n0 1 1\n30000 30000 1\n');
    await expect(openGridFile(file, 'stray.xyz', { dir: work, files: 0 })).rejects.toThrow(
      /^terrain: stray\.xyz: not an XYZ grid: expected points that fill at least 1\/16 of their lattice.*; got 4 points on a lattice of 30001 × 30001 nodes/,
    );
  });
});

describe('compressed grid files', () => {
  let work: string;
  /** 8 GiB of line breaks in ~8 MB: 8192 copies of one gzip member holding 1 MiB (multi-member gzip). */
  let bomb: Buffer;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'terrain-compressed-'));
    const member = gzipSync(Buffer.alloc(MIB, 0x0a), { level: 9 });
    bomb = Buffer.concat(Array.from({ length: 8192 }, () => member));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  /** The MiB a refused gzip says it had inflated when it stopped. */
  const inflatedMiB = (message: string) => Number(/to ([\d.]+) MiB so far/.exec(message)?.[1]);

  it('refuses a gzip bomb of XYZ text after a few MiB of its 8 GiB, naming the file and the limit', async () => {
    const file = path.join(work, 'bomb.xyz.gz');
    writeFileSync(file, bomb);
    const error = (await openGridFile(file, 'bomb.xyz.gz', { dir: work, files: 0 }).catch(
      (e: unknown) => e,
    )) as Error;
    expect(error.message).toMatch(
      /^terrain: bomb\.xyz\.gz: inflates more than 200-fold \(\d+ compressed bytes to [\d.]+ MiB so far; limit 200:1 past 16 MiB\): expected gzipped XYZ text or a GeoTIFF, which deflate far less; a gzip bomb\?$/,
    );
    // Stopped within 16 MiB plus 200 times what was read ahead: nowhere near the 8192 MiB (more than a
    // Node buffer may hold) it would inflate to.
    expect(inflatedMiB(error.message)).toBeLessThan(64);
  });

  it('refuses a gzip bomb named .tif.gz the same way, before holding it in memory', async () => {
    const file = path.join(work, 'bomb.tif.gz');
    writeFileSync(file, bomb);
    const error = (await openGridFile(file, 'bomb.tif.gz').catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^terrain: bomb\.tif\.gz: inflates more than 200-fold .*a gzip bomb\?$/);
    expect(inflatedMiB(error.message)).toBeLessThan(64);
  });

  it('refuses gzipped text without line breaks (zeros) after 64 KiB of one line', async () => {
    const file = path.join(work, 'zeros.xyz.gz');
    writeFileSync(file, gzipSync(Buffer.alloc(8 * MIB)));
    await expect(openGridFile(file, 'zeros.xyz.gz')).rejects.toThrow(
      /^terrain: zeros\.xyz\.gz: not an XYZ grid: the line from byte 0 runs past 65536 bytes without a line break; expected lines of three numbers "x y z"/,
    );
  });

  it('reads a multi-member gzip of XYZ text, split mid-line, like the plain file', async () => {
    const text = Buffer.from(xyzText(1100, 20));
    const plain = path.join(work, 'grid.xyz');
    const packed = path.join(work, 'grid.xyz.gz');
    writeFileSync(plain, text);
    const cut = Math.floor(text.length / 2) + 3;
    writeFileSync(packed, Buffer.concat([gzipSync(text.subarray(0, cut)), gzipSync(text.subarray(cut))]));
    const [expected] = (await openGridFile(plain, 'grid.xyz')).files;
    const [actual] = (await openGridFile(packed, 'grid.xyz.gz', { dir: work, files: 0 })).files;
    expect(actual!.geometry).toEqual(expected!.geometry);
    expect(actual!.geometry).toMatchObject({ width: 1100, height: 20 });
    expect(await windows(actual!)).toEqual(await windows(expected!));
  });

  it('names a truncated gzip and caps what a gzipped GeoTIFF may inflate to', async () => {
    const tiff = Buffer.from(
      writeArrayBuffer(
        Float32Array.from({ length: 400 * 400 }, (_, i) => 100 + (i % 977) / 10),
        {
          width: 400,
          height: 400,
          ModelPixelScale: [1, 1, 0],
          ModelTiepoint: [0, 0, 0, 280000, 5653000, 0],
          GTModelTypeGeoKey: 1,
          ProjectedCSTypeGeoKey: 25832,
        },
      ) as ArrayBuffer,
    );
    const plain = path.join(work, 'small.tif');
    const packed = path.join(work, 'small.tif.gz');
    writeFileSync(plain, tiff);
    writeFileSync(packed, gzipSync(tiff));
    const [expected] = (await openGridFile(plain, 'small.tif')).files;
    const [actual] = (await openGridFile(packed, 'small.tif.gz')).files;
    expect(actual!.geometry).toEqual(expected!.geometry);
    expect(actual!.epsg).toBe(25832);
    expect(await windows(actual!)).toEqual(await windows(expected!));
    // 640 kB of raster over a limit of 0.5 MiB (the default is TERRAIN_UNPACK_LIMITS.maxEntryBytes).
    await expect(openGridFile(packed, 'small.tif.gz', undefined, { maxEntryBytes: MIB / 2 })).rejects.toThrow(
      /^terrain: small\.tif\.gz: inflates past 0\.5 MiB, the limit for a gzipped GeoTIFF, which is unpacked in memory; unpack it \(gunzip\)/,
    );
    const cut = path.join(work, 'cut.tif.gz');
    writeFileSync(cut, gzipSync(tiff).subarray(0, 5000));
    await expect(openGridFile(cut, 'cut.tif.gz')).rejects.toThrow(
      /^terrain: cut\.tif\.gz: expected a gzip file, but it could not be unpacked: unexpected end of file/,
    );
  });

  it('refuses a ZIP over 2 GiB before reading it, naming its size and what to do', async () => {
    // sparse: 3 GiB on no disk space; refused by its size, never read
    const file = path.join(work, 'huge.zip');
    writeFileSync(file, '');
    truncateSync(file, 3 * 1024 ** 3);
    await expect(openGridFile(file, 'huge.zip')).rejects.toThrow(
      /^terrain: huge\.zip: 3221225472 bytes: a ZIP is read into memory whole, and at most 2147483647 bytes \(2 GiB\) can be; unzip it/,
    );
    rmSync(file);
  });

  it('refuses ZIP entries that overlap, inflate over the ratio (declared or real) or past the size limits', async () => {
    const lines = new TextEncoder().encode('\n'.repeat(20 * MIB));
    // The archive refused as a whole, or (an entry's own fault) its only entry refused.
    const refuse = async (zip: Uint8Array, limits = {}) => {
      writeFileSync(path.join(work, 'crafted.zip'), zip);
      const opened = await openGridFile(
        path.join(work, 'crafted.zip'),
        'crafted.zip',
        undefined,
        limits,
      ).catch((e: unknown) => e as Error);
      if (opened instanceof Error) return opened.message;
      expect(opened.files).toEqual([]);
      expect(opened.errors).toHaveLength(1);
      expect(opened.errors[0]!.file).toMatch(/^crafted\.zip:/);
      return opened.errors[0]!.message;
    };
    // One 10 kB deflate stream listed as eleven entries: 11 × 1 MiB from 10 kB, each entry within limits.
    const names = Array.from({ length: 11 }, (_, i) => `tile${String(i).padStart(2, '0')}.xyz`);
    expect(await refuse(craftedZip(new Uint8Array(MIB).fill(0x0a), names))).toMatch(
      /^terrain: crafted\.zip: entry tile00\.xyz and entry tile01\.xyz overlap .*a crafted ZIP \(ZIP bomb\?\) is not read$/,
    );
    // 20 MiB from ~20 kB, declared honestly.
    expect(await refuse(zipSync({ 'a/bomb.xyz': lines }))).toMatch(
      /^terrain: crafted\.zip: entry a\/bomb\.xyz inflates \d+-fold .*limit 200:1 above 16 MiB\); a ZIP bomb\?$/,
    );
    // The same behind 300 kB of padding declared as compressed data: caught by the real ratio while inflating.
    expect(await refuse(craftedZip(lines, ['bomb.xyz'], 300_000))).toMatch(
      /^terrain: crafted\.zip: entry bomb\.xyz inflates past 200:1 \(\d+ compressed bytes to [\d.]+ MiB so far, though \d+ are declared/,
    );
    const grid = new TextEncoder().encode(xyzText(100, 100));
    expect(await refuse(zipSync({ 'a.xyz': grid }), { maxEntryBytes: 100_000 })).toMatch(
      /^terrain: crafted\.zip: entry a\.xyz inflates past 0\.1 MiB \(to 0\.2 MiB; limit 0\.1 MiB per entry\)$/,
    );
    expect(
      await refuse(zipSync({ 'a.xyz': grid, 'b.xyz': grid, 'notes.pdf': lines }), { maxTotalBytes: 400_000 }),
    ).toMatch(/^terrain: crafted\.zip: entries inflate past 0\.4 MiB in total \(limit 0\.4 MiB\)$/);
    expect(await refuse(zipSync({ 'notes.pdf': grid }))).toMatch(
      /^terrain: crafted\.zip: expected a ZIP archive holding \.tif, \.xyz or \.asc grids, found none$/,
    );
    // Within the limits, the entries read (sorted by name); other files are left alone.
    writeFileSync(path.join(work, 'fine.zip'), zipSync({ 'b.xyz': grid, 'a.xyz': grid, 'notes.pdf': lines }));
    const { files } = await openGridFile(path.join(work, 'fine.zip'), 'fine.zip');
    expect(files.map((file) => file.name)).toEqual(['fine.zip:a.xyz', 'fine.zip:b.xyz']);
    expect(TERRAIN_UNPACK_LIMITS.maxRatio).toBe(200);
  });

  it("reads a ZIP's grids beside a readme.txt, naming the entry that is no grid", async () => {
    // Some portals name XYZ text .txt, and their archives may hold a licence or readme as .txt too.
    const grid = new TextEncoder().encode(xyzText(50, 50));
    const readme = new TextEncoder().encode('Datenlizenz Deutschland – Namensnennung – Version 2.0\n');
    writeFileSync(path.join(work, 'portal.zip'), zipSync({ 'dgm/a.txt': grid, 'dgm/readme.txt': readme }));
    const { files, errors } = await openGridFile(path.join(work, 'portal.zip'), 'portal.zip');
    expect(files.map((file) => file.name)).toEqual(['portal.zip:dgm/a.txt']);
    expect(errors).toEqual([
      {
        file: 'portal.zip:dgm/readme.txt',
        message: expect.stringMatching(
          /^terrain: portal\.zip:dgm\/readme\.txt: not an XYZ grid: expected a grid of at least 2 × 2 points, got 0$/,
        ),
      },
    ]);
  });

  it('takes the CRS of a text grid from the .prj beside it, in a folder or in a ZIP, and says why a .prj gave none', async () => {
    const asc = 'ncols 2\nnrows 2\nxllcorner 280000\nyllcorner 5652000\ncellsize 1\n1 2\n3 4\n';
    const prj25833 =
      'PROJCS["ETRS89 / UTM zone 33N",GEOGCS["ETRS89",DATUM["European_Terrestrial_Reference_System_1989",SPHEROID["GRS 1980",6378137,298.257222101]]],PROJECTION["Transverse_Mercator"],AUTHORITY["EPSG","25833"]]';
    writeFileSync(path.join(work, 'berlin.asc'), asc);
    writeFileSync(path.join(work, 'berlin.prj'), prj25833);
    expect((await openGridFile(path.join(work, 'berlin.asc'), 'berlin.asc')).files[0]!.epsg).toBe(25833);
    // `name.asc.prj` too, and gzipped grids; none without a .prj
    writeFileSync(path.join(work, 'gz.asc.gz'), gzipSync(asc));
    writeFileSync(path.join(work, 'gz.asc.prj'), prj25833);
    expect((await openGridFile(path.join(work, 'gz.asc.gz'), 'gz.asc.gz')).files[0]!.epsg).toBe(25833);
    writeFileSync(path.join(work, 'bare.asc'), asc);
    expect((await openGridFile(path.join(work, 'bare.asc'), 'bare.asc')).files[0]).not.toHaveProperty('epsg');
    const encode = (text: string) => new TextEncoder().encode(text);
    writeFileSync(
      path.join(work, 'asc.zip'),
      zipSync({
        'dgm/a.asc': encode(asc),
        'dgm/a.prj': encode(prj25833),
        'dgm/b.asc': encode(asc),
        'dgm/b.prj': encode('GEOCCS["x"]'),
      }),
    );
    const { files } = await openGridFile(path.join(work, 'asc.zip'), 'asc.zip');
    expect(files.map(({ name, epsg, crsProblem }) => ({ name, epsg, crsProblem }))).toEqual([
      { name: 'asc.zip:dgm/a.asc', epsg: 25833, crsProblem: undefined },
      {
        name: 'asc.zip:dgm/b.asc',
        epsg: undefined,
        crsProblem:
          'asc.zip:dgm/b.prj: not a coordinate system description (expected WKT starting with PROJCS[ or GEOGCS[)',
      },
    ]);
  });
});
