import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BROADBAND_ATTRIBUTION, readBroadbandTable, speedClassShares } from './broadband.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tableFile = path.resolve(repoRoot, '../shared/data/broadband/gemeinde_privat_2019_mitte.csv');
const haveData = existsSync(tableFile);
if (!haveData) console.warn(`broadband data tests skipped: ${tableFile} not found (CI has it)`);

const HEADER =
  '"AGS";"alle Technologien ≥ 16 Mbit/s";"alle Technologien ≥ 30 Mbit/s";"alle Technologien ≥ 100 Mbit/s";"alle Technologien ≥ 1000 Mbit/s";"FTTH/B ≥ 1000 Mbit/s"';

describe('Breitbandatlas table', () => {
  const text = [
    HEADER,
    '"05124000";98.35;97.44;93.33;0.02;0.02',
    '"0512400X";1;1;1;1;1',
    '"05315000";99;98;95,5;12;5',
    '"05913000";99;98;95;12',
    '"05170048";99;140;95;12;5',
  ].join('\n');
  const table = readBroadbandTable(text, { file: 'b.csv' });

  it('indexes rows by AGS with technology and speed thresholds', () => {
    expect(table.columns.map((column) => [column.technology, column.mbits])).toEqual([
      ['all', 16],
      ['all', 30],
      ['all', 100],
      ['all', 1000],
      ['ftth', 1000],
    ]);
    expect(table.coverageFor('05124000')?.byTechnology.all).toEqual([
      { mbits: 16, percent: 98.35 },
      { mbits: 30, percent: 97.44 },
      { mbits: 100, percent: 93.33 },
      { mbits: 1000, percent: 0.02 },
    ]);
    expect(table.coverageFor(5315000)?.byTechnology.all?.[2]).toEqual({ mbits: 100, percent: 95.5 });
  });

  it('reports malformed lines with their line numbers and keeps the others', () => {
    expect(table.coverage.size).toBe(2);
    expect(table.problems).toEqual([
      { file: 'b.csv', line: 3, message: 'AGS "0512400X"; expected 8 digits' },
      { file: 'b.csv', line: 5, message: '5 fields; expected 6 (as in the header)' },
      {
        file: 'b.csv',
        line: 6,
        message: 'column "alle Technologien ≥ 30 Mbit/s" is "140"; expected a percentage 0–100',
      },
    ]);
  });

  it('notes any number of rows slightly above 100 % once, naming the first', () => {
    // 200 000 such rows: more than a spread into Math.min takes as arguments
    const rows = Array.from(
      { length: 200_000 },
      (_, i) => `"${String(1_000_000 + i).padStart(8, '0')}";100.5;99;95;12;5`,
    );
    const big = readBroadbandTable([HEADER, ...rows].join('\n'), { file: 'big.csv' });
    expect(big.coverage.size).toBe(200_000);
    expect(big.problems).toEqual([
      {
        file: 'big.csv',
        line: 2,
        message:
          '200000 rows (first on line 2) have shares slightly above 100 % (up to 100.5); read as 100 (rounding in the source)',
      },
    ]);
  });

  it('turns cumulative shares into speed classes', () => {
    const shares = speedClassShares(table.coverageFor('05124000')!);
    expect(shares.map((share) => [share.label, share.percent])).toEqual([
      ['< 30 Mbit/s', 2.56],
      ['30–100 Mbit/s', 4.11],
      ['100–1000 Mbit/s', 93.31],
      ['≥ 1000 Mbit/s', 0.02],
    ]);
    expect(speedClassShares(table.coverageFor('05124000')!, 'ftth')[0]?.percent).toBeUndefined();
    expect(BROADBAND_ATTRIBUTION).toMatch(/Breitbandatlas/);
  });
});

describe.skipIf(!haveData)('Breitbandatlas mid-2019 file', () => {
  const text = readFileSync(tableFile, 'utf8');
  const table = readBroadbandTable(text, { file: 'gemeinde_privat_2019_mitte.csv' });

  it('reads every municipality; Wuppertal 05124000 has sane percentages', () => {
    const dataLines = text.split('\n').filter((line) => line.trim() !== '').length - 1;
    expect(table.coverage.size).toBe(dataLines);
    expect(table.columns).toHaveLength(45);
    const wuppertal = table.coverageFor('05124000');
    expect(wuppertal).toBeDefined();
    // the row as written: "05124000";100;100;100;98.35;97.44;96.61;93.33;87.71;85.82;0.02;…
    expect(wuppertal?.byTechnology.all?.find((entry) => entry.mbits === 30)?.percent).toBe(97.44);
    for (const list of Object.values(wuppertal!.byTechnology)) {
      for (const entry of list) {
        expect(entry.percent).toBeGreaterThanOrEqual(0);
        expect(entry.percent).toBeLessThanOrEqual(100);
      }
    }
    const shares = speedClassShares(wuppertal!);
    expect(shares.reduce((sum, share) => sum + (share.percent ?? 0), 0)).toBeCloseTo(100, 1);
    for (const ags of ['05170048', '05315000', '05913000', '03454033'])
      expect(table.coverageFor(ags)).toBeDefined();
  });

  it('notes the few shares above 100 % in the source once, and nothing else', () => {
    expect(table.problems).toHaveLength(1);
    expect(table.problems[0]?.message).toMatch(
      /^4 rows \(first on line \d+\) have shares slightly above 100 %/,
    );
  });
});
