import { describe, expect, it } from 'vitest';
import {
  chooseTerrain,
  isSameOriginPath,
  terrainBaseUrl,
  terrainProbePoint,
  withTerrainParam,
} from './terrain-source.ts';

const DEMO = { url: 'terrain/demo/layer.json', label: { de: 'Gelände', en: 'Terrain' } };

describe('terrainBaseUrl', () => {
  it('is the folder, ending in a slash, for a layer.json or a folder', () => {
    expect(terrainBaseUrl('terrain/demo/layer.json')).toBe('terrain/demo/');
    expect(terrainBaseUrl('layer.json')).toBe('./');
    expect(terrainBaseUrl('terrain/demo/')).toBe('terrain/demo/');
    expect(terrainBaseUrl('terrain/demo')).toBe('terrain/demo/');
    expect(terrainBaseUrl('terrain/demo?v=2')).toBe('terrain/demo/?v=2');
  });
});

describe('isSameOriginPath', () => {
  it('accepts relative and root-relative paths', () => {
    expect(isSameOriginPath('terrain/maastricht/layer.json')).toBe(true);
    expect(isSameOriginPath('/terrain/maastricht/')).toBe(true);
    expect(isSameOriginPath('./terrain/x')).toBe(true);
  });
  it('refuses anything that could leave the origin or the app folder', () => {
    for (const value of [
      'https://example.org/layer.json',
      'HTTP://example.org/',
      '//example.org/layer.json',
      '/\\example.org/layer.json',
      'javascript:alert(1)',
      'data:application/json,{}',
      'terrain/../../etc/layer.json',
      'terrain/%2e%2e/x',
      'terrain/\nx',
      '',
      // what the URL parser forgives or rewrites: leading spaces, `.%2e` as `..`, `/..` above the root
      ' //evil.example/t/',
      ' https://evil.example/t/',
      '\t//evil.example/t/',
      '.%2e/.%2e/other/',
      '%2e./x/',
      '/terrain/../../x/',
      '/%2e%2e/x/',
      'terrain/x%2F..%2F..%2F',
      '//evil.example',
      '///evil.example/t/',
    ]) {
      expect(isSameOriginPath(value), value).toBe(false);
    }
  });
});

describe('chooseTerrain', () => {
  it('takes the configured terrain without a parameter, and none when neither names one', () => {
    expect(chooseTerrain('', DEMO)).toEqual({ source: DEMO, available: DEMO });
    expect(chooseTerrain('?city=solingen', undefined)).toEqual({ source: undefined });
  });
  it('terrain=none drops the configured terrain (the ellipsoid); the switch can bring it back', () => {
    expect(chooseTerrain('?terrain=none', DEMO)).toEqual({ source: undefined, available: DEMO });
    expect(chooseTerrain('?terrain=none', undefined)).toEqual({ source: undefined });
  });
  it('a name is a folder under terrain/, a path is taken as it is', () => {
    expect(chooseTerrain('?terrain=maastricht', undefined).source?.url).toBe('terrain/maastricht/layer.json');
    expect(chooseTerrain('?terrain=demo', DEMO)).toEqual({ source: DEMO, available: DEMO });
    expect(chooseTerrain('?terrain=data/qm/layer.json', DEMO).source?.url).toBe('data/qm/layer.json');
  });
  it('a terrain not shown at start is shown when the link names it', () => {
    const optIn = { ...DEMO, shownAtStart: false };
    expect(chooseTerrain('', optIn)).toEqual({ source: undefined, available: optIn });
    expect(chooseTerrain('?terrain=demo', optIn)).toEqual({ source: optIn, available: optIn });
    expect(chooseTerrain('?terrain=https://x.example/', optIn)).toEqual({
      source: undefined,
      refused: 'https://x.example/',
      available: optIn,
    });
  });
  it('refuses other origins and keeps the configured terrain', () => {
    expect(chooseTerrain(`?terrain=${encodeURIComponent('https://evil.example/layer.json')}`, DEMO)).toEqual({
      source: DEMO,
      refused: 'https://evil.example/layer.json',
      available: DEMO,
    });
    expect(chooseTerrain('?terrain=//evil.example/', undefined)).toEqual({
      source: undefined,
      refused: '//evil.example/',
    });
  });
});

describe('withTerrainParam', () => {
  it('sets, replaces and removes terrain= and keeps every other segment verbatim', () => {
    expect(withTerrainParam('', 'none')).toBe('?terrain=none');
    expect(withTerrainParam('?view=7.2,51.2,300,0,-30,0&terrain=demo', 'none')).toBe(
      '?view=7.2,51.2,300,0,-30,0&terrain=none',
    );
    expect(withTerrainParam('?terrain=none&lang=en', null)).toBe('?lang=en');
    expect(withTerrainParam('?terrain=none', null)).toBe('');
    expect(withTerrainParam('lang=en', 'data/qm/layer.json')).toBe('?lang=en&terrain=data%2Fqm%2Flayer.json');
  });
});

describe('terrainProbePoint', () => {
  it('reads lon,lat in degrees and ignores anything else', () => {
    expect(terrainProbePoint('?terrainProbe=5.69,50.85')).toEqual([5.69, 50.85]);
    expect(terrainProbePoint('?terrainProbe=5.69')).toBeUndefined();
    expect(terrainProbePoint('?terrainProbe=a,b')).toBeUndefined();
    expect(terrainProbePoint('?terrainProbe=200,50')).toBeUndefined();
    expect(terrainProbePoint('')).toBeUndefined();
  });
});
