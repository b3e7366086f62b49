import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openXPlanArchive, XPlanArchiveError } from './archive.ts';

const MIB = 1024 ** 2;
const plan = strToU8('<?xml version="1.0" encoding="UTF-8"?><XPlanAuszug/>');

/** Sets the declared inflated size of the entry `name` (local and central headers) to `size`. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const encoded = strToU8(name);
  const named = (at: number, nameAt: number) =>
    encoded.every((byte, i) => out[nameAt + i] === byte) && view.getUint16(at, true) === encoded.length;
  for (let at = 0; at + 46 <= out.length; at += 1) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && named(at + 26, at + 30)) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50 && named(at + 28, at + 46)) view.setUint32(at + 24, size, true);
  }
  return out;
}

describe('XPlanGML archive bombs', () => {
  const bomb = new Uint8Array(8 * MIB);

  it('refuses extracted entries past the per-entry cap or ratio before inflating them', () => {
    const zip = zipSync({ 'xplan.gml': plan, 'plan.pgw': bomb });
    const extract = (name: string) => name.endsWith('.pgw');
    expect(() =>
      openXPlanArchive(zip, { file: 'p.zip', extract, limits: { maxEntryBytes: 4 * MIB } }),
    ).toThrow(
      /^XPlanGML archive: p\.zip: entry plan\.pgw inflates past 4 MiB \(to 8 MiB; limit 4 MiB per entry\)$/,
    );
    expect(() => openXPlanArchive(zip, { file: 'p.zip', extract })).toThrow(/limit 200:1 above 1 MiB/);
    // Entries not extracted cost nothing.
    expect(openXPlanArchive(zip, { file: 'p.zip' }).gmlText).toContain('XPlanAuszug');
  });

  it('stops inflating the plan when its output passes the declared size', () => {
    const gml = new Uint8Array(8 * MIB).fill(0x20);
    gml.set(plan);
    const lying = declareSize(zipSync({ 'xplan.gml': gml }), 'xplan.gml', 1000);
    expect(() => openXPlanArchive(lying, { file: 'l.zip' })).toThrow(XPlanArchiveError);
    expect(() => openXPlanArchive(lying, { file: 'l.zip' })).toThrow(
      /l\.zip: entry xplan\.gml inflates past its declared size of 1000 bytes/,
    );
  });
});
