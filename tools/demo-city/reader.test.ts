import { describe, expect, it } from 'vitest';
import { createCityGmlReader } from '../../src/core/citygml/index.ts';
import type { CityObjectRecord } from '../../src/core/citygml/index.ts';
import { generateDemoCityChunks } from './generate.ts';

describe('demo city through the project CityGML reader', () => {
  it('reads every building with its XLinked LoD2 solid, attributes and address, and the ground features', () => {
    const reader = createCityGmlReader({ file: 'demo-city.gml' });
    const objects: CityObjectRecord[] = [];
    for (const chunk of generateDemoCityChunks({ buildings: 300, seed: 11 }))
      objects.push(...reader.write(chunk));
    const { objects: rest, summary } = reader.close();
    objects.push(...rest);

    expect(summary.version).toBe('2.0');
    expect(summary.srsName).toBe('urn:ogc:def:crs,crs:EPSG::25832,crs:EPSG::7837');
    expect(summary.objectsByType['Building']).toBe(300);
    expect(summary.objectsByType['LandUse']).toBeGreaterThan(0);
    expect(summary.objectsByType['Road']).toBeGreaterThan(0);
    expect(summary.objectsByType['WaterBody']).toBeGreaterThan(0);
    expect(summary.droppedPolygons).toBe(0);
    expect(summary.warnings).toEqual([]);

    const buildings = objects.filter((o) => o.type === 'Building');
    expect(buildings).toHaveLength(300);
    const townHall = buildings[0]!;
    expect(townHall.id).toBe('DEMO_BLDG_000001');
    expect(townHall.attributes).toMatchObject({
      name: 'Rathaus Barmen',
      function: '31001_3012',
      roofType: '3200',
      storeysAboveGround: 4,
      yearOfConstruction: 1922,
    });
    expect(townHall.attributes.addresses[0]).toMatchObject({
      street: 'Johannes-Rau-Platz',
      houseNumber: '1',
      postalCode: '42275',
      locality: 'Wuppertal',
      country: 'Deutschland',
    });
    for (const building of buildings) {
      expect(building.lod).toBe(2);
      const semantics = new Set(building.polygons.map((p) => p.semantic));
      expect(semantics).toEqual(new Set(['roof', 'wall', 'ground']));
      // A box has 6 faces, the richest form (a mansard roof) 10; each polygon once, never twice.
      expect(building.polygons.length).toBeGreaterThanOrEqual(6);
      expect(building.polygons.length).toBeLessThanOrEqual(10);
      const ids = building.polygons.map((p) => p.gmlId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(building.attributes.measuredHeight).toBeGreaterThan(2);
      expect(building.attributes.generic['Gemeindeschluessel']).toBe('05124000');
    }
    const ground = objects.filter((o) => o.type !== 'Building');
    expect(ground.every((o) => o.lod === 1 && o.polygons.length > 0)).toBe(true);
  });
});
