/**
 * Build plugin for the installable app's PNG icons: rasterises our own `public/icons/icon.svg` (a rounded
 * square and one outline, nothing else) into `icons/icon-192.png`, `icons/icon-512.png` and the maskable
 * `icons/icon-maskable-512.png` that the web app manifest lists. In Node, with no browser and no image library:
 * scanline coverage (exact across, 16 rows per pixel down) and a PNG writer over fflate's zlib. Generated at
 * build (and served by the dev server) rather than committed, so the PNGs can never drift from the SVG.
 */
import { readFileSync } from 'node:fs';
import { zlibSync } from 'fflate';
import type { Plugin } from 'vite';

const SOURCE = new URL('./public/icons/icon.svg', import.meta.url);

/** One PNG icon: its file (relative to the build's root), edge length in pixels, and whether it is maskable. */
export interface AppIcon {
  fileName: string;
  size: number;
  maskable: boolean;
}

/** The icons the manifest lists besides the SVG: what browsers need to offer installing the app. */
export const APP_ICONS: readonly AppIcon[] = [
  { fileName: 'icons/icon-192.png', size: 192, maskable: false },
  { fileName: 'icons/icon-512.png', size: 512, maskable: false },
  { fileName: 'icons/icon-maskable-512.png', size: 512, maskable: true },
];

/** A filled outline in the SVG's user units (y down), with its colour as 8-bit RGBA. */
interface Shape {
  points: [number, number][];
  rgba: [number, number, number, number];
}

/** The icon read from the SVG: its square view box edge and its shapes, back to front. */
export interface IconDrawing {
  viewSize: number;
  background: Shape;
  /** The background's corner radius (the maskable icon drops it: the platform rounds it). */
  cornerRadius: number;
  foreground: Shape[];
}

function attribute(element: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(element)?.[1];
}

function colour(value: string | undefined, where: string): [number, number, number, number] {
  const match = /^#([0-9a-f]{6})$/i.exec(value ?? '');
  if (!match?.[1]) throw new Error(`vite-icons: ${where} needs a fill like #004f9f, not "${value}"`);
  const n = parseInt(match[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 255];
}

/** The points of a path made of M/L/H/V/Z commands, absolute or relative (what our icon uses). */
export function pathPoints(d: string): [number, number][] {
  const tokens = d.match(/[a-zA-Z]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const points: [number, number][] = [];
  let x = 0;
  let y = 0;
  let command = '';
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] as string;
    if (/[a-zA-Z]/.test(token)) {
      command = token;
      i += 1;
      if (command === 'z' || command === 'Z') continue;
    }
    const next = () => Number(tokens[i++]);
    switch (command) {
      case 'M':
      case 'L':
        [x, y] = [next(), next()];
        break;
      case 'm':
      case 'l':
        [x, y] = [x + next(), y + next()];
        break;
      case 'H':
        x = next();
        break;
      case 'h':
        x += next();
        break;
      case 'V':
        y = next();
        break;
      case 'v':
        y += next();
        break;
      default:
        throw new Error(`vite-icons: the icon path uses "${command}"; only M, L, H, V and Z are drawn`);
    }
    if (Number.isNaN(x) || Number.isNaN(y)) throw new Error(`vite-icons: a number is missing in "${d}"`);
    points.push([x, y]);
  }
  return points;
}

/** A rectangle with round corners as an outline (each quarter circle in 16 steps). */
function roundedRect(size: number, radius: number): [number, number][] {
  const r = Math.min(radius, size / 2);
  const corners: [number, number, number][] = [
    [size - r, r, -Math.PI / 2],
    [size - r, size - r, 0],
    [r, size - r, Math.PI / 2],
    [r, r, Math.PI],
  ];
  const points: [number, number][] = [];
  for (const [cx, cy, start] of corners) {
    for (let step = 0; step <= 16; step += 1) {
      const angle = start + (step / 16) * (Math.PI / 2);
      points.push([cx + r * Math.cos(angle), cy + r * Math.sin(angle)]);
    }
  }
  return points;
}

/** Reads our icon SVG: a square `viewBox`, one `<rect>` (the background) and `<path>`s drawn over it. */
export function readIconSvg(svg: string): IconDrawing {
  const viewBox = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (!viewBox || viewBox[1] !== viewBox[2]) throw new Error('vite-icons: the icon needs a square viewBox');
  const viewSize = Number(viewBox[1]);
  const rect = /<rect\b[^>]*>/.exec(svg)?.[0];
  if (!rect) throw new Error('vite-icons: the icon has no <rect> background');
  const cornerRadius = Number(attribute(rect, 'rx') ?? 0);
  const foreground = [...svg.matchAll(/<path\b[^>]*>/g)].map(([element]) => ({
    points: pathPoints(attribute(element, 'd') ?? ''),
    rgba: colour(attribute(element, 'fill'), '<path>'),
  }));
  return {
    viewSize,
    cornerRadius,
    background: {
      points: roundedRect(viewSize, cornerRadius),
      rgba: colour(attribute(rect, 'fill'), '<rect>'),
    },
    foreground,
  };
}

/** Sub-rows sampled per pixel row; across a row the coverage is exact. */
const ROWS_PER_PIXEL = 16;

