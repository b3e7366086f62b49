/**
 * Right-triangulated irregular network (RTIN) simplification of a square height grid of 2^k + 1 nodes a side,
 * after Evans, Kirkpatrick and Townsend (2001), in the form of Vladimir Agafonkin's Martini: each triangle's
 * error is the height difference at its hypotenuse's midpoint, maximised over its descendants, and a mesh for
 * a maximum error keeps splitting triangles whose error exceeds it. The mesh is watertight inside the tile.
 * `meshError` measures the true maximum vertical error of a mesh against every grid node, so that the error we
 * state is measured, not assumed.
 */

/** A triangle mesh over grid nodes: `vertices` are grid node indices (row × size + column), `triangles` index them. */
export interface GridMesh {
  /** Grid node index (row × size + column; row 0 = south, column 0 = west) of each vertex. */
  vertices: Uint32Array;
  /** Vertex indices, three per triangle, counter-clockwise seen from above (x east, y north). */
  triangles: Uint32Array;
}

const cache = new Map<number, Uint16Array>();

/** The two leg endpoints (ax, ay, bx, by) of every triangle in the complete RTIN hierarchy of a grid. */
function triangleCoordinates(size: number): Uint16Array {
  const cached = cache.get(size);
  if (cached) return cached;
  const tileSize = size - 1;
  const count = tileSize * tileSize * 2 - 2;
  const coords = new Uint16Array(count * 4);
  for (let i = 0; i < count; i++) {
    let id = i + 2;
    let ax = 0;
    let ay = 0;
    let bx = 0;
    let by = 0;
    let cx = 0;
    let cy = 0;
    if (id & 1) bx = by = cx = tileSize;
    else ax = ay = cy = tileSize;
    while ((id >>= 1) > 1) {
      const mx = (ax + bx) >> 1;
      const my = (ay + by) >> 1;
      if (id & 1) {
        bx = ax;
        by = ay;
        ax = cx;
        ay = cy;
      } else {
        ax = bx;
        ay = by;
        bx = cx;
        by = cy;
      }
      cx = mx;
      cy = my;
    }
    coords.set([ax, ay, bx, by], i * 4);
  }
  cache.set(size, coords);
  return coords;
}

/** Throws unless `size` is 2^k + 1 (k ≥ 1) and `heights` has size² values. */
function checkGrid(heights: ArrayLike<number>, size: number): void {
  const tileSize = size - 1;
  if (tileSize < 2 || (tileSize & (tileSize - 1)) !== 0)
    throw new RangeError(`RTIN grid size must be 2^k + 1, got ${size}`);
  if (heights.length !== size * size)
    throw new RangeError(`RTIN grid of size ${size} needs ${size * size} heights, got ${heights.length}`);
}

/**
 * The RTIN error of every grid node (metres, like the heights): the largest height difference that leaving
 * out this node and its descendants would cause. Heights row-major, row 0 = south; no NaN.
 */
export function rtinErrors(heights: ArrayLike<number>, size: number): Float32Array {
  checkGrid(heights, size);
  const coords = triangleCoordinates(size);
  const tileSize = size - 1;
  const count = coords.length / 4;
  const parents = count - tileSize * tileSize;
  const errors = new Float32Array(size * size);
  for (let i = count - 1; i >= 0; i--) {
    const k = i * 4;
    const ax = coords[k]!;
    const ay = coords[k + 1]!;
    const bx = coords[k + 2]!;
    const by = coords[k + 3]!;
    const mx = (ax + bx) >> 1;
    const my = (ay + by) >> 1;
    const cx = mx + my - ay;
    const cy = my + ax - mx;
    const middle = my * size + mx;
    const interpolated = (heights[ay * size + ax]! + heights[by * size + bx]!) / 2;
    let error = Math.max(errors[middle]!, Math.abs(interpolated - heights[middle]!));
    if (i < parents) {
      const left = ((ay + cy) >> 1) * size + ((ax + cx) >> 1);
      const right = ((by + cy) >> 1) * size + ((bx + cx) >> 1);
      error = Math.max(error, errors[left]!, errors[right]!);
    }
    errors[middle] = error;
  }
  return errors;
}

