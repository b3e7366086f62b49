// The built module exports these (build/index.three.js) while its typings leave them out. Type-only: modules that
// use them import this file with `import type {} from './tiles-renderer-types.ts'`.
import type { Frames } from '3d-tiles-renderer/src/three/renderer/math/Ellipsoid.js';

declare module '3d-tiles-renderer/three' {
  /** Camera frame of `Ellipsoid.getObjectFrame`: +Y up, −Z forward. */
  export const CAMERA_FRAME: Frames;
}

declare module '3d-tiles-renderer/src/core/renderer/utilities/LRUCache.js' {
  interface LRUCache {
    /** Bytes of the loaded tiles' geometry and textures, 3d-tiles-renderer's estimate. */
    readonly cachedBytes: number;
  }
}

export {};
