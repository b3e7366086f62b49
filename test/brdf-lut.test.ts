import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTestPng } from './png.ts';
import { brdfLutRow, BRDF_LUT_SIZE } from '../src/core/render/brdf-lut.ts';

const PNG = new Uint8Array(readFileSync(new URL('../public/brdf-lut.png', import.meta.url)));
const CESIUM = new URL('../node_modules/@cesium/engine/Source/', import.meta.url);

const decode = decodeTestPng;

describe('precomputed BRDF lookup table (public/brdf-lut.png)', () => {
  it('was computed for the shader and generator of the installed Cesium (else: npx tsx tools/build-brdf-lut.ts)', () => {
    const sha256 = (path: string) =>
      createHash('sha256')
        .update(readFileSync(new URL(path, CESIUM)))
        .digest('hex');
    // Cesium 1.145's BrdfLutGeneratorFS.glsl (1024 GGX samples a texel) and BrdfLutGenerator.js (256×256 RGBA8,
    // nearest sampling, `_colorTexture` made in `update` when undefined), which src/app/viewer/brdf-lut.ts relies on.
    expect(sha256('Shaders/BrdfLutGeneratorFS.glsl')).toBe(
      'b6e9fb9f4b11663c4eefdba300df49568bd46b2b79374aad898da09e1da642a8',
    );
    expect(sha256('Scene/BrdfLutGenerator.js')).toBe(
      'ef98a43a74fc2d2f2dc6766640584a3e25c1c3917773b760c9a635405d513cb7',
    );
  });

  it('holds the table row by row (red: Fresnel scale, green: bias; blue 0, alpha 255)', () => {
    const image = decode(PNG);
    expect([image.width, image.height]).toEqual([BRDF_LUT_SIZE, BRDF_LUT_SIZE]);
    for (const row of [0, 1, 37, 128, 200, 255]) {
      const rg = brdfLutRow(row);
      const stored = image.rgba.subarray(row * BRDF_LUT_SIZE * 4, (row + 1) * BRDF_LUT_SIZE * 4);
      for (let column = 0; column < BRDF_LUT_SIZE; column += 1) {
        expect([...stored.subarray(column * 4, column * 4 + 4)], `row ${row}, column ${column}`).toEqual([
          rg[column * 2],
          rg[column * 2 + 1],
          0,
          255,
        ]);
      }
    }
  });

  it('has the split-sum table’s known shape: smooth and head-on = (1, 0), grazing = (0, 1), rough head-on ≈ (0.31, 0)', () => {
    const smooth = brdfLutRow(0);
    const rough = brdfLutRow(BRDF_LUT_SIZE - 1);
    const last = (BRDF_LUT_SIZE - 1) * 2;
    expect([smooth[last], smooth[last + 1]]).toEqual([255, 0]);
    expect(smooth[0]).toBeLessThan(5);
    expect(smooth[1]).toBeGreaterThan(250);
    expect(rough[last]! / 255).toBeCloseTo(0.31, 1);
    // Scale plus bias never exceeds 1 (energy) beyond rounding.
    for (const row of [smooth, rough, brdfLutRow(128)]) {
      for (let column = 0; column < BRDF_LUT_SIZE; column += 1) {
        expect(row[column * 2]! + row[column * 2 + 1]!).toBeLessThanOrEqual(256);
      }
    }
  });
});
