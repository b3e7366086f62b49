/**
 * Writes the illustrative thematic layers of the demo city into `public/data/demo/` (deterministic; run
 * `npx tsx tools/demo-layers.ts`): school sites at buildings of the generated district, broadband coverage
 * areas by speed class, a fibre route, and — when `../shared/data/broadband/gemeinde_privat_2019_mitte.csv`
 * is present — the Breitbandatlas speed-class shares of Wuppertal, Solingen and Remscheid (three rows of
 * derived numbers, not the file) — and an illustrative XPlanGML 6.0 development plan (`bplan-demo.gml`, see
 * `demo-plan.ts`).
 *
 * Every invented feature carries `illustrative: "true"`. Heights: GeoJSON points carry a third coordinate,
 * the ellipsoidal height (metres) of the building's ground: DHHN2016 ground + EGM96 undulation (46.6 m,
 * constant over the ±1 km district).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';
import { BROADBAND_ATTRIBUTION, readBroadbandTable, speedClassShares } from '../src/core/layers/index.ts';
import { DEMO_CITY_DEFAULTS } from './demo-city/generate.ts';
import { DistrictLayout, gridToMap, ringIndices } from './demo-city/layout.ts';
import { demoLandmarks } from './demo-city/landmarks.ts';
import { demoPlanGml } from './demo-plan.ts';
import { isOpenBlock, planBlock } from './demo-city/plans.ts';
import type { BuildingPlan } from './demo-city/plans.ts';

/** EGM96 geoid undulation over the demo district, metres. */
export const DEMO_UNDULATION = 46.6;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'public', 'data', 'demo');
const BROADBAND_CSV = resolve(ROOT, '../shared/data/broadband/gemeinde_privat_2019_mitte.csv');
const UTM32 = '+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs';
const toLonLat = proj4(UTM32, 'EPSG:4326');
/** Municipalities whose Breitbandatlas shares the app ships. */
const MUNICIPALITIES: Record<string, string> = {
  '05124000': 'Wuppertal',
  '05122000': 'Solingen',
  '05120000': 'Remscheid',
};

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function lonLatOfGrid(u: number, v: number): [number, number] {
  const [e, n] = gridToMap(u, v);
  const [lon, lat] = toLonLat.forward([e, n]) as [number, number];
  return [round(lon, 7), round(lat, 7)];
}

/** Buildings of the district in generation order (only the inner `rings`). */
function districtBuildings(rings: number): { plan: BuildingPlan; ring: number }[] {
  const layout = new DistrictLayout(DEMO_CITY_DEFAULTS.seed);
  const result: { plan: BuildingPlan; ring: number }[] = [];
  for (let ring = 0; ring <= rings; ring++) {
    for (const [i, j] of ringIndices(ring)) {
      const block = layout.block(i, j);
      if (isOpenBlock(block.kind)) continue;
      for (const plan of planBlock(layout, block)) result.push({ plan, ring });
    }
  }
  return result;
}

interface SchoolSeed {
  name: string;
  type: string;
  pupils: number;
  connection: 'connected' | 'planned' | 'none';
}

/** Invented schools (named after their street) placed on residential buildings of rings 2–4 (illustrative). */
const INVENTED_SCHOOLS: Omit<SchoolSeed, 'name'>[] = [
  { type: 'Grundschule', pupils: 212, connection: 'planned' },
  { type: 'Gesamtschule', pupils: 986, connection: 'connected' },
  { type: 'Realschule', pupils: 534, connection: 'none' },
  { type: 'Förderschule', pupils: 118, connection: 'planned' },
];

function schoolFeature(
  seed: SchoolSeed,
  lon: number,
  lat: number,
  groundHeight: number,
  address: string,
  slug: string,
) {
  return {
    type: 'Feature',
    geometry: {
      type: 'Point',
      coordinates: [round(lon, 7), round(lat, 7), round(groundHeight + DEMO_UNDULATION, 1)],
    },
    properties: {
      name: seed.name,
      type: seed.type,
      pupils: seed.pupils,
      address,
      website: `https://schulen.example.org/${slug}`,
      connection: seed.connection,
      illustrative: 'true',
    },
  };
}

function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/[^a-z0-9]+/g, '-');
}

/** The demo schools as a GeoJSON FeatureCollection (lon/lat degrees, ellipsoidal ground height metres). */
export function demoSchools() {
  const gymnasium = demoLandmarks().find((landmark) => landmark.name === 'Gymnasium Sedanstraße');
  if (!gymnasium) throw new Error('demo layers: the demo city has no Gymnasium Sedanstraße');
  const features = [
    schoolFeature(
      { name: gymnasium.name, type: 'Gymnasium', pupils: 812, connection: 'connected' },
      gymnasium.longitude,
      gymnasium.latitude,
      gymnasium.groundHeight,
      'Sedanstraße 1, 42275 Wuppertal',
      slugOf(gymnasium.name),
    ),
  ];
  // Large residential buildings, one per invented school, spread round the centre.
  const candidates = districtBuildings(4).filter(
    ({ plan, ring }) => ring >= 2 && plan.name === undefined && plan.functionCode === '31001_1010',
  );
  const step = Math.floor(candidates.length / INVENTED_SCHOOLS.length);
  INVENTED_SCHOOLS.forEach((seed, index) => {
    const candidate = candidates[index * step + Math.floor(step / 2)];
    if (!candidate) throw new Error('demo layers: too few buildings for the invented schools');
    const { plan } = candidate;
    const [lon, lat] = lonLatOfGrid((plan.u0 + plan.u1) / 2, (plan.v0 + plan.v1) / 2);
    const address = `${plan.street} ${plan.houseNumber}, ${plan.postalCode} Wuppertal`;
    const school = { ...seed, name: `${seed.type} ${plan.street}` };
    features.push(schoolFeature(school, lon, lat, plan.groundHeight, address, slugOf(school.name)));
  });
  return { type: 'FeatureCollection', name: 'Schulen (illustrativ)', features };
}

