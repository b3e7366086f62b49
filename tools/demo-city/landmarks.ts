/**
 * Notable buildings of the demo city and where they stand, for camera home views and end-to-end tests.
 * Positions are computed from the same plans the generator writes, so they always match the file.
 */
import proj4 from 'proj4';
import { DEMO_CITY_DEFAULTS } from './generate.ts';
import { DistrictLayout, gridToMap, ringIndices } from './layout.ts';
import { isOpenBlock, planBlock } from './plans.ts';

/** gml:id of Rathaus Barmen: block (0, 0) is generated first and the town hall is its first building. */
export const DEMO_CENTRE_BUILDING_ID = 'DEMO_BLDG_000001';
/** gml:name of the centre building. */
export const DEMO_CENTRE_BUILDING_NAME = 'Rathaus Barmen';

/** A named building of the demo city. */
export interface DemoLandmark {
  id: string;
  name: string;
  /** Centre of the footprint, EPSG:25832 metres. */
  easting: number;
  northing: number;
  /** Centre of the footprint, ETRS89 degrees (≈ WGS 84 at viewer precision). */
  longitude: number;
  latitude: number;
  /** Ground and ridge (top) heights, DHHN2016 metres above NHN (add the geoid for ellipsoidal heights). */
  groundHeight: number;
  topHeight: number;
}

const UTM32 = '+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs';

/**
 * Named buildings of the inner rings (town hall, its tower, churches, schools) for a seed; buildings are
 * numbered as the generator numbers them. Only the first `rings` rings are searched (default 2).
 */
export function demoLandmarks(seed: number = DEMO_CITY_DEFAULTS.seed, rings = 2): DemoLandmark[] {
  const layout = new DistrictLayout(seed);
  const toLonLat = proj4(UTM32, 'EPSG:4326');
  const landmarks: DemoLandmark[] = [];
  let number = 0;
  for (let ring = 0; ring <= rings; ring++) {
    for (const [i, j] of ringIndices(ring)) {
      const block = layout.block(i, j);
      if (isOpenBlock(block.kind)) continue;
      for (const plan of planBlock(layout, block)) {
        number++;
        if (plan.name === undefined) continue;
        const [easting, northing] = gridToMap((plan.u0 + plan.u1) / 2, (plan.v0 + plan.v1) / 2);
        const [longitude, latitude] = toLonLat.forward([easting, northing]) as [number, number];
        landmarks.push({
          id: `DEMO_BLDG_${String(number).padStart(6, '0')}`,
          name: plan.name,
          easting,
          northing,
          longitude,
          latitude,
          groundHeight: plan.groundHeight,
          topHeight: plan.groundHeight + plan.eaveHeight + plan.roofHeight,
        });
      }
    }
  }
  return landmarks;
}
