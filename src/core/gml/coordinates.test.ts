import { describe, expect, it } from 'vitest';
import {
  Float64Slab,
  NumberBuffer,
  countDistinctVertices,
  parseNumberList,
  polygonArea,
} from './coordinates.ts';

function parse(text: string, separator = -1, decimal = 46): number[] {
  const buffer = new NumberBuffer(2);
  const count = parseNumberList(text, buffer, separator, decimal);
  expect(count).toBe(buffer.length);
  return [...buffer.data.subarray(0, buffer.length)];
}

describe('parseNumberList', () => {
  it('parses decimals exactly like Number(), including edge forms', () => {
    const tokens = [
      '329207.372',
      '-0.5',
      '+12',
      '5729298.378',
      '1e3',
      '-2.5E-2',
      '0.000001',
      '.5',
      '7.',
      '00012.50',
    ];
    expect(parse(`  ${tokens.join(' \n\t')}  `)).toEqual(tokens.map(Number));
  });

  it('agrees with Number() on many random coordinates (fast path is correctly rounded)', () => {
    let state = 12345;
    const random = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    const tokens: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const digits = Math.floor(random() * 12);
      tokens.push(((random() - 0.3) * 10 ** Math.floor(random() * 8)).toFixed(digits));
    }
    tokens.push('123456789012345.6', '0.12345678901234567');
    expect(parse(tokens.join(' '))).toEqual(tokens.map(Number));
  });

  it('gives NaN for tokens that are not numbers and honours separators and decimal characters', () => {
    const values = parse('1 NaN x 2');
    expect(values[0]).toBe(1);
    expect(Number.isNaN(values[1])).toBe(true);
    expect(Number.isNaN(values[2])).toBe(true);
    expect(values[3]).toBe(2);
    expect(parse('1,5;2,25', 59, 44)).toEqual([1.5, 2.25]);
    expect(parse('')).toEqual([]);
  });
});

describe('ring helpers', () => {
  it('counts distinct vertices and computes polygon area with holes', () => {
    const square = new Float64Array([
      0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0, 2, 2, 0, 2, 4, 0, 4, 4, 0, 4, 2, 0,
    ]);
    expect(countDistinctVertices(square, 0, 4)).toBe(3);
    expect(countDistinctVertices(new Float64Array([1, 1, 1, 1, 1, 1, 2, 2, 2]), 0, 3)).toBe(2);
    expect(polygonArea(square, new Uint32Array([0, 4]))).toBeCloseTo(96, 10);
    const tilted = new Float64Array([0, 0, 0, 3, 0, 0, 3, 0, 4, 0, 0, 4]);
    expect(polygonArea(tilted, new Uint32Array([0]))).toBeCloseTo(12, 10);
  });
});

describe('Float64Slab', () => {
  it('copies into views of shared blocks that do not overlap and outlive changes to the source', () => {
    const slab = new Float64Slab(64);
    const source = Float64Array.from({ length: 40 }, (_, i) => i + 0.5);
    const copies = [slab.copy(source, 0, 9), slab.copy(source, 9, 21), slab.copy(source, 21, 30)];
    source.fill(-1);
    expect([...copies[0]!]).toEqual(Array.from({ length: 9 }, (_, i) => i + 0.5));
    expect([...copies[1]!]).toEqual(Array.from({ length: 12 }, (_, i) => i + 9.5));
    expect([...copies[2]!]).toEqual(Array.from({ length: 9 }, (_, i) => i + 21.5));
    // one block for the three (9 + 12 + 9 values of 64)
    expect(copies[1]!.buffer).toBe(copies[0]!.buffer);
    expect(copies[2]!.buffer).toBe(copies[0]!.buffer);
    copies[1]!.fill(7);
    expect(copies[0]![8]).toBe(8.5);
    expect(copies[2]![0]).toBe(21.5);
  });

  it('starts a new block when the current one is full, and gives long arrays their own', () => {
    const slab = new Float64Slab(64);
    const source = Float64Array.from({ length: 100 }, (_, i) => i);
    const first = slab.copy(source, 0, 16);
    const more = [slab.copy(source, 0, 16), slab.copy(source, 0, 16), slab.copy(source, 0, 16)];
    const next = slab.copy(source, 16, 32);
    expect(more.every((copy) => copy.buffer === first.buffer)).toBe(true);
    expect(next.buffer).not.toBe(first.buffer);
    expect([...next]).toEqual(Array.from({ length: 16 }, (_, i) => i + 16));
    const long = slab.copy(source, 0, 17);
    expect(long.length).toBe(17);
    expect(long.buffer.byteLength).toBe(17 * 8);
    expect([...long]).toEqual([...source.subarray(0, 17)]);
    // the long copy did not take room from the block
    expect(slab.copy(source, 40, 41).buffer).toBe(next.buffer);
  });
});
