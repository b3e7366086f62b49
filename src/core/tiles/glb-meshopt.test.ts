import { describe, expect, it } from 'vitest';
import { permuteVertices } from './glb-meshopt.ts';

/** The plain per-byte permutation permuteVertices must equal. */
function reference(
  bytes: Uint8Array,
  stride: number,
  remap: Uint32Array,
  count: number,
  vertexCount: number,
) {
  const out = new Uint8Array(vertexCount * stride);
  for (let v = 0; v < count; v++) {
    if (remap[v] === 0xffffffff) continue;
    out.set(bytes.subarray(v * stride, v * stride + stride), remap[v]! * stride);
  }
  return out;
}

describe('permuteVertices', () => {
  // Strides of the tile streams (2: material keys, 4: normals/colours/feature IDs, 8: positions/uv,
  // 12: float positions) and an odd one; offsets 0 (typed-array word paths) and 1 (byte path).
  for (const stride of [1, 2, 3, 4, 8, 12]) {
    for (const offset of [0, 1]) {
      it(`moves ${stride}-byte records at byte offset ${offset} as the byte-wise copy does`, () => {
        const count = 37;
        const backing = new Uint8Array(offset + count * stride);
        for (let i = 0; i < backing.length; i++) backing[i] = (i * 97 + 13) & 0xff;
        const bytes = backing.subarray(offset);
        // Every third vertex dropped, the rest reversed.
        const remap = new Uint32Array(count).fill(0xffffffff);
        let kept = 0;
        for (let v = 0; v < count; v++) if (v % 3 !== 1) kept++;
        let next = kept;
        for (let v = 0; v < count; v++) if (v % 3 !== 1) remap[v] = --next;
        const got = permuteVertices(bytes, stride, remap, count, kept);
        expect(got).toEqual(reference(bytes, stride, remap, count, kept));
        expect(got.byteLength).toBe(kept * stride);
      });
    }
  }
});
