/**
 * The Breitbandatlas per-municipality table (mid-2019, private households; attribution "Breitbandatlas /
 * Gigabit-Grundbuch"): semicolon-separated, first column the quoted 8-digit AGS (Amtlicher
 * Gemeindeschlüssel, leading zero kept), then the share of households (percent, 0–100) that can get at least
 * a given downstream speed, per technology group. Header names look like "alle Technologien ≥ 30 Mbit/s",
 * "leitungsg. Technologien ≥ 100 Mbit/s", "mobile Technologien ≥ 6 Mbit/s", "DSL ≥ 16 Mbit/s",
 * "CATV ≥ 1000 Mbit/s", "FTTH/B ≥ 1000 Mbit/s". Platform-free.
 *
 * The shares are cumulative ("at least"): the share in a speed class such as 30–100 Mbit/s is
 * share(≥ 30) − share(≥ 100), which `speedClassShares` computes.
 */
import { parseDelimited } from './delimited.ts';
import type { LayerProblem } from './problems.ts';

/** Technology groups of the table. */
export type BroadbandTechnology = 'all' | 'wired' | 'mobile' | 'dsl' | 'catv' | 'ftth';

/** Attribution to show with any chart of this data. */
export const BROADBAND_ATTRIBUTION = 'Breitbandatlas / Gigabit-Grundbuch';

/** Coverage of one municipality: per technology, the percent of households with at least `mbits` Mbit/s. */
export interface BroadbandCoverage {
  /** 8-digit AGS as text, e.g. '05124000' (Wuppertal). */
  ags: string;
  /** Per technology: thresholds in Mbit/s (ascending) → percent of households (0–100). */
  byTechnology: Partial<Record<BroadbandTechnology, { mbits: number; percent: number }[]>>;
  line: number;
}

/** The table, indexed by AGS. */
export interface BroadbandTable {
  /** Column meaning, in file order after the AGS column. */
  columns: { header: string; technology: BroadbandTechnology; mbits: number }[];
  coverage: Map<string, BroadbandCoverage>;
  problems: LayerProblem[];
  /** Coverage of one municipality by AGS (8 digits; shorter numbers are padded with leading zeros). */
  coverageFor(ags: string | number): BroadbandCoverage | undefined;
}

/** Speed classes of the broadband layer, Mbit/s: [from, to) with to = Infinity for the top class. */
export const SPEED_CLASSES: readonly { label: string; from: number; to: number }[] = [
  { label: '< 30 Mbit/s', from: 0, to: 30 },
  { label: '30–100 Mbit/s', from: 30, to: 100 },
  { label: '100–1000 Mbit/s', from: 100, to: 1000 },
  { label: '≥ 1000 Mbit/s', from: 1000, to: Infinity },
];

const TECHNOLOGY_PREFIXES: [RegExp, BroadbandTechnology][] = [
  [/^alle Technologien/i, 'all'],
  [/^leitungsg/i, 'wired'],
  [/^mobile/i, 'mobile'],
  [/^DSL/i, 'dsl'],
  [/^CATV/i, 'catv'],
  [/^FTTH/i, 'ftth'],
];

/** Shares up to this many percentage points above 100 are rounding noise in the source (seen: 100.39) and read as 100. */
export const OVER_100_TOLERANCE = 1;

/** Pads an AGS to 8 digits. */
export function normaliseAgs(ags: string | number): string {
  return String(ags).trim().padStart(8, '0');
}

/**
 * Reads the Breitbandatlas table. Unknown columns are reported once and ignored; rows with a malformed AGS, a
 * wrong number of fields or a value that is not a percentage (0–100, '.' or ',' decimal mark; up to
 * `OVER_100_TOLERANCE` above 100 is read as 100 and noted once) are reported with their line and skipped; the
 * other rows still load.
 */
