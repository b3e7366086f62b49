/**
 * Building plans of the demo district: what stands in each block (footprint in grid-frame metres, roof form,
 * heights in metres, AdV codes, address). Geometry is built from a plan in `solids.ts`.
 *
 * Codes follow the AdV / ALKIS code lists used by the official NRW LoD2 data:
 * - `bldg:function` (Gebäudefunktion): 31001_1010 Wohnhaus, 31001_1120 Wohngebäude mit Handel und
 *   Dienstleistungen, 31001_2020 Bürogebäude, 31001_2100 Gebäude für Gewerbe und Industrie, 31001_2463 Garage,
 *   31001_3012 Rathaus, 31001_3021 Allgemein bildende Schule, 31001_3041 Kirche, 31001_3211 Sport-, Turnhalle,
 *   31001_1000 Wohngebäude (parish house);
 * - `bldg:roofType` (Dachform): 1000 Flachdach, 3100 Satteldach, 3200 Walmdach, 3400 Mansardendach,
 *   3500 Zeltdach, 4000 Turmdach.
 */
import { address, postalCode, type Edge } from './addresses.ts';
import type { Block, DistrictLayout } from './layout.ts';
import type { SeededRandom } from '../../src/core/util/random.ts';

/** Roof geometry families; `pyramid` also serves the Turmdach (4000) of towers. */
export type RoofShape = 'flat' | 'gable' | 'hip' | 'pyramid' | 'mansard';

/** One building to generate: a rectangular footprint with a roof, in grid-frame metres above its ground. */
export interface BuildingPlan {
  /** Footprint rectangle, grid-frame metres. */
  u0: number;
  u1: number;
  v0: number;
  v1: number;
  /** Ridge (or the long axis of a hip roof) parallel to u; otherwise parallel to v. */
  ridgeAlongU: boolean;
  roof: RoofShape;
  /** AdV Dachform code. */
  roofTypeCode: string;
  /** Height of the eaves above the building's ground, metres. */
  eaveHeight: number;
  /** Height of the ridge or apex above the eaves, metres (0 for flat roofs). */
  roofHeight: number;
  /** Hip roofs: horizontal distance from each gable end to the ridge end, metres. */
  hipInset: number;
  /** Mansard roofs: horizontal inset of the break line from the eaves, metres. */
  mansardInset: number;
  /** Mansard roofs: height of the break line above the eaves, metres. */
  mansardBreak: number;
  storeys: number;
  /** AdV Gebäudefunktion code. */
  functionCode: string;
  yearOfConstruction: number;
  name?: string;
  street: string;
  houseNumber: string;
  postalCode: string;
  /** Residential units (generic attribute), 0 where not residential. */
  dwellings: number;
  /** DHHN2016 height of the building's ground: the lowest terrain height under its footprint, metres. */
  groundHeight: number;
}

/** Splits a length into parts between min and max metres (the last part takes the remainder). */
function splitLength(total: number, min: number, max: number, random: SeededRandom): number[] {
  const parts: number[] = [];
  let remaining = total;
  while (remaining > max && remaining >= 2 * min) {
    const part = random.range(min, Math.min(max, remaining - min));
    parts.push(part);
    remaining -= part;
  }
  parts.push(remaining);
  return parts;
}

type PlanDraft = Omit<
  BuildingPlan,
  'groundHeight' | 'postalCode' | 'hipInset' | 'mansardInset' | 'mansardBreak'
> &
  Partial<Pick<BuildingPlan, 'hipInset' | 'mansardInset' | 'mansardBreak'>>;

const ROOF_CODES: Record<RoofShape, string> = {
  flat: '1000',
  gable: '3100',
  hip: '3200',
  mansard: '3400',
  pyramid: '3500',
};

/**
 * Roof slope (rise per metre of run) for a pitch in whole degrees, from a table: tan() itself is not
 * guaranteed to give the same last bit on every JavaScript engine, the table is.
 */
