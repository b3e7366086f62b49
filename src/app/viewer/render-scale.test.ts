import { describe, expect, it } from 'vitest';
import { renderScaleFromSearch } from './render-scale.ts';

describe('render scale', () => {
  it('reads ?renderScale= in 0.25..1 and ignores anything else', () => {
    expect(renderScaleFromSearch('?renderScale=1')).toBe(1);
    expect(renderScaleFromSearch('?lang=en&renderScale=0.75')).toBe(0.75);
    expect(renderScaleFromSearch('?renderScale=0.25')).toBe(0.25);
    for (const search of ['', '?renderScale=', '?renderScale=0', '?renderScale=2', '?renderScale=x']) {
      expect(renderScaleFromSearch(search)).toBeUndefined();
    }
  });
});