/** The coarsest RTIN mesh whose triangles all have an RTIN error ≤ `maxError` (metres). */
export function rtinMesh(errors: Float32Array, size: number, maxError: number): GridMesh {
  const tileSize = size - 1;
  const vertexOf = new Int32Array(size * size).fill(-1);
  const vertices: number[] = [];
  const triangles: number[] = [];
  const vertex = (x: number, y: number): number => {
    const node = y * size + x;
    let index = vertexOf[node]!;
    if (index < 0) {
      index = vertexOf[node] = vertices.length;
      vertices.push(node);
    }
    return index;
  };
  const stack: number[] = [0, 0, tileSize, tileSize, tileSize, 0, tileSize, tileSize, 0, 0, 0, tileSize];
  while (stack.length > 0) {
    const cy = stack.pop()!;
    const cx = stack.pop()!;
    const by = stack.pop()!;
    const bx = stack.pop()!;
    const ay = stack.pop()!;
    const ax = stack.pop()!;
    const mx = (ax + bx) >> 1;
    const my = (ay + by) >> 1;
    if (Math.abs(ax - cx) + Math.abs(ay - cy) > 1 && errors[my * size + mx]! > maxError) {
      stack.push(cx, cy, ax, ay, mx, my, bx, by, cx, cy, mx, my);
      continue;
    }
    const a = vertex(ax, ay);
    const b = vertex(bx, by);
    const c = vertex(cx, cy);
    // Counter-clockwise with x east and y north.
    if ((bx - ax) * (cy - ay) - (by - ay) * (cx - ax) > 0) triangles.push(a, b, c);
    else triangles.push(a, c, b);
  }
  return { vertices: Uint32Array.from(vertices), triangles: Uint32Array.from(triangles) };
}

/**
 * The largest vertical distance (metres) between the mesh (linear over each triangle) and the grid's heights at
 * every node the mesh covers: the mesh's true error against the grid it was made from.
 */
export function meshError(mesh: GridMesh, heights: ArrayLike<number>, size: number): number {
  let worst = 0;
  const { vertices, triangles } = mesh;
  for (let t = 0; t < triangles.length; t += 3) {
    const n0 = vertices[triangles[t]!]!;
    const n1 = vertices[triangles[t + 1]!]!;
    const n2 = vertices[triangles[t + 2]!]!;
    const x0 = n0 % size;
    const y0 = (n0 - x0) / size;
    const x1 = n1 % size;
    const y1 = (n1 - x1) / size;
    const x2 = n2 % size;
    const y2 = (n2 - x2) / size;
    const h0 = heights[n0]!;
    const h1 = heights[n1]!;
    const h2 = heights[n2]!;
    const area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
    if (area === 0) continue;
    for (let y = Math.min(y0, y1, y2); y <= Math.max(y0, y1, y2); y++) {
      for (let x = Math.min(x0, x1, x2); x <= Math.max(x0, x1, x2); x++) {
        const w1 = ((x - x0) * (y2 - y0) - (y - y0) * (x2 - x0)) / area;
        const w2 = ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) / area;
        const w0 = 1 - w1 - w2;
        if (w0 < -1e-9 || w1 < -1e-9 || w2 < -1e-9) continue;
        const error = Math.abs(w0 * h0 + w1 * h1 + w2 * h2 - heights[y * size + x]!);
        if (error > worst) worst = error;
      }
    }
  }
  return worst;
}

/**
 * The coarsest RTIN mesh found whose measured error (`meshError`) is at most `maxError` metres: the RTIN
 * error bounds the error only along hypotenuses, so where the measured error is larger the threshold is
 * lowered and the mesh made again (at worst the full grid, whose error is 0). Returns the mesh and its error.
 */
export function rtinMeshWithin(
  heights: ArrayLike<number>,
  size: number,
  maxError: number,
  errors: Float32Array = rtinErrors(heights, size),
): { mesh: GridMesh; error: number } {
  let threshold = maxError;
  for (let attempt = 0; attempt < 16; attempt++) {
    const mesh = rtinMesh(errors, size, threshold);
    const error = meshError(mesh, heights, size);
    if (error <= maxError) return { mesh, error };
    threshold *= Math.min(0.8, maxError / error);
  }
  const mesh = rtinMesh(errors, size, -1);
  return { mesh, error: meshError(mesh, heights, size) };
}
