import { describe, expect, it } from 'vitest';
import { ShadowMap } from 'cesium';
import { fadeGrazingShadows } from './shadow-bias.ts';

describe('fadeGrazingShadows', () => {
  it('sets the models’ normal shading smoothness and puts the previous value back', () => {
    const shadowMap = { _primitiveBias: { normalShadingSmooth: 0.05, depthBias: 0.00002 } };
    const restore = fadeGrazingShadows(shadowMap, 0.15);
    expect(shadowMap._primitiveBias).toEqual({ normalShadingSmooth: 0.15, depthBias: 0.00002 });
    restore();
    expect(shadowMap._primitiveBias).toEqual({ normalShadingSmooth: 0.05, depthBias: 0.00002 });
  });

  it('leaves a shadow map without that bias alone', () => {
    const shadowMap = { _terrainBias: { normalShadingSmooth: 0.3 } };
    fadeGrazingShadows(shadowMap, 0.15)();
    expect(shadowMap).toEqual({ _terrainBias: { normalShadingSmooth: 0.3 } });
    expect(() => fadeGrazingShadows({ _primitiveBias: null }, 0.15)()).not.toThrow();
  });

  it('finds the bias where this Cesium version keeps it', () => {
    // Cesium's own ShadowMap prototype: a field renamed by an upgrade shows here, not as stripes on roofs.
    const source = ShadowMap.toString();
    expect(source).toContain('_primitiveBias');
    expect(source).toContain('normalShadingSmooth');
  });
});
