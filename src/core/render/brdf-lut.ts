/**
 * The split-sum BRDF lookup table of image-based lighting, computed on the CPU exactly as CesiumJS 1.145 renders it
 * on the GPU (`Shaders/BrdfLutGeneratorFS.glsl`, drawn once by `Scene/BrdfLutGenerator.js` into a 256×256 RGBA8
 * texture the first time a model with image-based lighting is drawn): for each texel, 1024 GGX importance samples
 * (Hammersley points) of the Smith-GGX visibility, split into the Fresnel scale (red) and bias (green).
 *
 * Why on the CPU, once, ahead of time: on a software renderer (SwiftShader, llvmpipe: no GPU) that one pass is 67
 * million loop iterations of shader code on the CPU, 1.4–4.8 s on two shared cores, and it sits between the first
 * building tile's arrival and the frame that draws it (bench/viewer-startup.ts). The app uploads this table instead
 * (`src/app/viewer/brdf-lut.ts`; the file is made by `tools/build-brdf-lut.ts`).
 */

/** Texels per side of Cesium's table; columns are N·V, rows the perceptual roughness (both at texel centres). */
export const BRDF_LUT_SIZE = 256;

/** Importance samples per texel (Cesium's `NumSamples`). */
export const BRDF_LUT_SAMPLES = 1024;

/** Van der Corput radical inverse in base 2 (the shader's `vdcRadicalInverse`). */
function radicalInverse(index: number): number {
  let value = 0;
  let weight = 0.5;
  for (let i = index; i > 0; i = Math.floor(i / 2)) {
    value += (i % 2) * weight;
    weight /= 2;
  }
  return value;
}

/**
 * The table's red and green bytes for one row (roughness of the texel centre `(row + 0.5) / size`), as the GPU
 * writes them into an RGBA8 target: each value clamped to 0..1 and rounded to the nearest of 255 steps. Two bytes per
 * texel (red, green), columns in order of N·V.
 */
export function brdfLutRow(row: number, size = BRDF_LUT_SIZE, samples = BRDF_LUT_SAMPLES): Uint8Array {
  const out = new Uint8Array(size * 2);
  const roughness = (row + 0.5) / size;
  const alpha = roughness * roughness;
  const alpha2 = alpha * alpha;
  // Per sample, the half vector H in the tangent frame of N = +Z. The shader's frame for N = +Z is
  // tangentX = (0, -1, 0), tangentY = (1, 0, 0), so H in world axes is (H.y, -H.x, H.z).
  const hx = new Float64Array(samples);
  const hz = new Float64Array(samples);
  for (let i = 0; i < samples; i += 1) {
    const xiX = i / samples;
    const xiY = radicalInverse(i);
    const phi = 2 * Math.PI * xiX;
    const cosTheta = Math.sqrt((1 - xiY) / (1 + (alpha2 - 1) * xiY));
    const sinTheta = Math.sqrt(1 - cosTheta * cosTheta);
    // World x = local H.y = sinθ·sinφ; world y (= -sinθ·cosφ) does not enter any dot product with V (y = 0).
    hx[i] = sinTheta * Math.sin(phi);
    hz[i] = cosTheta;
  }
  for (let column = 0; column < size; column += 1) {
    const nDotV = (column + 0.5) / size;
    const vx = Math.sqrt(1 - nDotV * nDotV);
    const vz = nDotV;
    let a = 0;
    let b = 0;
    for (let i = 0; i < samples; i += 1) {
      const hX = hx[i]!;
      const hZ = hz[i]!;
      const vDotHRaw = vx * hX + vz * hZ;
      // L = 2 (V·H) H - V; only its z matters (N·L).
      const lz = 2 * vDotHRaw * hZ - vz;
      const nDotL = Math.min(Math.max(lz, 0), 1);
      const nDotH = Math.min(Math.max(hZ, 0), 1);
      const vDotH = Math.min(Math.max(vDotHRaw, 0), 1);
      if (nDotL > 0) {
        const ggxV = nDotL * Math.sqrt(nDotV * nDotV * (1 - alpha2) + alpha2);
        const ggxL = nDotV * Math.sqrt(nDotL * nDotL * (1 - alpha2) + alpha2);
        const ggx = ggxV + ggxL;
        const g = ggx > 0 ? 0.5 / ggx : 0;
        const gVis = (4 * g * vDotH * nDotL) / nDotH;
        const fc = Math.pow(1 - vDotH, 5);
        a += (1 - fc) * gVis;
        b += fc * gVis;
      }
    }
    out[column * 2] = toUnorm8(a / samples);
    out[column * 2 + 1] = toUnorm8(b / samples);
  }
  return out;
}

/** A value in 0..1 as an 8-bit normalised byte (round to nearest, as GPUs convert to UNORM8). */
function toUnorm8(value: number): number {
  return Math.round(Math.min(Math.max(value, 0), 1) * 255);
}

/** The whole table: `size` rows of `brdfLutRow`, bottom row (smallest roughness) first, as WebGL textures are laid out. */
export function brdfLut(size = BRDF_LUT_SIZE, samples = BRDF_LUT_SAMPLES): Uint8Array {
  const out = new Uint8Array(size * size * 2);
  for (let row = 0; row < size; row += 1) out.set(brdfLutRow(row, size, samples), row * size * 2);
  return out;
}
