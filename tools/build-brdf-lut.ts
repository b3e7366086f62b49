/**
 * Writes `public/brdf-lut.png`: the split-sum BRDF lookup table CesiumJS renders on the GPU before the first model is
 * drawn (`src/core/render/brdf-lut.ts`), computed here once so the viewer can upload it instead
 * (`src/app/viewer/brdf-lut.ts`). 256×256 RGBA, red and green used, first PNG row = texture row 0 (roughness 0.5/256).
 * Run again after a Cesium upgrade changes `BrdfLutGeneratorFS.glsl` (test/brdf-lut.test.ts says when):
 * `npx tsx tools/build-brdf-lut.ts` (about 5–10 s).
 */
import { writeFileSync } from 'node:fs';
import { brdfLut, BRDF_LUT_SIZE } from '../src/core/render/brdf-lut.ts';
import { encodePng } from '../vite-icons.ts';

/** The table as RGBA pixels (blue 0, alpha 255, as Cesium's render target holds it). */
export function brdfLutRgba(rg: Uint8Array): Uint8Array {
  const rgba = new Uint8Array((rg.length / 2) * 4);
  for (let i = 0; i < rg.length / 2; i += 1) {
    rgba[i * 4] = rg[i * 2]!;
    rgba[i * 4 + 1] = rg[i * 2 + 1]!;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** Where the viewer fetches the table from (relative to the build's root). */
export const BRDF_LUT_PNG = new URL('../public/brdf-lut.png', import.meta.url);

if (import.meta.url === `file://${process.argv[1]}`) {
  const png = encodePng(brdfLutRgba(brdfLut()), BRDF_LUT_SIZE, BRDF_LUT_SIZE);
  writeFileSync(BRDF_LUT_PNG, png);
  console.log(`${BRDF_LUT_PNG.pathname}: ${png.length} bytes`);
}