const SLOPE_BY_DEGREES: Record<number, number> = {
  8: 0.1405408347,
  15: 0.2679491924,
  18: 0.3249196962,
  22: 0.4040262258,
  25: 0.4663076582,
  28: 0.5317094317,
  30: 0.5773502692,
  35: 0.7002075382,
  38: 0.7812856265,
  40: 0.8390996312,
  42: 0.9004040443,
  45: 1,
  50: 1.1917535926,
  55: 1.4281480067,
};

/** Slope for a whole-degree pitch from the table. */
function slopeOf(degrees: number): number {
  const slope = SLOPE_BY_DEGREES[degrees];
  if (slope === undefined) throw new Error(`Demo city: no roof slope tabulated for ${degrees}°`);
  return slope;
}

/** A random slope between two tabulated pitches (uniform in slope). */
function randomSlope(random: SeededRandom, minDegrees: number, maxDegrees: number): number {
  return random.range(slopeOf(minDegrees), slopeOf(maxDegrees));
}

/** Width across the ridge of a footprint. */
function spanAcross(plan: Pick<BuildingPlan, 'u0' | 'u1' | 'v0' | 'v1' | 'ridgeAlongU'>): number {
  return plan.ridgeAlongU ? plan.v1 - plan.v0 : plan.u1 - plan.u0;
}

/** Length along the ridge of a footprint. */
function spanAlong(plan: Pick<BuildingPlan, 'u0' | 'u1' | 'v0' | 'v1' | 'ridgeAlongU'>): number {
  return plan.ridgeAlongU ? plan.u1 - plan.u0 : plan.v1 - plan.v0;
}

/** Gründerzeit row houses (Blockrandbebauung) along the given edges of a block. */
function rowHouses(
  layout: DistrictLayout,
  block: Block,
  random: SeededRandom,
  edges: readonly Edge[],
  out: PlanDraft[],
): void {
  const depth = random.range(11, 14);
  const central = block.ring <= 2;
  for (const edge of edges) {
    const alongU = edge === 'north' || edge === 'south';
    const start = alongU ? block.u0 : block.v0 + depth;
    const end = alongU ? block.u1 : block.v1 - depth;
    const widths = splitLength(end - start, 8, 16, random);
    let position = start;
    widths.forEach((width, index) => {
      const parcelStart = position;
      position += width;
      const corner = index === 0 || index === widths.length - 1;
      if (!corner && random.chance(0.06)) return; // a Baulücke or a gateway into the courtyard
      const footprint =
        edge === 'north'
          ? { u0: parcelStart, u1: position, v0: block.v1 - depth, v1: block.v1 }
          : edge === 'south'
            ? { u0: parcelStart, u1: position, v0: block.v0, v1: block.v0 + depth }
            : edge === 'east'
              ? { u0: block.u1 - depth, u1: block.u1, v0: parcelStart, v1: position }
              : { u0: block.u0, u1: block.u0 + depth, v0: parcelStart, v1: position };
      const storeys = central ? random.int(4, 5) : random.int(3, 5);
      const draw = random.next();
      const roof: RoofShape =
        draw < 0.6
          ? 'gable'
          : draw < 0.72
            ? 'mansard'
            : draw < 0.78 && width >= 12
              ? 'hip'
              : draw < 0.78
                ? 'gable'
                : 'flat';
      const postWar = roof === 'flat';
      const storeyHeight = postWar ? random.range(2.9, 3.1) : random.range(3.3, 3.7);
      const base = { ...footprint, ridgeAlongU: alongU };
      const across = spanAcross(base);
      const plan: PlanDraft = {
        ...base,
        roof,
        roofTypeCode: ROOF_CODES[roof],
        eaveHeight: storeys * storeyHeight + 0.6,
        roofHeight: 0,
        storeys,
        functionCode: central && random.chance(0.6) ? '31001_1120' : '31001_1010',
        yearOfConstruction: postWar
          ? random.chance(0.7)
            ? random.int(1949, 1975)
            : random.int(1990, 2022)
          : random.int(1868, 1914),
        dwellings: storeys * (width >= 11 ? 2 : 1),
        ...address(layout, block, edge, start, index),
      };
      if (roof === 'gable') plan.roofHeight = (across / 2) * randomSlope(random, 38, 50);
      if (roof === 'hip') {
        plan.roofHeight = (across / 2) * randomSlope(random, 35, 45);
        plan.hipInset = Math.min(across / 2, 0.4 * spanAlong(base));
      }
      if (roof === 'mansard') {
        plan.mansardInset = random.range(0.9, 1.3);
        plan.mansardBreak = random.range(2.6, 3.2);
        plan.roofHeight = plan.mansardBreak + (across / 2 - plan.mansardInset) * randomSlope(random, 18, 28);
      }
      out.push(plan);
    });
  }
  if (edges.length === 4) courtyardWorkshop(layout, block, random, depth, out);
}

