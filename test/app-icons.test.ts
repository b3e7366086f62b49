import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTestPng } from './png.ts';
import { APP_ICONS, appIconFiles, pathPoints, readIconSvg } from '../vite-icons.ts';

const SVG = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const MANIFEST = JSON.parse(
  readFileSync(new URL('../public/manifest.webmanifest', import.meta.url), 'utf8'),
) as { icons: { src: string; sizes: string; type: string; purpose: string }[] };

const decode = decodeTestPng;

const pixel = (image: ReturnType<typeof decode>, x: number, y: number) => [
  ...image.rgba.subarray((y * image.width + x) * 4, (y * image.width + x) * 4 + 4),
];
const BLUE = [0x00, 0x4f, 0x9f, 255];
const WHITE = [255, 255, 255, 255];

describe('app icons rasterised from public/icons/icon.svg', () => {
  const files = appIconFiles(SVG);

  it('are listed in the manifest with their sizes, type and purpose', () => {
    for (const icon of APP_ICONS) {
      expect(MANIFEST.icons).toContainEqual({
        src: icon.fileName,
        sizes: `${icon.size}x${icon.size}`,
        type: 'image/png',
        purpose: icon.maskable ? 'maskable' : 'any',
      });
    }
  });

  it('draw the rounded blue square with the white outline at 192 and 512 pixels', () => {
    for (const [name, size] of [
      ['icons/icon-192.png', 192],
      ['icons/icon-512.png', 512],
    ] as const) {
      const image = decode(files.get(name) as Uint8Array);
      expect([image.width, image.height]).toEqual([size, size]);
      const at = (x: number) => Math.floor((x / 512) * size);
      expect(pixel(image, 0, 0)[3], 'outside the round corner').toBe(0);
      expect(pixel(image, at(256), at(40)), 'background').toEqual(BLUE);
      expect(pixel(image, at(256), at(330)), 'inside the outline').toEqual(WHITE);
      expect(pixel(image, at(256), at(190)), 'between two roofs').toEqual(BLUE);
      // The round corner is smoothed: along the diagonal the alpha passes through values between 0 and 255.
      const diagonal = Array.from({ length: at(64) }, (_, i) => pixel(image, i, i)[3] as number);
      expect(diagonal.some((alpha) => alpha > 0 && alpha < 255)).toBe(true);
    }
  });

  it('fill the maskable icon to its corners and keep the outline inside the safe zone (40 % radius)', () => {
    const image = decode(files.get('icons/icon-maskable-512.png') as Uint8Array);
    expect(pixel(image, 0, 0)).toEqual(BLUE);
    expect(pixel(image, 511, 511)).toEqual(BLUE);
    let white = 0;
    for (let y = 0; y < 512; y += 1) {
      for (let x = 0; x < 512; x += 1) {
        if (pixel(image, x, y)[0] === 0x00) continue;
        white += 1;
        expect(Math.hypot(x + 0.5 - 256, y + 0.5 - 256)).toBeLessThanOrEqual(0.4 * 512);
      }
    }
    expect(white).toBeGreaterThan(30_000);
  });

  it('reads straight paths and names what it cannot draw', () => {
    expect(pathPoints('M96 416V240l112-84h10z')).toEqual([
      [96, 416],
      [96, 240],
      [208, 156],
      [218, 156],
    ]);
    expect(() => pathPoints('M0 0C1 1 2 2 3 3')).toThrow('only M, L, H, V and Z are drawn');
    expect(() => readIconSvg('<svg viewBox="0 0 10 20"></svg>')).toThrow('square viewBox');
    expect(() => readIconSvg('<svg viewBox="0 0 10 10"><path d="M0 0"/></svg>')).toThrow('no <rect>');
  });
});
