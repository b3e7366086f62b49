/**
 * Fast number-list parsing for GML coordinate text (`gml:posList`, `gml:pos`, `gml:coordinates`) and
 * small helpers over the resulting coordinate arrays. Platform-free.
 */

/** A growable Float64Array used as scratch space; `length` counts the used entries. */
export class NumberBuffer {
  data: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(initialCapacity);
  }

  /** Make room for `extra` more numbers. */
  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Float64Array(capacity);
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(1);
    this.data[this.length++] = value;
  }

  clear(): void {
    this.length = 0;
  }

  /** A copy of the used part. */
  toArray(start = 0, end = this.length): Float64Array {
    return this.data.slice(start, end);
  }
}

/**
 * Hands out Float64Array copies as views of shared blocks: one backing store per block instead of one per
 * array. V8 keeps a typed array of over 64 bytes off its heap (each costs ~0.3 µs to make and to
 * collect), and a polygon's coordinates are always over 64 bytes. A block lives while any view of it does,
 * so a view kept long keeps its whole block (`blockLength` float64 values) alive; arrays longer than a
 * quarter block get their own.
 */
export class Float64Slab {
  private block = new Float64Array(0);
  private used = 0;

  constructor(private readonly blockLength = 4096) {}

  /** A copy of `source[start, end)`, as a view of the current block. */
  copy(source: Float64Array, start: number, end: number): Float64Array {
    const length = end - start;
    if (length > this.blockLength / 4) return source.slice(start, end);
    if (this.used + length > this.block.length) {
      this.block = new Float64Array(this.blockLength);
      this.used = 0;
    }
    const block = this.block;
    const at = this.used;
    for (let i = 0; i < length; i++) block[at + i] = source[start + i]!;
    this.used = at + length;
    return block.subarray(at, at + length);
  }
}

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function isSeparator(code: number, extraSeparator: number): boolean {
  // space, tab, LF, CR, or the caller's separator (e.g. ',' for gml:coordinates)
  return code === 32 || code === 10 || code === 9 || code === 13 || code === extraSeparator;
}

/**
 * Parses whitespace-separated decimal numbers from `text` and appends them to `out`. Plain decimals
 * with at most 15 significant digits are converted exactly (integer mantissa / power of ten, correctly
 * rounded); anything else falls back to `Number()`. Tokens that are not numbers append NaN.
 * `extraSeparator` (a char code) is treated as whitespace too, and `decimalChar` replaces '.'.
 * Returns the count of numbers appended.
 */
export function parseNumberList(
  text: string,
  out: NumberBuffer,
  extraSeparator = -1,
  decimalChar = 46,
): number {
  const length = text.length;
  let index = 0;
  let appended = 0;
  // Worst case one number per two characters; reserve lazily in blocks.
  while (index < length) {
    let code = text.charCodeAt(index);
    while (isSeparator(code, extraSeparator)) {
      index++;
      if (index >= length) return appended;
      code = text.charCodeAt(index);
    }
    const tokenStart = index;
    let negative = false;
    if (code === 45 /* - */ || code === 43 /* + */) {
      negative = code === 45;
      index++;
      code = index < length ? text.charCodeAt(index) : 32;
    }
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let seenDecimal = false;
    let simple = true;
    for (;;) {
      if (code >= 48 && code <= 57) {
        if (digits > 0 || code !== 48) digits++;
        mantissa = mantissa * 10 + (code - 48);
        if (seenDecimal) fractionDigits++;
      } else if (code === decimalChar && !seenDecimal) {
        seenDecimal = true;
      } else if (isSeparator(code, extraSeparator)) {
        break;
      } else {
        simple = false;
      }
      index++;
      if (index >= length) break;
      code = text.charCodeAt(index);
    }
    let value: number;
    if (simple && digits <= 15 && fractionDigits <= 15 && index > tokenStart + (negative ? 1 : 0)) {
      value = fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] as number);
      if (negative) value = -value;
    } else {
      let token = text.slice(tokenStart, index);
      if (decimalChar !== 46) token = token.split(String.fromCharCode(decimalChar)).join('.');
      value = token.length > 0 ? Number(token) : NaN;
    }
    if (out.length === out.data.length) out.reserve(64);
    out.data[out.length++] = value;
    appended++;
  }
  return appended;
}

/**
 * Counts distinct vertices of a ring (x,y,z triples in `data` from vertex `start`, `count` vertices),
 * comparing each vertex with all earlier ones; stops counting at 3 (enough for a valid ring).
 */
export function countDistinctVertices(data: Float64Array, start: number, count: number): number {
  let distinct = 0;
  for (let i = 0; i < count && distinct < 3; i++) {
    const a = (start + i) * 3;
    let seen = false;
    for (let j = 0; j < i; j++) {
      const b = (start + j) * 3;
      if (data[a] === data[b] && data[a + 1] === data[b + 1] && data[a + 2] === data[b + 2]) {
        seen = true;
        break;
      }
    }
    if (!seen) distinct++;
  }
  return distinct;
}

/** Newell normal area of one ring (x,y,z triples, closing vertex not repeated), in squared source units. */
export function ringArea(positions: Float64Array, startVertex: number, endVertex: number): number {
  let nx = 0;
  let ny = 0;
  let nz = 0;
  for (let i = startVertex; i < endVertex; i++) {
    const j = i + 1 < endVertex ? i + 1 : startVertex;
    const ax = positions[i * 3] as number;
    const ay = positions[i * 3 + 1] as number;
    const az = positions[i * 3 + 2] as number;
    const bx = positions[j * 3] as number;
    const by = positions[j * 3 + 1] as number;
    const bz = positions[j * 3 + 2] as number;
    nx += (ay - by) * (az + bz);
    ny += (az - bz) * (ax + bx);
    nz += (ax - bx) * (ay + by);
  }
  return Math.sqrt(nx * nx + ny * ny + nz * nz) / 2;
}

/** Area of a polygon (exterior minus holes) from its concatenated rings, in squared source units. */
export function polygonArea(positions: Float64Array, ringStarts: Uint32Array): number {
  const vertexCount = positions.length / 3;
  let area = 0;
  for (let r = 0; r < ringStarts.length; r++) {
    const start = ringStarts[r] as number;
    const end = r + 1 < ringStarts.length ? (ringStarts[r + 1] as number) : vertexCount;
    const a = ringArea(positions, start, end);
    area += r === 0 ? a : -a;
  }
  return area;
}