/**
 * Sometimes a workshop in the courtyard (Hinterhof), as Barmen's textile trades built them behind the
 * street fronts: 1-3 tall storeys, flat or low gable roof, at least 4 m from the perimeter houses.
 */
function courtyardWorkshop(
  layout: DistrictLayout,
  block: Block,
  random: SeededRandom,
  perimeterDepth: number,
  out: PlanDraft[],
): void {
  const clearance = perimeterDepth + 4;
  const innerU0 = block.u0 + clearance;
  const innerV0 = block.v0 + clearance;
  const innerLength = block.u1 - clearance - innerU0;
  const innerDepth = block.v1 - clearance - innerV0;
  if (innerLength < 14 || innerDepth < 10 || !random.chance(0.3)) return;
  const length = Math.min(innerLength, random.range(12, 30));
  const width = Math.min(innerDepth, random.range(8, 14));
  const u0 = innerU0 + random.range(0, innerLength - length);
  const v0 = innerV0 + random.range(0, innerDepth - width);
  const roof: RoofShape = random.chance(0.7) ? 'flat' : 'gable';
  const storeys = random.int(1, 3);
  const front = address(layout, block, 'north', block.u0, 0);
  const plan: PlanDraft = {
    u0,
    u1: u0 + length,
    v0,
    v1: v0 + width,
    ridgeAlongU: true,
    roof,
    roofTypeCode: ROOF_CODES[roof],
    eaveHeight: storeys * random.range(3.6, 4.2) + 0.4,
    roofHeight: 0,
    storeys,
    functionCode: '31001_2100',
    yearOfConstruction: random.int(1872, 1925),
    dwellings: 0,
    street: front.street,
    houseNumber: `${front.houseNumber}a`,
  };
  if (roof === 'gable') plan.roofHeight = (width / 2) * randomSlope(random, 15, 22);
  out.push(plan);
}

