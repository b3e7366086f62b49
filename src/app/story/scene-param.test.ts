import { describe, expect, it } from 'vitest';
import { sceneOfParam } from './scene-param.ts';

describe('scene= in a link', () => {
  it('names a scene from 1 up; anything else is the first scene', () => {
    expect(sceneOfParam('3')).toBe(2);
    expect(sceneOfParam('1')).toBe(0);
    expect(sceneOfParam('0')).toBe(0);
    expect(sceneOfParam(null)).toBe(0);
    for (const bad of ['', '-2', '2.5', '3a', ' 3', '1e3', '9999999']) expect(sceneOfParam(bad), bad).toBe(0);
  });
});
