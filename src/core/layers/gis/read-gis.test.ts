/**
 * `readGisDataset` on ZIPs built here: entries are inflated one dataset at a time and only those read,
 * and hostile archives (entries sharing their data, a padded compressed size) are refused with a problem
 * naming the archive. Formats on real files: test/vector-formats.data.test.ts.
 */
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readGisDataset } from './read-gis.ts';

const text = (s: string) => new TextEncoder().encode(s);

/** A KML document of one point placemark named `name` at lon/lat. */
const kml = (name: string, lon: number, lat: number) =>
  text(
    `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>` +
      `<Placemark><name>${name}</name><Point><coordinates>${lon},${lat}</coordinates></Point></Placemark>` +
      `</Document></kml>\n`,
  );

/** `zip` with the deflate data of entry `name` made invalid (block type 3), its directory left intact. */
function damageEntry(zip: Uint8Array, name: string): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 30 <= out.length; at += 1) {
    if (view.getUint32(at, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(at + 26, true);
    if (new TextDecoder().decode(out.subarray(at + 30, at + 30 + nameLength)) !== name) continue;
    expect(view.getUint16(at + 8, true)).toBe(8);
    out[at + 30 + nameLength + view.getUint16(at + 28, true)] = 0xff;
    return out;
  }
  throw new Error(`no entry ${name}`);
}

/**
 * A ZIP whose directory lists `names` (of equal length), every record pointing at the one local entry of
 * `zipSync({ [names[0]]: data })`: the overlapping-entries bomb of the fuzzing run, small.
 */
function sharedDataZip(data: Uint8Array, names: string[]): Uint8Array {
  const single = zipSync({ [names[0] as string]: data });
  const view = new DataView(single.buffer);
  const end = single.length - 22;
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  const record = single.subarray(offset, offset + size);
  const out = new Uint8Array(offset + size * names.length + 22);
  out.set(single.subarray(0, offset));
  names.forEach((name, i) => {
    out.set(record, offset + i * size);
    out.set(text(name), offset + i * size + 46);
  });
  out.set(single.subarray(end), out.length - 22);
  const outView = new DataView(out.buffer);
  outView.setUint16(out.length - 22 + 8, names.length, true);
  outView.setUint16(out.length - 22 + 10, names.length, true);
  outView.setUint32(out.length - 22 + 12, size * names.length, true);
  return out;
}

describe('GIS ZIPs', () => {
  it('refuses entries sharing their data with a problem naming the archive, before inflating any', async () => {
    const data = kml('Rathaus', 13.41, 52.52);
    const once = await readGisDataset([{ name: 'drop.zip', bytes: sharedDataZip(data, ['a.kml']) }]);
    expect(once.problems).toEqual([]);
    expect(once.features.length).toBe(1);
    const bomb = sharedDataZip(data, ['a.kml', 'b.kml', 'c.kml', 'd.kml']);
    const layer = await readGisDataset([{ name: 'drop.zip', bytes: bomb }]);
    expect(layer.features).toEqual([]);
    expect(layer.problems).toEqual([
      {
        file: 'drop.zip',
        line: 1,
        message: expect.stringMatching(
          /^drop\.zip: entry a\.kml and entry b\.kml overlap \(bytes 0–\d+ of the archive belong to both\); a crafted ZIP \(ZIP bomb\?\) is not read$/,
        ) as unknown,
      },
    ]);
  });

  it('inflates each dataset when it is read: a damaged entry is a problem of its dataset only', async () => {
    const zip = zipSync({
      'a.kml': kml('Rathaus', 13.41, 52.52),
      'b.kml': kml('Bahnhof', 13.37, 52.53),
      'c.kml': kml('Schule', 13.45, 52.5),
    });
    const layer = await readGisDataset([{ name: 'drop.zip', bytes: damageEntry(zip, 'b.kml') }]);
    expect(layer.features.map((f) => f.properties.name)).toEqual(['Rathaus', 'Schule']);
    expect(layer.problems).toEqual([
      {
        file: 'drop.zip/b.kml',
        line: 1,
        message: expect.stringMatching(/^drop\.zip: entry b\.kml: .*\(damaged ZIP\)$/) as unknown,
      },
    ]);
  });

  it('leaves other entries of a ZIP and of a KMZ uninflated', async () => {
    // A damaged entry that is not GIS data, and a damaged .kml beside a KMZ's doc.kml, are never read.
    const zip = zipSync({
      'liesmich.txt': text('Hallo '.repeat(200)),
      'a.kml': kml('Rathaus', 13.41, 52.52),
    });
    const layer = await readGisDataset([{ name: 'drop.zip', bytes: damageEntry(zip, 'liesmich.txt') }]);
    expect(layer.problems).toEqual([]);
    expect(layer.features.length).toBe(1);
    const kmz = zipSync({ 'doc.kml': kml('Rathaus', 13.41, 52.52), 'files/alt.kml': kml('Alt', 13, 52) });
    const fromKmz = await readGisDataset([{ name: 'karte.kmz', bytes: damageEntry(kmz, 'files/alt.kml') }]);
    expect(fromKmz.problems).toEqual([]);
    expect(fromKmz.features.map((f) => f.properties.name)).toEqual(['Rathaus']);
  });

  it('refuses an entry inflating past the ratio limit once its real output shows it', async () => {
    // 4 MiB of spaces inside a KML deflate ~1000:1; the directory's compressed size is padded so that it
    // claims under 200:1. Padding follows the data, inside the declared compressed size.
    const big = new Uint8Array(4 * 1024 ** 2 + 200).fill(0x20);
    big.set(kml('Rathaus', 13.41, 52.52).subarray(0, 200));
    const single = zipSync({ 'a.kml': big });
    const view = new DataView(single.buffer);
    const end = single.length - 22;
    const offset = view.getUint32(end + 16, true);
    const pad = 32 * 1024;
    const out = new Uint8Array(single.length + pad);
    out.set(single.subarray(0, offset));
    out.set(single.subarray(offset), offset + pad);
    const outView = new DataView(out.buffer);
    outView.setUint32(18, view.getUint32(18, true) + pad, true);
    outView.setUint32(offset + pad + 20, view.getUint32(offset + 20, true) + pad, true);
    outView.setUint32(out.length - 22 + 16, offset + pad, true);
    const layer = await readGisDataset([{ name: 'drop.zip', bytes: out }]);
    expect(layer.features).toEqual([]);
    expect(layer.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^drop\.zip: entry a\.kml inflates past 200:1 .*; a ZIP bomb\?$/),
    ]);
  });
});
