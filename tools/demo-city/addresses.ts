/**
 * Addresses of the demo district: street names (fixed in the centre, generated further out, independent
 * of the seed), postal codes by compass sector, and house numbers along a street segment. Names and
 * postal codes are illustrative.
 */
import type { Block, DistrictLayout } from './layout.ts';

const CENTRAL_STREETS: Record<string, string> = {
  'ew:0:0': 'Werth',
  'ew:0:-1': 'Alter Markt',
  'ew:0:1': 'Höhne',
  'ew:1:0': 'Wegnerstraße',
  'ew:1:-1': 'Kleiner Werth',
  'ew:1:1': 'Rolingswerth',
  'ew:2:0': 'Bredde',
  'ew:-1:0': 'Gemarker Ufer',
  'ew:-1:-1': 'Unterdörnen',
  'ew:-2:0': 'Friedrich-Engels-Allee',
  'ew:-2:-1': 'Bleicherstraße',
  'ew:-2:1': 'Heckinghauser Straße',
  'ew:-3:0': 'Sedanstraße',
  'ew:-4:0': 'Hünefeldstraße',
  'ns:0:0': 'Bachstraße',
  'ns:-1:0': 'Fischertal',
  'ns:1:0': 'Schuchardstraße',
  'ns:-2:0': 'Zwinglistraße',
  'ns:2:0': 'Gewerbeschulstraße',
  'ns:0:-1': 'Wittensteinstraße',
  'ns:-1:-1': 'Leimbacher Straße',
  'ns:1:-1': 'Lönsstraße',
};
const NAME_STEMS = [
  'Linden',
  'Eichen',
  'Buchen',
  'Ahorn',
  'Birken',
  'Kastanien',
  'Ulmen',
  'Berg',
  'Tal',
  'Wiesen',
  'Garten',
  'Mühlen',
  'Färber',
  'Weber',
  'Schmiede',
  'Brunnen',
  'Quellen',
  'Sonnen',
  'Rosen',
  'Nelken',
  'Lerchen',
  'Finken',
  'Amsel',
  'Drossel',
  'Meisen',
  'Falken',
  'Hohenstein',
  'Kothen',
  'Rittershauser',
  'Clausen',
  'Wichlinghauser',
  'Loher',
  'Heidter',
  'Sternen',
  'Bandwirker',
  'Garn',
  'Spinnerei',
  'Hofkamp',
  'Kluser',
  'Lichtscheider',
  'Nordpark',
  'Schützen',
  'Gold',
  'Silber',
  'Hagebutten',
  'Rott',
  'Lüntenbecker',
  'Färberei',
] as const;
/** Street-type suffixes with their grammatical gender (for "Obere"/"Oberer"/"Oberes"). */
const NAME_SUFFIXES = [
  ['straße', 'f'],
  ['weg', 'm'],
  ['allee', 'f'],
  ['ring', 'm'],
  ['höhe', 'f'],
  ['hang', 'm'],
  ['gasse', 'f'],
  ['feld', 'n'],
  ['pfad', 'm'],
  ['kamp', 'm'],
] as const;
/** Qualifiers that multiply the stock of names, by gender; level 0 has none. */
const NAME_QUALIFIERS = {
  f: ['', 'Obere ', 'Untere ', 'Alte ', 'Neue '],
  m: ['', 'Oberer ', 'Unterer ', 'Alter ', 'Neuer '],
  n: ['', 'Oberes ', 'Unteres ', 'Altes ', 'Neues '],
} as const;
const NAME_COMBINATIONS = NAME_STEMS.length * NAME_SUFFIXES.length;

/** Zig-zag code of an integer: 0, -1, 1, -2, 2 … -> 0, 1, 2, 3, 4 … */
function zigzag(n: number): number {
  return n >= 0 ? 2 * n : -2 * n - 1;
}

