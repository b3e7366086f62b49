import type { Page } from 'playwright-core';

/**
 * Share (0..1) of screenshot pixels that look like the demo city's buildings: the roof and wall colours
 * of SURFACE_PALETTE (red-brown roofs, warm light walls), which neither the Natural Earth imagery nor the
 * ground surfaces use. Decoded in the page with the browser's own PNG decoder.
 */
export async function countBuildingPixels(page: Page, png: Buffer): Promise<number> {
  return page.evaluate(async (base64) => {
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
    const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
    const bitmap = await browser.createImageBitmap(blob);
    const canvas = new browser.OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('pixels: no 2d context');
    context.drawImage(bitmap, 0, 0);
    const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    let building = 0;
    for (let i = 0; i < data.length; i += 4) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      const reddishRoof = r > 90 && r > g + 35 && r > b + 45;
      if (reddishRoof) building += 1;
    }
    return building / (bitmap.width * bitmap.height);
  }, png.toString('base64'));
}
