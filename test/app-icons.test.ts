import { readFileSync } from 'node:fs';
import { unzlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { APP_ICONS, appIconFiles, crc32, pathPoints, readIconSvg } from '../vite-icons.ts';

const SVG = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const MANIFEST = JSON.parse(
  readFileSync(new URL('../public/manifest.webmanifest', import.meta.url), 'utf8'),
) as { icons: { src: string; sizes: string; type: string; purpose: string }[] };

/** A PNG's size and RGBA pixels, read back chunk by chunk (every CRC checked). */
function decode(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0;
  let height = 0;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `${type} CRC`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]); // 8-bit RGBA, not interlaced
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = unzlibSync(new Uint8Array(Buffer.concat(idat)));
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    expect(raw[y * (1 + width * 4)]).toBe(0); // filter type None
    rgba.set(raw.subarray(y * (1 + width * 4) + 1, (y + 1) * (1 + width * 4)), y * width * 4);
  }
  return { width, height, rgba };
}

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
