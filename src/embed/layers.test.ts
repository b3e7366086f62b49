import { describe, expect, it } from 'vitest';
import { CITIES, DEFAULT_CITY_ID } from '../app/config/cities.ts';
import type { LayerFeature } from '../app/layers/features.ts';
import { embedLayers, pointsOf } from './layers.ts';

/** The demo city's layer config (schools, coverage areas, fibre routes, the plan). */
const DEMO_LAYERS = CITIES.find((city) => city.id === DEFAULT_CITY_ID)?.layers;

const BASE = 'http://127.0.0.1:5173/embed.html';
const sameOrigin = (url: string) => url.startsWith('http://127.0.0.1:5173/');

describe('embedLayers', () => {
  it('draws only the point layers a link turns on, at the link’s opacity, from allowed sources', () => {
    const { layers, refused } = embedLayers(
      DEMO_LAYERS,
      {
        schools: { visible: true, opacity: 0.5 },
        'fibre-routes': { visible: true },
        'broadband-coverage': { visible: false },
        nowhere: { visible: true },
      },
      BASE,
      sameOrigin,
    );
    expect(layers.map((layer) => [layer.config.id, layer.opacity, layer.url])).toEqual([
      ['schools', 0.5, 'http://127.0.0.1:5173/data/demo/schools.geojson'],
    ]);
    expect(refused).toEqual([
      { id: 'fibre-routes', reason: 'kind' },
      { id: 'nowhere', reason: 'unknown' },
    ]);
  });

  it('shows nothing without layers= and refuses a source the page may not load', () => {
    expect(embedLayers(DEMO_LAYERS, undefined, BASE, sameOrigin)).toEqual({ layers: [], refused: [] });
    const { layers, refused } = embedLayers(DEMO_LAYERS, { schools: { visible: true } }, BASE, () => false);
    expect(layers).toEqual([]);
    expect(refused).toEqual([{ id: 'schools', reason: 'origin' }]);
  });
});

describe('pointsOf', () => {
  const ground = { longitude: 7.2, latitude: 51.29, heightNhn: 160, radiusMetres: 3000, undulation: 46.6 };
  const feature = (coordinates: [number, number], height?: number): LayerFeature => ({
    layerId: 'schools',
    id: `schools:${coordinates.join()}`,
    kind: 'point',
    coordinates: [[coordinates]],
    properties: {},
    ...(height === undefined ? {} : { height }),
  });

  it('takes a point’s own height, else the city’s ground within its radius, else the ellipsoid', () => {
    const points = pointsOf(
      [feature([7.201, 51.29], 203), feature([7.202, 51.291]), feature([8, 52])],
      ground,
    );
    expect(points.map((point) => point.height)).toEqual([203, 206.6, 0]);
    expect(points[0]).toMatchObject({ longitude: 7.201, latitude: 51.29 });
  });

  it('leaves out lines and polygons', () => {
    const line: LayerFeature = { ...feature([7.2, 51.29]), kind: 'line' };
    expect(pointsOf([line], ground)).toEqual([]);
  });
});