export function readBroadbandTable(text: string, options: { file?: string } = {}): BroadbandTable {
  const file = options.file;
  const table = parseDelimited(text, { delimiter: ';', ...(file !== undefined ? { file } : {}) });
  const problems: LayerProblem[] = [...table.problems];
  const problem = (line: number, message: string): void => {
    problems.push({ ...(file !== undefined ? { file } : {}), line, message });
  };
  const columns: BroadbandTable['columns'] = [];
  const columnIndex: number[] = [];
  if (table.header[0]?.toUpperCase() !== 'AGS') {
    problem(1, `first column is "${table.header[0] ?? ''}"; expected "AGS"`);
  }
  table.header.forEach((header, index) => {
    if (index === 0) return;
    const speed = /≥\s*(\d+)\s*Mbit\/s/i.exec(header) ?? />=\s*(\d+)\s*Mbit\/s/i.exec(header);
    const technology = TECHNOLOGY_PREFIXES.find(([pattern]) => pattern.test(header))?.[1];
    if (!speed || technology === undefined) {
      problem(1, `column ${index + 1} "${header}" not understood; expected "<technology> ≥ <n> Mbit/s"`);
      return;
    }
    columns.push({ header, technology, mbits: Number(speed[1]) });
    columnIndex.push(index);
  });
  const coverage = new Map<string, BroadbandCoverage>();
  const above100 = { rows: new Set<number>(), max: 0 };
  for (const row of table.rows) {
    if (row.fields.length !== table.header.length) continue; // reported by the table parser
    const ags = (row.fields[0] ?? '').trim();
    if (!/^\d{8}$/.test(ags)) {
      problem(row.line, `AGS "${ags.slice(0, 20)}"; expected 8 digits`);
      continue;
    }
    const byTechnology: BroadbandCoverage['byTechnology'] = {};
    let bad: string | undefined;
    columns.forEach((column, c) => {
      if (bad !== undefined) return;
      const raw = (row.fields[columnIndex[c] as number] ?? '').trim();
      if (raw === '') return;
      let value = /^\d+(?:[.,]\d+)?$/.test(raw) ? Number(raw.replace(',', '.')) : NaN;
      if (value > 100 && value <= 100 + OVER_100_TOLERANCE) {
        above100.rows.add(row.line);
        above100.max = Math.max(above100.max, value);
        value = 100;
      }
      if (!(value >= 0 && value <= 100)) {
        bad = `column "${column.header}" is "${raw.slice(0, 20)}"; expected a percentage 0–100`;
        return;
      }
      (byTechnology[column.technology] ??= []).push({ mbits: column.mbits, percent: value });
    });
    if (bad !== undefined) {
      problem(row.line, bad);
      continue;
    }
    for (const list of Object.values(byTechnology)) list.sort((a, b) => a.mbits - b.mbits);
    if (coverage.has(ags))
      problem(row.line, `AGS ${ags} repeated; expected each municipality once (first kept)`);
    else coverage.set(ags, { ags, byTechnology, line: row.line });
  }
  if (above100.rows.size > 0) {
    // a loop, not Math.min(...): a spread of some 125 000 rows exceeds the call stack
    let first = Infinity;
    for (const line of above100.rows) if (line < first) first = line;
    problem(
      first,
      `${above100.rows.size} rows (first on line ${first}) have shares slightly above 100 % (up to ${above100.max}); read as 100 (rounding in the source)`,
    );
  }
  problems.sort((a, b) => a.line - b.line);
  return {
    columns,
    coverage,
    problems,
    coverageFor: (ags) => coverage.get(normaliseAgs(ags)),
  };
}

/**
 * Percent of households per speed class (`SPEED_CLASSES`: < 30, 30–100, 100–1000, ≥ 1000 Mbit/s) for one
 * technology, from the cumulative shares: share(≥ from) − share(≥ to), with share(≥ 0) = 100. Undefined where a
 * needed threshold is missing from the table (e.g. mobile has no ≥ 30 column).
 */
export function speedClassShares(
  coverage: BroadbandCoverage,
  technology: BroadbandTechnology = 'all',
): { label: string; from: number; to: number; percent: number | undefined }[] {
  const list = coverage.byTechnology[technology] ?? [];
  const atLeast = (mbits: number): number | undefined =>
    mbits === 0 ? 100 : mbits === Infinity ? 0 : list.find((entry) => entry.mbits === mbits)?.percent;
  return SPEED_CLASSES.map((speedClass) => {
    const from = atLeast(speedClass.from);
    const to = atLeast(speedClass.to);
    const percent =
      from === undefined || to === undefined ? undefined : Math.max(0, Math.round((from - to) * 100) / 100);
    return { ...speedClass, percent };
  });
}