/** Detached family houses (1-2 storeys) on two rows of parcels, some with a garage. */
function detachedHouses(layout: DistrictLayout, block: Block, random: SeededRandom, out: PlanDraft[]): void {
  for (const edge of ['north', 'south'] as const) {
    const widths = splitLength(block.u1 - block.u0, 15, 24, random);
    let position = block.u0;
    for (const parcelWidth of widths) {
      const parcelStart = position;
      position += parcelWidth;
      if (parcelWidth < 13) continue;
      const draw = random.next();
      const roof: RoofShape = draw < 0.5 ? 'gable' : draw < 0.7 ? 'hip' : draw < 0.8 ? 'pyramid' : 'flat';
      const length =
        roof === 'pyramid' ? random.range(9, 11) : random.range(8.5, Math.min(12.5, parcelWidth - 4));
      const across = roof === 'pyramid' ? length : random.range(8, 11);
      const setback = random.range(4, 7);
      const offset = random.range(1.5, parcelWidth - length - 1.5);
      const u0 = parcelStart + offset;
      const v0 = edge === 'north' ? block.v1 - setback - across : block.v0 + setback;
      const storeys = roof === 'pyramid' ? 2 : random.int(1, 2);
      const year =
        roof === 'pyramid'
          ? random.chance(0.5)
            ? random.int(1920, 1938)
            : random.int(1995, 2012)
          : roof === 'flat'
            ? random.chance(0.5)
              ? random.int(1962, 1975)
              : random.int(1998, 2023)
            : random.int(1950, 2015);
      const plan: PlanDraft = {
        u0,
        u1: u0 + length,
        v0,
        v1: v0 + across,
        ridgeAlongU: true,
        roof,
        roofTypeCode: ROOF_CODES[roof],
        eaveHeight: storeys * random.range(2.7, 3.0) + 0.4,
        roofHeight: 0,
        storeys,
        functionCode: '31001_1010',
        yearOfConstruction: year,
        dwellings: random.chance(0.2) ? 2 : 1,
        ...address(layout, block, edge, parcelStart, 0),
      };
      if (roof === 'gable') plan.roofHeight = (across / 2) * randomSlope(random, 30, 45);
      if (roof === 'hip') {
        plan.roofHeight = (across / 2) * randomSlope(random, 25, 38);
        plan.hipInset = Math.min(across / 2, 0.45 * length);
      }
      if (roof === 'pyramid') plan.roofHeight = (across / 2) * randomSlope(random, 22, 30);
      out.push(plan);
      const room = parcelStart + parcelWidth - (u0 + length);
      if (room >= 5 && random.chance(0.35)) {
        const garageU0 = u0 + length + 1;
        const garageV0 = edge === 'north' ? block.v1 - setback - 6 : block.v0 + setback;
        out.push({
          u0: garageU0,
          u1: garageU0 + 3.2,
          v0: garageV0,
          v1: garageV0 + 6,
          ridgeAlongU: false,
          roof: 'flat',
          roofTypeCode: ROOF_CODES.flat,
          eaveHeight: random.range(2.5, 2.9),
          roofHeight: 0,
          storeys: 1,
          functionCode: '31001_2463',
          yearOfConstruction: Math.min(2024, year + random.int(0, 20)),
          dwellings: 0,
          street: plan.street,
          houseNumber: `${plan.houseNumber}a`,
        });
      }
    }
  }
}

/** Commercial and industrial halls with flat or low-pitched roofs, typical of the Wupper bank. */
function commercialHalls(layout: DistrictLayout, block: Block, random: SeededRandom, out: PlanDraft[]): void {
  const inset = 6;
  const widths = splitLength(block.u1 - block.u0 - 2 * inset + 8, 26, 60, random);
  let position = block.u0 + inset;
  widths.forEach((slot, index) => {
    const width = slot - 8;
    const u0 = position;
    position += slot;
    if (width < 14) return;
    const v0 = block.v0 + inset;
    const v1 = block.v1 - inset - (random.chance(0.4) ? random.range(0, 12) : 0);
    const ridgeAlongU = width > v1 - v0;
    const roof: RoofShape = random.chance(0.7) ? 'flat' : 'gable';
    const plan: PlanDraft = {
      u0,
      u1: u0 + width,
      v0,
      v1,
      ridgeAlongU,
      roof,
      roofTypeCode: ROOF_CODES[roof],
      eaveHeight: random.range(6.5, 11.5),
      roofHeight: 0,
      storeys: random.int(1, 2),
      functionCode: index === 0 && random.chance(0.3) ? '31001_2020' : '31001_2100',
      yearOfConstruction: random.int(1955, 2018),
      dwellings: 0,
      ...address(layout, block, 'south', u0, 0),
    };
    if (roof === 'gable') plan.roofHeight = (spanAcross(plan) / 2) * randomSlope(random, 8, 15);
    out.push(plan);
  });
}

