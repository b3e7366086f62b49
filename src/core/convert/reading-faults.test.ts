/**
 * The conversion session's accounting of reading faults: a city object cut off by a fault is listed
 * as dropped, and objects far outside their CRS's area of use are reported once per file.
 */
import { describe, expect, it } from 'vitest';
import { createCityGmlReader } from '../citygml/index.ts';
import { ConversionSession } from './session.ts';
import { cityModelDocument, squarePosList } from './test-documents.ts';

/** A box-shaped LoD2 building (four walls and a roof would do; one square roof suffices here) at x, y. */
function building(id: string, x: number, y: number, size: number): string {
  const ring = squarePosList(x, y, size, 10);
  return (
    `<cityObjectMember>\n<bldg:Building gml:id="${id}">\n<bldg:lod2MultiSurface><gml:MultiSurface>` +
    `<gml:surfaceMember><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>${ring}</gml:posList>` +
    `</gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>` +
    `</bldg:lod2MultiSurface>\n</bldg:Building>\n</cityObjectMember>\n`
  );
}

/** Reads `text` as `file` into the session as the converter does (faults via `addReadError`). */
function convert(session: ConversionSession, file: string, text: string): void {
  const reader = createCityGmlReader({ file });
  try {
    for (const record of reader.write(text)) session.add(record, file);
    const end = reader.close();
    for (const record of end.objects) session.add(record, file);
    session.addReadSummary(end.summary, file);
  } catch (error) {
    session.addReadError(error, file);
  }
}

describe('objects outside the area of use of their CRS', () => {
  it('warns once per file with the count and an example, and keeps the objects', () => {
    const session = new ConversionSession({ heights: 'none' });
    // latitude and longitude written into an ETRS89 / UTM zone 32N file: near 0°N 4.5°E
    const wrong =
      building('ok-1', 337_000, 5_728_000, 10) +
      building('latlon-1', 6.7, 51.6, 0.0001) +
      building('latlon-2', 6.8, 51.7, 0.0001);
    convert(session, 'wrong.gml', cityModelDocument(wrong));
    convert(session, 'right.gml', cityModelDocument(building('ok-2', 337_100, 5_728_100, 10)));
    const { report } = session;
    expect(report.buildings).toEqual({ read: 4, written: 4, dropped: 0 });
    const warnings = report.warnings.filter((w) => /area of use/.test(w.message));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'wrong.gml', line: 9, objectId: 'latlon-1' });
    expect(warnings[0]?.message).toMatch(
      /^2 of 3 objects lie outside the area of use of EPSG:25832 \(ETRS89 \/ UTM zone 32N\) \(6° to 12° E, 32\.8° to 84\.8° N, ± 3°\), e\.g\. latlon-1 at 4\.\d{3}° E 0\.\d{3}° N/,
    );
  });

  it('accepts data a little outside its zone (Bavaria east of 12°E in UTM zone 32)', () => {
    const session = new ConversionSession({ heights: 'none' });
    // 13.5°E 48.6°N (Passau) in UTM zone 32N
    convert(session, 'passau.gml', cityModelDocument(building('passau', 830_000, 5_398_000, 10)));
    expect(session.report.warnings.filter((w) => /area of use/.test(w.message))).toEqual([]);
  });
});

describe('reading faults', () => {
  const text = cityModelDocument(
    building('B1', 337_000, 5_728_000, 10) + building('B2', 337_100, 5_728_100, 10),
  );

  it('lists the building a truncated file ends inside as dropped', () => {
    const session = new ConversionSession({ heights: 'none' });
    convert(session, 'cut.gml', text.slice(0, text.indexOf('</gml:posList>', text.indexOf('B2'))));
    const { report } = session;
    expect(report.buildings).toEqual({ read: 2, written: 1, dropped: 1 });
    expect(report.dropped).toEqual([
      { id: 'B2', file: 'cut.gml', line: 9, reason: 'file ends inside this building' },
    ]);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: 'cut.gml', line: 10 });
    expect(report.errors[0]?.message).toMatch(/the document ends inside <gml:posList> \(truncated file\?\)/);
  });

  it('lists the building a syntax error stops reading in as dropped', () => {
    const session = new ConversionSession({ heights: 'none' });
    convert(session, 'bad.gml', text.replace('<gml:exterior>', '<gml:exterior><<'));
    expect(session.report.dropped).toEqual([
      {
        id: 'B1',
        file: 'bad.gml',
        line: 4,
        reason: 'reading stopped inside this building (error at line 5)',
      },
    ]);
    expect(session.report.buildings).toEqual({ read: 1, written: 0, dropped: 1 });
  });
});

describe('what a srsName is warned about', () => {
  it('is said once, at the first object with that srsName: its file, line and id', () => {
    const session = new ConversionSession({ heights: 'none' });
    // the short form EPSG:4326 is read longitude first (a warning says so), as GIS software writes it
    const document = cityModelDocument(
      building('first', 6.7, 51.6, 0.0001) + building('second', 6.8, 51.7, 0.0001),
      'EPSG:4326',
    );
    convert(session, 'lonlat.gml', document);
    convert(session, 'again.gml', document);
    expect(session.report.buildings).toEqual({ read: 4, written: 4, dropped: 0 });
    const crs = session.report.warnings.filter((w) => w.message.startsWith('CRS: '));
    expect(crs).toHaveLength(1);
    expect(crs[0]).toMatchObject({ file: 'lonlat.gml', line: 4, objectId: 'first' });
    expect(crs[0]?.message).toMatch(/longitude, latitude order.*said once, for the first object/);
  });
});
