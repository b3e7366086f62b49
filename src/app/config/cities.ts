import { DEMO_LAYERS } from '../layers/demo-config.ts';
import type { BaseMapConfig, CityConfig } from './types.ts';

const offlineBaseMap: BaseMapConfig = { kind: 'natural-earth' };

/**
 * basemap.de Web Raster (the official German base map, BKG + Länder), for deployments that may
 * reach it. Off by default: select with `?basemap=basemapde` or set it in a city's config.
 */
export const BASEMAP_DE: BaseMapConfig = {
  kind: 'wmts',
  url: 'https://sgx.geodatenzentrum.de/wmts_basemapde/tile/1.0.0/de_basemapde_web_raster_farbe/{Style}/{TileMatrixSet}/{TileMatrix}/{TileRow}/{TileCol}.png',
  layer: 'de_basemapde_web_raster_farbe',
  style: 'default',
  tileMatrixSetID: 'GLOBAL_WEBMERCATOR',
  format: 'image/png',
  maximumLevel: 18,
  attribution: '© basemap.de / BKG',
};

/** OpenStreetMap standard tiles, for deployments that may reach them (see their tile usage policy). */
export const OPENSTREETMAP: BaseMapConfig = {
  kind: 'xyz',
  url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
  maximumLevel: 19,
  attribution: '© OpenStreetMap contributors',
};

const demoTilesHint = {
  de: 'Die Demo-Kacheln fehlen. `npm start` erzeugt sie (oder `npm run demo:tiles`).',
  en: 'The demo tiles are missing. `npm start` generates them (or `npm run demo:tiles`).',
};

/**
 * The cities this deployment knows. Wuppertal shows the built-in, generated demo district around
 * Rathaus Barmen (EPSG:25832 E 374 500, N 5 683 500); Solingen and Remscheid show how further
 * municipalities share one deployment: convert their CityGML into `public/tiles/<id>/`.
 */
export const CITIES: readonly CityConfig[] = [
  {
    id: 'wuppertal',
    name: 'Wuppertal',
    ags: '05124000',
    title: { de: 'Wuppertal-Barmen (Demo)', en: 'Wuppertal-Barmen (demo)' },
    tilesets: [
      {
        id: 'demo',
        url: 'tiles/demo/tileset.json',
        label: { de: 'Gebäude und Gelände (Demo)', en: 'Buildings and ground (demo)' },
        attribution: {
          de: 'Demo-Stadtmodell: generiert, illustrativ',
          en: 'Demo city model: generated, illustrative',
        },
        missingHint: demoTilesHint,
      },
    ],
    compareTilesets: [
      {
        // Generated beside the demo (tools/build-demo-tiles.ts): the same district without the buildings built since.
        id: 'demo-2000',
        url: 'tiles/demo-2000/tileset.json',
        label: { de: 'Bestand 2000 (Demo)', en: 'As built in 2000 (demo)' },
        attribution: {
          de: 'Demo-Stadtmodell: generiert, illustrativ',
          en: 'Demo city model: generated, illustrative',
        },
        missingHint: demoTilesHint,
        year: 2000,
      },
    ],
    homeView: {
      // Rathaus Barmen of the demo district (DEMO_BLDG_000001), at half its height: EPSG:25832
      // E 374 502, N 5 683 488, 167 m DHHN2016 + 46.6 m EGM96 undulation.
      target: { longitude: 7.200239, latitude: 51.288871, height: 213 },
      heading: 200,
      pitch: -32,
      range: 850,
    },
    baseMap: offlineBaseMap,
    // Generated beside the demo tiles (tools/build-demo-tiles.ts) from the same ground as the buildings'.
    // Shown from the start; `?terrain=none` (or the layer list's switch) shows the bare ellipsoid instead.
    terrain: {
      url: 'terrain/demo/layer.json',
      label: { de: 'Gelände (Demo)', en: 'Terrain (demo)' },
      attribution: {
        de: 'Demo-Gelände: generiert, illustrativ',
        en: 'Demo terrain: generated, illustrative',
      },
      missingHint: demoTilesHint,
      // The demo tileset's own ground (streets, blocks, water) covers this square, 3 m inside its edges (checked
      // against the generator by test/demo-terrain-cut-out.test.ts): the terrain there would fight it pixel by pixel.
      cutOut: [
        [
          [7.1936562, 51.2833616],
          [7.2094446, 51.2850013],
          [7.2070304, 51.294147],
          [7.191239, 51.292507],
        ],
      ],
    },
    attributions: ['Natural Earth II (Cesium)'],
    notice: {
      de: 'Illustratives, generiertes Stadtmodell – keine amtlichen Daten.',
      en: 'Illustrative, generated city model – not official data.',
    },
    layers: DEMO_LAYERS,
    stories: [
      {
        id: 'demo-de',
        title: { de: 'Rundgang Demo-Viertel (deutsch)', en: 'Demo district tour (German)' },
        url: 'stories/demo.de.json',
        language: 'de',
      },
      {
        id: 'demo-en',
        title: { de: 'Rundgang Demo-Viertel (englisch)', en: 'Demo district tour (English)' },
        url: 'stories/demo.en.json',
        language: 'en',
      },
    ],
  },
  {
    id: 'solingen',
    name: 'Solingen',
    ags: '05122000',
    title: { de: 'Solingen', en: 'Solingen' },
    tilesets: [
      {
        id: 'lod2',
        url: 'tiles/solingen/tileset.json',
        label: { de: 'LoD2-Gebäude', en: 'LoD2 buildings' },
        attribution: 'Geobasis NRW (dl-de/zero-2-0)',
        missingHint: {
          de: 'Noch nicht konvertiert: `npm run convert -- <CityGML> --out public/tiles/solingen`.',
          en: 'Not converted yet: `npm run convert -- <CityGML> --out public/tiles/solingen`.',
        },
      },
    ],
    homeView: {
      target: { longitude: 7.0845, latitude: 51.1717, height: 270 },
      heading: 0,
      pitch: -40,
      range: 2500,
    },
    baseMap: offlineBaseMap,
    attributions: ['Natural Earth II (Cesium)'],
    layers: { groups: [], layers: [], broadbandStatisticsUrl: DEMO_LAYERS.broadbandStatisticsUrl },
  },
  {
    id: 'remscheid',
    name: 'Remscheid',
    ags: '05120000',
    title: { de: 'Remscheid', en: 'Remscheid' },
    tilesets: [
      {
        id: 'lod2',
        url: 'tiles/remscheid/tileset.json',
        label: { de: 'LoD2-Gebäude', en: 'LoD2 buildings' },
        attribution: 'Geobasis NRW (dl-de/zero-2-0)',
        missingHint: {
          de: 'Noch nicht konvertiert: `npm run convert -- <CityGML> --out public/tiles/remscheid`.',
          en: 'Not converted yet: `npm run convert -- <CityGML> --out public/tiles/remscheid`.',
        },
      },
    ],
    homeView: {
      target: { longitude: 7.1894, latitude: 51.1787, height: 400 },
      heading: 0,
      pitch: -40,
      range: 2500,
    },
    baseMap: offlineBaseMap,
    attributions: ['Natural Earth II (Cesium)'],
    layers: { groups: [], layers: [], broadbandStatisticsUrl: DEMO_LAYERS.broadbandStatisticsUrl },
  },
];

export const DEFAULT_CITY_ID = 'wuppertal';