/** A school: a historic main building with a hip roof and a flat-roofed gym. */
function school(layout: DistrictLayout, block: Block, random: SeededRandom, out: PlanDraft[]): void {
  const first = block.i === 1 && block.j === 1;
  const north = address(layout, block, 'north', block.u0, 0);
  const name = first ? 'Gymnasium Sedanstraße' : `Grundschule ${north.street}`;
  const length = Math.min(block.u1 - block.u0 - 12, 64);
  const u0 = block.u0 + 6;
  const depth = 15;
  const main: PlanDraft = {
    u0,
    u1: u0 + length,
    v0: block.v1 - 6 - depth,
    v1: block.v1 - 6,
    ridgeAlongU: true,
    roof: 'hip',
    roofTypeCode: ROOF_CODES.hip,
    eaveHeight: 3 * 4 + 1,
    roofHeight: (depth / 2) * slopeOf(40),
    hipInset: depth / 2,
    storeys: 3,
    functionCode: '31001_3021',
    yearOfConstruction: first ? 1906 : random.int(1890, 1912),
    name,
    dwellings: 0,
    ...north,
  };
  const gymLength = Math.min(32, block.u1 - block.u0 - 16);
  const gym: PlanDraft = {
    u0: block.u1 - 8 - gymLength,
    u1: block.u1 - 8,
    v0: block.v0 + 6,
    v1: block.v0 + 6 + 19,
    ridgeAlongU: true,
    roof: 'flat',
    roofTypeCode: ROOF_CODES.flat,
    eaveHeight: random.range(7.5, 9),
    roofHeight: 0,
    storeys: 1,
    functionCode: '31001_3211',
    yearOfConstruction: random.int(1962, 1985),
    name: `${name}, Turnhalle`,
    dwellings: 0,
    ...north,
    houseNumber: `${north.houseNumber}a`,
  };
  out.push(main, gym);
}

/** A church: a nave with a steep gable roof and a west tower with a Turmdach, plus a parish house. */
function church(layout: DistrictLayout, block: Block, random: SeededRandom, out: PlanDraft[]): void {
  const first = block.i === -1 && block.j === 1;
  const south = address(layout, block, 'south', block.u0, 0);
  const name = first
    ? 'Gemarker Kirche'
    : random.chance(0.5)
      ? `Ev. Kirche ${south.street}`
      : `St. ${random.pick(SAINTS)}`;
  const naveLength = Math.min(40, block.u1 - block.u0 - 30);
  const naveWidth = 17;
  const centreV = (block.v0 + block.v1) / 2;
  const towerSize = 9;
  const naveU0 = block.u0 + 8 + towerSize;
  out.push({
    u0: naveU0,
    u1: naveU0 + naveLength,
    v0: centreV - naveWidth / 2,
    v1: centreV + naveWidth / 2,
    ridgeAlongU: true,
    roof: 'gable',
    roofTypeCode: ROOF_CODES.gable,
    eaveHeight: random.range(12, 14),
    roofHeight: (naveWidth / 2) * slopeOf(55),
    storeys: 1,
    functionCode: '31001_3041',
    yearOfConstruction: first ? 1892 : random.int(1860, 1910),
    name,
    dwellings: 0,
    ...south,
  });
  out.push({
    u0: naveU0 - towerSize,
    u1: naveU0,
    v0: centreV - towerSize / 2,
    v1: centreV + towerSize / 2,
    ridgeAlongU: true,
    roof: 'pyramid',
    roofTypeCode: '4000',
    eaveHeight: random.range(34, 42),
    roofHeight: random.range(16, 22),
    storeys: 1,
    functionCode: '31001_3041',
    yearOfConstruction: first ? 1892 : random.int(1860, 1910),
    name: `${name}, Turm`,
    dwellings: 0,
    ...south,
  });
  const parishU0 = naveU0 + naveLength + 5;
  if (block.u1 - 6 - parishU0 >= 10) {
    out.push({
      u0: parishU0,
      u1: Math.min(parishU0 + 16, block.u1 - 6),
      v0: block.v1 - 6 - 11,
      v1: block.v1 - 6,
      ridgeAlongU: true,
      roof: 'gable',
      roofTypeCode: ROOF_CODES.gable,
      eaveHeight: 2 * 3.2 + 0.6,
      roofHeight: 5.5 * slopeOf(45),
      storeys: 2,
      functionCode: '31001_1000',
      yearOfConstruction: random.int(1900, 1930),
      name: `${name}, Gemeindehaus`,
      dwellings: 1,
      ...address(layout, block, 'north', parishU0, 0),
    });
  }
}