/**
 * Name of a street: `ew` streets run along u in the gap after row `gap`, `ns` streets along v after column
 * `gap`; names change every four blocks (`segment`). Independent of the seed, so the centre keeps its names.
 * Streets near the centre get distinct names (a bijective numbering of (direction, gap, segment) into
 * 2 400 stem x suffix x qualifier names); far out in very large districts names repeat.
 */
export function streetName(direction: 'ew' | 'ns', gap: number, segment: number): string {
  const fixed = CENTRAL_STREETS[`${direction}:${gap}:${segment}`];
  if (fixed !== undefined) return fixed;
  const a = zigzag(gap);
  const b = zigzag(segment);
  const index = ((a + b) * (a + b + 1)) / 2 + b; // Cantor pairing: small keys, small distinct indices
  const serial = 2 * index + (direction === 'ew' ? 0 : 1);
  const combination = (serial * 7919) % NAME_COMBINATIONS; // 7919 is prime to 480: a permutation
  const stem = NAME_STEMS[combination % NAME_STEMS.length]!;
  if (direction === 'ew' && gap === -1) return `${stem}ufer`;
  const [suffix, gender] = NAME_SUFFIXES[Math.floor(combination / NAME_STEMS.length)]!;
  const qualifiers = NAME_QUALIFIERS[gender];
  const qualifier = qualifiers[Math.floor(serial / NAME_COMBINATIONS) % qualifiers.length]!;
  return `${qualifier}${stem}${suffix}`;
}

const POSTAL_CODES_BY_SECTOR = [
  '42287',
  '42289',
  '42277',
  '42279',
  '42281',
  '42283',
  '42285',
  '42369',
] as const;

/** Postal code of a block: 42275 in the centre, else by compass sector (illustrative). */
export function postalCode(block: Block): string {
  if (block.ring <= 3) return '42275';
  // Compass octant (0 = east, counter-clockwise) without atan2: compare against tan(22.5°).
  const tan22 = 0.41421356237309503;
  const { i, j } = block;
  const sector =
    Math.abs(j) <= tan22 * Math.abs(i)
      ? i > 0
        ? 0
        : 4
      : Math.abs(i) <= tan22 * Math.abs(j)
        ? j > 0
          ? 2
          : 6
        : i > 0
          ? j > 0
            ? 1
            : 7
          : j > 0
            ? 3
            : 5;
  return POSTAL_CODES_BY_SECTOR[sector] ?? '42275';
}

/** The side of a block a building fronts. */
export type Edge = 'north' | 'south' | 'east' | 'west';

/** Floor division for negative indices too. */
function segmentOf(index: number): number {
  return Math.floor(index / 4);
}

/**
 * Street and house number of a building on one edge of a block. House numbers count in 8 m slots from the
 * start of the street segment (odd on the south/west side, even on the north/east side), so they never repeat.
 */
export function address(
  layout: DistrictLayout,
  block: Block,
  edge: Edge,
  alongStart: number,
  parcelIndex: number,
): { street: string; houseNumber: string } {
  if (edge === 'north' || edge === 'south') {
    const gap = edge === 'north' ? block.j : block.j - 1;
    const segment = segmentOf(block.i);
    const segmentStart = layout.columns.block(segment * 4).start;
    const slot = Math.max(0, Math.floor((alongStart - segmentStart) / 8)) + parcelIndex;
    return {
      street: streetName('ew', gap, segment),
      houseNumber: String(2 * slot + (edge === 'north' ? 1 : 2)),
    };
  }
  const gap = edge === 'east' ? block.i : block.i - 1;
  const segment = segmentOf(block.j);
  const segmentStart = layout.rows.block(segment * 4).start;
  const slot = Math.max(0, Math.floor((alongStart - segmentStart) / 8)) + parcelIndex;
  return {
    street: streetName('ns', gap, segment),
    houseNumber: String(2 * slot + (edge === 'east' ? 1 : 2)),
  };
}
