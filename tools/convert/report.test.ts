import { describe, expect, it } from 'vitest';
import { createCityGmlReader } from '../../src/core/citygml/index.ts';
import { ConversionSession } from '../../src/core/convert/session.ts';
import { cityModelDocument } from '../../src/core/convert/test-documents.ts';
import { shiftLines } from './report.ts';

describe('shiftLines', () => {
  it("moves a piece's line numbers to the whole file's, in the fields and in the messages", () => {
    // a piece whose building is cut off by a syntax error, read as the converter reads a piece
    const piece = cityModelDocument(
      '<cityObjectMember>\n<bldg:Building gml:id="B1">\n<bldg:lod2MultiSurface>\n</bldg:Building>\n',
    );
    const session = new ConversionSession({ heights: 'none' });
    const reader = createCityGmlReader({ file: 'big.gml' });
    try {
      for (const record of reader.write(piece)) session.add(record, 'big.gml');
      reader.close();
    } catch (error) {
      session.addReadError(error, 'big.gml');
    }
    const { report } = session;
    expect(report.errors[0]?.line).toBe(6);
    expect(report.errors[0]?.message).toMatch(/big\.gml:6:\d+: /);
    expect(report.dropped[0]).toMatchObject({ id: 'B1', line: 4 });
    expect(report.dropped[0]?.reason).toContain('(error at line 6)');

    shiftLines(report, 100_000);
    expect(report.errors[0]?.line).toBe(100_006);
    expect(report.errors[0]?.message).toMatch(/big\.gml:100006:\d+: /);
    expect(report.dropped[0]).toMatchObject({ id: 'B1', line: 100_004 });
    expect(report.dropped[0]?.reason).toContain('(error at line 100006)');
  });
});
