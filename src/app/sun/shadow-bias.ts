/** The part of Cesium's `ShadowMap` whose bias for buildings and other models this module tunes. */
interface ShadowMapBiases {
  /** Cesium's bias for primitives and models (a private field, read by the shaders' uniforms each frame). */
  _primitiveBias?: { normalShadingSmooth?: unknown };
}

/**
 * Lets shadows on models fade in over the first `smooth` of n·l (the cosine between a surface's normal and the
 * sun) instead of Cesium's 0.05 (about 3°): a surface the sun grazes is drawn in shade rather than with the
 * stripes of shadow acne, which a shadow map cannot avoid at grazing angles (each texel spans many metres of
 * depth there). Such a surface gets little direct light anyway (n·l of it). Returns a function that puts the
 * previous value back; does nothing (and restores nothing) where Cesium has no such bias.
 */
export function fadeGrazingShadows(shadowMap: object, smooth: number): () => void {
  const bias = (shadowMap as ShadowMapBiases)._primitiveBias;
  if (typeof bias !== 'object' || bias === null || typeof bias.normalShadingSmooth !== 'number')
    return () => {};
  const previous = bias.normalShadingSmooth;
  bias.normalShadingSmooth = smooth;
  return () => {
    bias.normalShadingSmooth = previous;
  };
}
