import type { Page } from 'playwright-core';

type Measure = 'building-share' | 'changed-share';

/**
 * Decodes PNG screenshots with the browser's own decoder and measures them in the page (one function,
 * serialised into the page, so the decoding exists once):
 * - 'building-share': share (0..1) of pixels of the first PNG that look like the demo city's roofs
 *   (SURFACE_PALETTE's red-brown), which neither the Natural Earth imagery nor the ground uses;
 * - 'changed-share': share of pixels whose RGB differs by more than 30 between the two PNGs.
 */
async function measurePngs(page: Page, measure: Measure, pngs: Buffer[]): Promise<number> {
  return page.evaluate(
    async ([kind, images]) => {
      // Browser globals, typed here because this file is compiled with Node's lib, not the DOM's.
      const browser = globalThis as unknown as {
        createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
        OffscreenCanvas: new (
          width: number,
          height: number,
        ) => {
          getContext(kind: '2d'): {
            drawImage(image: unknown, x: number, y: number): void;
            getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
          } | null;
        };
      };
      const decoded = await Promise.all(
        images.map(async (base64) => {
          const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
          const bitmap = await browser.createImageBitmap(blob);
          const canvas = new browser.OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          if (!context) throw new Error('pixels: no 2d context');
          context.drawImage(bitmap, 0, 0);
          return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
        }),
      );
      const x = decoded[0];
      if (!x) throw new Error('pixels: no image');
      let count = 0;
      if (kind === 'building-share') {
        for (let i = 0; i < x.length; i += 4) {
          const r = x[i] ?? 0;
          const g = x[i + 1] ?? 0;
          const b = x[i + 2] ?? 0;
          if (r > 90 && r > g + 35 && r > b + 45) count += 1;
        }
      } else {
        const y = decoded[1];
        if (!y) throw new Error('pixels: changed-share needs two images');
        for (let i = 0; i < x.length; i += 4) {
          const d =
            Math.abs((x[i] ?? 0) - (y[i] ?? 0)) +
            Math.abs((x[i + 1] ?? 0) - (y[i + 1] ?? 0)) +
            Math.abs((x[i + 2] ?? 0) - (y[i + 2] ?? 0));
          if (d > 30) count += 1;
        }
      }
      return count / (x.length / 4);
    },
    [measure, pngs.map((png) => png.toString('base64'))] as const,
  );
}

/** Share (0..1) of screenshot pixels that look like the demo city's building roofs. */
export function countBuildingPixels(page: Page, png: Buffer): Promise<number> {
  return measurePngs(page, 'building-share', [png]);
}

/** Share (0..1) of pixels that differ visibly between two same-sized screenshots. */
export function changedShare(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return measurePngs(page, 'changed-share', [a, b]);
}