/** Broadband speed classes of the coverage layer (`speed_class` property values). */
export const SPEED_CLASS_VALUES = ['lt30', '30-100', '100-1000', 'gte1000'] as const;

/**
 * Illustrative coverage areas: a 4 × 4 grid of 500 m cells over the district (grid frame), faster towards
 * the centre, as a GeoJSON FeatureCollection of polygons.
 */
export function demoCoverage() {
  const features = [];
  const cell = 500;
  for (let row = 0; row < 4; row++) {
    for (let column = 0; column < 4; column++) {
      const u0 = -1000 + column * cell;
      const v0 = -1000 + row * cell;
      const ring = Math.max(Math.abs(column - 1.5), Math.abs(row - 1.5)) - 0.5; // 0 inner, 1 outer
      const speedIndex = ring === 0 ? 3 - ((row + column) % 2) : (row * 3 + column) % 3;
      const corners: [number, number][] = [
        [u0, v0],
        [u0 + cell, v0],
        [u0 + cell, v0 + cell],
        [u0, v0 + cell],
        [u0, v0],
      ];
      features.push({
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [corners.map(([u, v]) => lonLatOfGrid(u, v))] },
        properties: {
          id: `cell-${row}-${column}`,
          speed_class: SPEED_CLASS_VALUES[speedIndex],
          fibre: speedIndex === 3 ? 'true' : 'false',
          illustrative: 'true',
        },
      });
    }
  }
  return { type: 'FeatureCollection', name: 'Breitbandversorgung (illustrativ)', features };
}

/** An illustrative fibre route along the district's streets, through the schools that are connected. */
export function demoFibreRoutes(schools: ReturnType<typeof demoSchools>) {
  const connected = schools.features
    .filter((feature) => feature.properties.connection === 'connected')
    .map((feature) => [feature.geometry.coordinates[0], feature.geometry.coordinates[1]] as [number, number]);
  const start = lonLatOfGrid(-950, -60);
  const end = lonLatOfGrid(950, 40);
  return {
    type: 'FeatureCollection',
    name: 'Glasfasertrassen (illustrativ)',
    features: [
      {
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: [start, lonLatOfGrid(0, -20), lonLatOfGrid(0, 80), end],
        },
        properties: { name: 'Trasse Werth', illustrative: 'true' },
      },
      ...connected.map((school, index) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: [lonLatOfGrid(0, 80), school] },
        properties: { name: `Schulanschluss ${index + 1}`, illustrative: 'true' },
      })),
    ],
  };
}

/** Breitbandatlas shares per speed class (all technologies, FTTH/B ≥ 1000) for the shipped municipalities. */
export function municipalityShares(csvText: string) {
  const table = readBroadbandTable(csvText, { file: 'gemeinde_privat_2019_mitte.csv' });
  const municipalities: Record<string, unknown> = {};
  for (const [ags, name] of Object.entries(MUNICIPALITIES)) {
    const coverage = table.coverageFor(ags);
    if (!coverage) throw new Error(`demo layers: AGS ${ags} (${name}) missing from the Breitbandatlas table`);
    const fibre = coverage.byTechnology.ftth?.find((entry) => entry.mbits === 1000)?.percent;
    municipalities[ags] = {
      name,
      classes: speedClassShares(coverage, 'all').map(({ label, percent }) => ({ label, percent })),
      fibreGigabitPercent: fibre,
    };
  }
  return { attribution: BROADBAND_ATTRIBUTION, unit: '% der Privathaushalte', municipalities };
}

function writeJson(name: string, value: unknown): void {
  writeFileSync(join(OUT, name), `${JSON.stringify(value, null, 1)}\n`);
  console.log(`demo layers: wrote public/data/demo/${name}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  const schools = demoSchools();
  writeJson('schools.geojson', schools);
  writeJson('broadband-coverage.geojson', demoCoverage());
  writeJson('fibre-routes.geojson', demoFibreRoutes(schools));
  writeFileSync(join(OUT, 'bplan-demo.gml'), demoPlanGml());
  console.log('demo layers: wrote public/data/demo/bplan-demo.gml');
  if (existsSync(BROADBAND_CSV)) {
    writeJson('broadband-municipalities.json', municipalityShares(readFileSync(BROADBAND_CSV, 'utf8')));
  } else {
    console.warn(`demo layers: ${BROADBAND_CSV} missing; broadband-municipalities.json left as it is`);
  }
}
