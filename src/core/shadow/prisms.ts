/**
 * Extruded prisms (a plan's permitted building envelopes) as occluder triangles in the study's ENU frame: walls
 * and a flat top (earcut). No bottom: sun rays rise, so nothing is lit from below.
 */
import earcut from 'earcut';

/** A prism: outer ring [x, y] in ENU metres, base and top heights in ENU z metres. */
export interface Prism {
  ring: readonly (readonly [number, number])[];
  base: number;
  top: number;
}

/** Triangles (9 numbers each, ENU metres) of the prisms' walls and tops; rings may be closed or open. */
export function prismTriangles(prisms: readonly Prism[]): Float64Array {
  const out: number[] = [];
  for (const { ring: given, base, top } of prisms) {
    if (!(top > base)) continue;
    const ring = closedDropped(given);
    if (ring.length < 3) continue;
    for (let i = 0; i < ring.length; i++) {
      const [ax, ay] = ring[i]!;
      const [bx, by] = ring[(i + 1) % ring.length]!;
      out.push(ax, ay, base, bx, by, base, bx, by, top);
      out.push(ax, ay, base, bx, by, top, ax, ay, top);
    }
    const flat = ring.flatMap(([x, y]) => [x, y]);
    const indices = earcut(flat);
    for (let k = 0; k + 2 < indices.length; k += 3) {
      for (const index of [indices[k]!, indices[k + 1]!, indices[k + 2]!])
        out.push(flat[index * 2]!, flat[index * 2 + 1]!, top);
    }
  }
  return Float64Array.from(out);
}

function closedDropped(ring: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1])
    return ring.slice(0, -1);
  return ring.slice();
}

/** Joins triangle arrays into one. */
export function concatTriangles(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
