import { describe, expect, it } from 'vitest';
import {
  defaultUiScale,
  parseUiScale,
  readUiScale,
  UI_SCALE_KEY,
  uiScaleFactor,
  writeUiScale,
} from './ui-scale.ts';
import type { ScaleStorage } from './ui-scale.ts';

function memory(): ScaleStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

const blocked: ScaleStorage = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
};

describe('UI scale setting', () => {
  it('reads only the offered scales, 100 % otherwise', () => {
    expect(parseUiScale('150')).toBe(150);
    expect(parseUiScale('200')).toBe(200);
    expect(parseUiScale('175')).toBe(100);
    expect(parseUiScale('<b>2</b>')).toBe(100);
    expect(parseUiScale(null)).toBe(100);
  });

  it('keeps the chosen scale across visits', () => {
    const storage = memory();
    expect(readUiScale(storage)).toBe(100);
    expect(writeUiScale(storage, 200)).toBe(true);
    expect(storage.data.get(UI_SCALE_KEY)).toBe('200');
    expect(readUiScale(storage)).toBe(200);
  });

  it('goes on at 100 % where storage is blocked, and says the choice was not kept', () => {
    expect(readUiScale(blocked)).toBe(100);
    expect(writeUiScale(blocked, 150)).toBe(false);
    expect(readUiScale(undefined)).toBe(100);
    expect(writeUiScale(undefined, 150)).toBe(false);
  });

  it('starts a kiosk on a wall at 150 %, everything else at 100 %, unless a scale is stored', () => {
    expect(defaultUiScale(true, 3840)).toBe(150);
    expect(defaultUiScale(true, 2560)).toBe(150);
    expect(defaultUiScale(true, 1920)).toBe(100);
    expect(defaultUiScale(false, 3840)).toBe(100);
    const storage = memory();
    expect(readUiScale(storage, 150)).toBe(150);
    expect(readUiScale(blocked, 150)).toBe(150);
    writeUiScale(storage, 100);
    expect(readUiScale(storage, 150)).toBe(100);
    expect(parseUiScale('175', 150)).toBe(150);
  });

  it('gives the factor the stylesheet multiplies by', () => {
    expect(uiScaleFactor(100)).toBe('1');
    expect(uiScaleFactor(150)).toBe('1.5');
    expect(uiScaleFactor(200)).toBe('2');
  });
});