const SAINTS = [
  'Antonius',
  'Johann Baptist',
  'Marien',
  'Laurentius',
  'Petrus',
  'Paulus',
  'Elisabeth',
] as const;

/** The town hall block: Rathaus Barmen with its tower on the square, row houses along the north edge. */
function townHall(layout: DistrictLayout, block: Block, random: SeededRandom, out: PlanDraft[]): void {
  const length = Math.min(block.u1 - block.u0 - 10, 72);
  const centreU = (block.u0 + block.u1) / 2;
  const depth = 22;
  const front = block.v0 + 10;
  const shared = {
    storeys: 4,
    functionCode: '31001_3012',
    yearOfConstruction: 1922,
    dwellings: 0,
    street: 'Johannes-Rau-Platz',
    houseNumber: '1',
  };
  out.push({
    ...shared,
    u0: centreU - length / 2,
    u1: centreU + length / 2,
    v0: front,
    v1: front + depth,
    ridgeAlongU: true,
    roof: 'hip',
    roofTypeCode: ROOF_CODES.hip,
    eaveHeight: 19,
    roofHeight: (depth / 2) * slopeOf(42),
    hipInset: depth / 2,
    name: 'Rathaus Barmen',
  });
  out.push({
    ...shared,
    u0: centreU - 6,
    u1: centreU + 6,
    v0: block.v0 + 1,
    v1: front,
    ridgeAlongU: true,
    roof: 'pyramid',
    roofTypeCode: '4000',
    eaveHeight: 44,
    roofHeight: 14,
    storeys: 9,
    name: 'Rathaus Barmen, Turm',
  });
  if (block.v1 - block.v0 >= 10 + depth + 6 + 14) rowHouses(layout, block, random, ['north'], out);
}

/** Ground kinds that carry no buildings. */
export function isOpenBlock(kind: Block['kind']): boolean {
  return kind === 'park' || kind === 'cemetery' || kind === 'square' || kind === 'open';
}

/**
 * Plans of all buildings in one block, in a fixed order, with ground heights from the terrain (the lowest
 * terrain height under each footprint, DHHN2016 metres).
 */
export function planBlock(layout: DistrictLayout, block: Block): BuildingPlan[] {
  const random = layout.blockRandom(block.i, block.j);
  const drafts: PlanDraft[] = [];
  switch (block.kind) {
    case 'townhall':
      townHall(layout, block, random, drafts);
      break;
    case 'church':
      church(layout, block, random, drafts);
      break;
    case 'school':
      school(layout, block, random, drafts);
      break;
    case 'rows':
      rowHouses(layout, block, random, ['north', 'east', 'south', 'west'], drafts);
      break;
    case 'detached':
      detachedHouses(layout, block, random, drafts);
      break;
    case 'commercial':
      commercialHalls(layout, block, random, drafts);
      break;
    default:
      break;
  }
  const code = postalCode(block);
  return drafts.map((draft) => {
    const groundHeight = Math.min(
      layout.terrainHeight(draft.u0, draft.v0, block.j),
      layout.terrainHeight(draft.u1, draft.v0, block.j),
      layout.terrainHeight(draft.u0, draft.v1, block.j),
      layout.terrainHeight(draft.u1, draft.v1, block.j),
    );
    return {
      hipInset: 0,
      mansardInset: 0,
      mansardBreak: 0,
      ...draft,
      postalCode: code,
      groundHeight,
    };
  });
}
