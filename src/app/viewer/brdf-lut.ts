/**
 * The precomputed BRDF lookup table (`public/brdf-lut.png`, see `src/core/render/brdf-lut.ts`) handed to Cesium, so
 * that Cesium does not render its own the first time a model with image-based lighting is drawn. That render is one
 * 256×256 pass of 1024 samples a pixel: nothing on a GPU, but on a software renderer (SwiftShader, llvmpipe: every
 * shader runs on the CPU) 1.4–4.8 s on two shared cores, and it fell between the first building tile's arrival and
 * the frame that draws it, for our viewer as for a bare Cesium viewer (bench/viewer-startup.ts). The file holds the
 * same table (computed as Cesium's shader does; 99.8 % of the bytes equal to SwiftShader's render, the rest one step
 * off), so buildings look the same. If the file cannot be read, or a Cesium upgrade changed the private generator
 * this relies on, Cesium renders the table itself as before.
 */
import { PixelDatatype, PixelFormat, Sampler, Texture } from 'cesium';
import type { CesiumWidget } from 'cesium';

/** The table's file, relative to the page (written by `tools/build-brdf-lut.ts`). */
export const BRDF_LUT_FILE = 'brdf-lut.png';

/** The part of Cesium 1.145's private `BrdfLutGenerator` (`scene._brdfLutGenerator`) this relies on. */
interface BrdfLutGenerator {
  /** Undefined until the table exists; Cesium renders it in `update` then, and destroys it with the scene. */
  _colorTexture: Texture | undefined;
  update: unknown;
}

/** Cesium's scene with its WebGL context and its private table generator (both undocumented). */
interface SceneInternals {
  context?: unknown;
  _brdfLutGenerator?: Partial<BrdfLutGenerator>;
}

const installs = new WeakMap<CesiumWidget, Promise<void>>();

/**
 * Fetches the table and hands it to `viewer`'s scene, once per viewer; resolves when done, or when it could not be
 * (then Cesium renders its own). `CityTileset` waits for it before adding the city, so the table is there before the
 * first building is drawn.
 */
export function precomputedBrdfLut(viewer: CesiumWidget): Promise<void> {
  let install = installs.get(viewer);
  if (!install) {
    install = fetch(new URL(BRDF_LUT_FILE, document.baseURI))
      .then((response) => (response.ok ? response.blob() : undefined))
      // As stored: no colour management, no premultiplication (alpha is 1 anyway).
      .then((blob) =>
        blob
          ? createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' })
          : undefined,
      )
      .then((bitmap) => {
        if (bitmap) installTable(viewer, bitmap);
      })
      .catch(() => undefined);
    installs.set(viewer, install);
  }
  return install;
}

function installTable(viewer: CesiumWidget, bitmap: ImageBitmap): void {
  if (viewer.isDestroyed()) return;
  const scene = viewer.scene as unknown as SceneInternals;
  const generator = scene._brdfLutGenerator;
  // Only where the generator still has the shape this was written for and has not drawn its table yet.
  if (!scene.context || !generator || typeof generator.update !== 'function') return;
  if (!('_colorTexture' in generator) || generator._colorTexture !== undefined) return;
  if (bitmap.width !== 256 || bitmap.height !== 256) return;
  generator._colorTexture = new Texture({
    context: scene.context,
    source: bitmap,
    pixelFormat: PixelFormat.RGBA,
    pixelDatatype: PixelDatatype.UNSIGNED_BYTE,
    // Cesium's own table is sampled texel by texel; the PNG's first row is the texture's row 0.
    sampler: Sampler.NEAREST,
    flipY: false,
  });
  bitmap.close();
}

/** Cesium's texture and sampler classes, exported by the package but left out of its type declarations. */
declare module 'cesium' {
  /** A WebGL texture (`Renderer/Texture.js`); the scene that holds it destroys it. */
  export class Texture {
    constructor(options: {
      context: unknown;
      source: ImageBitmap;
      pixelFormat: PixelFormat;
      pixelDatatype: PixelDatatype;
      sampler: Sampler;
      flipY: boolean;
    });
    destroy(): void;
  }
  /** Texture sampling state (`Renderer/Sampler.js`). */
  export class Sampler {
    static readonly NEAREST: Sampler;
  }
}