/** Share 0..1 of each pixel of a `size` × `size` grid that the outline covers (even-odd rule). */
function coverage(points: readonly [number, number][], size: number): Float32Array {
  const cover = new Float32Array(size * size);
  const crossings: number[] = [];
  for (let row = 0; row < size * ROWS_PER_PIXEL; row += 1) {
    const y = (row + 0.5) / ROWS_PER_PIXEL;
    crossings.length = 0;
    for (let i = 0; i < points.length; i += 1) {
      const [x0, y0] = points[i] as [number, number];
      const [x1, y1] = points[(i + 1) % points.length] as [number, number];
      if (y0 <= y === y1 <= y) continue;
      crossings.push(x0 + ((y - y0) / (y1 - y0)) * (x1 - x0));
    }
    crossings.sort((a, b) => a - b);
    const line = Math.floor(row / ROWS_PER_PIXEL) * size;
    for (let i = 0; i + 1 < crossings.length; i += 2) {
      const from = Math.max(0, crossings[i] as number);
      const to = Math.min(size, crossings[i + 1] as number);
      for (let px = Math.floor(from); px < to; px += 1) {
        const covered = Math.min(px + 1, to) - Math.max(px, from);
        cover[line + px] = (cover[line + px] as number) + covered / ROWS_PER_PIXEL;
      }
    }
  }
  return cover;
}

/**
 * The icon as `size` × `size` RGBA pixels (straight alpha). A maskable icon fills the whole square with the
 * background and shrinks the foreground about the centre into the safe zone (a circle of 40 % of the edge), since
 * the platform cuts its own shape out of it.
 */
export function rasterizeIcon(drawing: IconDrawing, size: number, maskable: boolean): Uint8Array {
  const unit = size / drawing.viewSize;
  const centre = drawing.viewSize / 2;
  const reach = Math.max(
    ...drawing.foreground.flatMap((shape) =>
      shape.points.map(([x, y]) => Math.hypot(x - centre, y - centre)),
    ),
  );
  const shrink = maskable ? Math.min(1, (0.38 * drawing.viewSize) / reach) : 1;
  const place = (points: readonly [number, number][], scale: number) =>
    points.map(([x, y]): [number, number] => [
      (centre + (x - centre) * scale) * unit,
      (centre + (y - centre) * scale) * unit,
    ]);
  const background = maskable
    ? { ...drawing.background, points: place(roundedRect(drawing.viewSize, 0), 1) }
    : { ...drawing.background, points: place(drawing.background.points, 1) };
  const shapes = [background, ...drawing.foreground.map((s) => ({ ...s, points: place(s.points, shrink) }))];
  const pixels = new Float32Array(size * size * 4); // premultiplied while compositing
  for (const shape of shapes) {
    const cover = coverage(shape.points, size);
    const [r, g, b, a] = shape.rgba.map((v) => v / 255) as [number, number, number, number];
    for (let p = 0; p < cover.length; p += 1) {
      const alpha = Math.min(1, cover[p] as number) * a;
      if (alpha === 0) continue;
      const keep = 1 - alpha;
      pixels[p * 4] = r * alpha + (pixels[p * 4] as number) * keep;
      pixels[p * 4 + 1] = g * alpha + (pixels[p * 4 + 1] as number) * keep;
      pixels[p * 4 + 2] = b * alpha + (pixels[p * 4 + 2] as number) * keep;
      pixels[p * 4 + 3] = alpha + (pixels[p * 4 + 3] as number) * keep;
    }
  }
  const out = new Uint8Array(size * size * 4);
  for (let p = 0; p < size * size; p += 1) {
    const alpha = pixels[p * 4 + 3] as number;
    for (let c = 0; c < 3; c += 1) {
      out[p * 4 + c] = alpha > 0 ? Math.round(((pixels[p * 4 + c] as number) / alpha) * 255) : 0;
    }
    out[p * 4 + 3] = Math.round(alpha * 255);
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks carry it (ISO 3309). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** An 8-bit RGBA PNG of `width` × `height` pixels (rows unfiltered, zlib at its best level). */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, deflate, adaptive filters, no interlace
  const raw = new Uint8Array(height * (1 + width * 4));
  for (let y = 0; y < height; y += 1) {
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (1 + width * 4) + 1);
  }
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}

/** The PNG files of `APP_ICONS` drawn from the icon SVG's text. */
export function appIconFiles(svg: string): Map<string, Uint8Array> {
  const drawing = readIconSvg(svg);
  return new Map(
    APP_ICONS.map((icon) => [
      icon.fileName,
      encodePng(rasterizeIcon(drawing, icon.size, icon.maskable), icon.size, icon.size),
    ]),
  );
}

export function appIconsPlugin(): Plugin {
  let files: Map<string, Uint8Array> | undefined;
  const load = () => (files ??= appIconFiles(readFileSync(SOURCE, 'utf8')));
  return {
    name: 'stadtmodell-app-icons',
    generateBundle() {
      for (const [fileName, source] of load()) this.emitFile({ type: 'asset', fileName, source });
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const png = load().get((request.url ?? '').split('?')[0]?.replace(/^\//, '') ?? '');
        if (!png) return next();
        response.setHeader('Content-Type', 'image/png');
        response.end(png);
      });
    },
  };
}
