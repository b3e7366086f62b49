import { describe, expect, it } from 'vitest';
import { countOwn, getOwn, setOwn } from './own.ts';

describe('own entries of data-keyed objects', () => {
  it('keeps __proto__ and constructor as entries, the prototype untouched', () => {
    const target: Record<string, string> = {};
    setOwn(target, '__proto__', 'P');
    setOwn(target, 'constructor', 'C');
    setOwn(target, 'name', 'N');
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.entries(target)).toEqual([
      ['__proto__', 'P'],
      ['constructor', 'C'],
      ['name', 'N'],
    ]);
    expect(getOwn(target, '__proto__')).toBe('P');
    expect(getOwn({}, 'toString')).toBeUndefined();
  });

  it('counts under any key', () => {
    const counts: Record<string, number> = {};
    for (const key of ['constructor', 'constructor', '__proto__', 'Building']) countOwn(counts, key);
    expect(Object.entries(counts)).toEqual([
      ['constructor', 2],
      ['__proto__', 1],
      ['Building', 1],
    ]);
    expect(JSON.stringify(counts)).toBe('{"constructor":2,"__proto__":1,"Building":1}');
  });
});
