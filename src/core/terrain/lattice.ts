/**
 * A map projection sampled on a coarse lattice and interpolated between its nodes. Over one terrain tile the
 * projection from longitude/latitude to a grid's CRS is smooth, so projecting a `size`×`size` lattice exactly
 * and interpolating bilinearly between its nodes is sub-millimetre and far cheaper than projecting every
 * height sample.
 */
import type { LonLatRectangle } from './tiling.ts';

/** Projected x/y (the source CRS's units, e.g. EPSG:25832 metres) at `size`×`size` nodes, row-major from the south-west. */
export interface ProjectedLattice {
  size: number;
  x: Float64Array;
  y: Float64Array;
}

/**
 * Projects a `size`×`size` lattice spanning `rectangle` (degrees) with `toSource` (longitude, latitude in
 * degrees → source x, y).
 */
export function projectLattice(
  toSource: (lon: number, lat: number) => [number, number],
  rectangle: LonLatRectangle,
  size: number,
): ProjectedLattice {
  const x = new Float64Array(size * size);
  const y = new Float64Array(size * size);
  const width = rectangle.east - rectangle.west;
  const height = rectangle.north - rectangle.south;
  for (let j = 0; j < size; j++)
    for (let i = 0; i < size; i++) {
      const [px, py] = toSource(
        rectangle.west + (i / (size - 1)) * width,
        rectangle.south + (j / (size - 1)) * height,
      );
      x[j * size + i] = px;
      y[j * size + i] = py;
    }
  return { size, x, y };
}

/**
 * Bilinear interpolation in `lattice` at the fractional node position (`fx`, `fy`), each in 0…size − 1 from the
 * south-west; writes x to `out[0]` and y to `out[1]` (no allocation: called once per height sample).
 */
export function interpolateLattice(
  lattice: ProjectedLattice,
  fx: number,
  fy: number,
  out: Float64Array,
): void {
  const { size, x, y } = lattice;
  const j = Math.min(Math.floor(fy), size - 2);
  const ty = fy - j;
  const i = Math.min(Math.floor(fx), size - 2);
  const tx = fx - i;
  const k = j * size + i;
  const w00 = (1 - tx) * (1 - ty);
  const w10 = tx * (1 - ty);
  const w01 = (1 - tx) * ty;
  const w11 = tx * ty;
  out[0] = x[k]! * w00 + x[k + 1]! * w10 + x[k + size]! * w01 + x[k + size + 1]! * w11;
  out[1] = y[k]! * w00 + y[k + 1]! * w10 + y[k + size]! * w01 + y[k + size + 1]! * w11;
}
