import type { Page } from 'playwright-core';

type Measure = 'building-share' | 'changed-share' | 'colour-spot';

/** Pixels a measure counted, their centre (image pixels from the top left) and the image's pixel count. */
interface Counted {
  count: number;
  x: number;
  y: number;
  pixels: number;
}

/**
 * The browser globals the picture decoders below use inside `page.evaluate`, typed here because the e2e files are
 * compiled with Node's lib, not the DOM's (a type only: nothing of it is sent to the page).
 */
export interface BrowserImages {
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
}

/**
 * Decodes PNG screenshots with the browser's own decoder and counts pixels in the page (one function,
 * serialised into the page, so the decoding exists once):
 * - 'building-share': pixels of the first PNG that look like the demo city's roofs (SURFACE_PALETTE's
 *   red-brown), which neither the Natural Earth imagery nor the ground uses;
 * - 'changed-share': pixels whose RGB differs by more than 30 between the two PNGs;
 * - 'colour-spot': pixels of the first PNG within 12 of `rgb` in each channel.
 */
async function measurePngs(
  page: Page,
  measure: Measure,
  pngs: Buffer[],
  rgb: [number, number, number] = [0, 0, 0],
): Promise<Counted> {
  return page.evaluate(
    async ([kind, images, [r0, g0, b0]]) => {
      const browser = globalThis as unknown as BrowserImages;
      const decoded = await Promise.all(
        images.map(async (base64) => {
          const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
          const bitmap = await browser.createImageBitmap(blob);
          const canvas = new browser.OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext('2d');
          if (!context) throw new Error('pixels: no 2d context');
          context.drawImage(bitmap, 0, 0);
          return { data: context.getImageData(0, 0, bitmap.width, bitmap.height).data, width: bitmap.width };
        }),
      );
      const first = decoded[0];
      if (!first) throw new Error('pixels: no image');
      const x = first.data;
      const y = decoded[1]?.data;
      if (kind === 'changed-share' && !y) throw new Error('pixels: changed-share needs two images');
      let count = 0;
      let sumX = 0;
      let sumY = 0;
      for (let i = 0; i < x.length; i += 4) {
        const r = x[i] ?? 0;
        const g = x[i + 1] ?? 0;
        const b = x[i + 2] ?? 0;
        let hit: boolean;
        if (kind === 'building-share') hit = r > 90 && r > g + 35 && r > b + 45;
        else if (kind === 'colour-spot')
          hit = Math.abs(r - r0) <= 12 && Math.abs(g - g0) <= 12 && Math.abs(b - b0) <= 12;
        else
          hit =
            Math.abs(r - (y?.[i] ?? 0)) + Math.abs(g - (y?.[i + 1] ?? 0)) + Math.abs(b - (y?.[i + 2] ?? 0)) >
            30;
        if (!hit) continue;
        const pixel = i / 4;
        count += 1;
        sumX += pixel % first.width;
        sumY += Math.floor(pixel / first.width);
      }
      return { count, x: count ? sumX / count : 0, y: count ? sumY / count : 0, pixels: x.length / 4 };
    },
    [measure, pngs.map((png) => png.toString('base64')), rgb] as const,
  );
}

/** Share (0..1) of screenshot pixels that look like the demo city's building roofs. */
export function countBuildingPixels(page: Page, png: Buffer): Promise<number> {
  return measurePngs(page, 'building-share', [png]).then(({ count, pixels }) => count / pixels);
}

/** Share (0..1) of pixels that differ visibly between two same-sized screenshots. */
export function changedShare(page: Page, a: Buffer, b: Buffer): Promise<number> {
  return measurePngs(page, 'changed-share', [a, b]).then(({ count, pixels }) => count / pixels);
}

/** Count and centre (page pixels) of the screenshot pixels within 12 of `rgb` (0..255) in each channel. */
export async function colourSpot(
  page: Page,
  png: Buffer,
  rgb: [number, number, number],
): Promise<{ count: number; x: number; y: number }> {
  const { count, x, y } = await measurePngs(page, 'colour-spot', [png], rgb);
  return { count, x, y };
}

/**
 * A screenshot of the map alone, header, panels (the sketch panel too), status and credit line (attributions change with layers)
 * masked black, after 2.5 s for render on demand to build and draw new primitives and tiles, once the view rests,
 * and once a frame has been drawn with everything loaded (or `LOADED_WAIT_MS` have passed: a scene that never
 * completes is left to the caller's assertions).
 */
export async function mapScreenshot(page: Page): Promise<Buffer> {
  await waitForSettledPicture(page, 2500);
  return page.screenshot({
    mask: [
      page.locator('.app-header'),
      page.locator('.status'),
      page.locator('.attribute-panel'),
      page.locator('.layer-panel'),
      page.locator('#sketch-panel'),
      page.locator('.cesium-viewer-bottom'),
    ],
    maskColor: '#000000',
    timeout: 120_000, // software rendering on a shared machine can be slow
  });
}

/**
 * Waits `delayMs` for render on demand to build and draw new primitives and tiles, then until the view rests and
 * a frame has been drawn with everything loaded (or `LOADED_WAIT_MS` have passed: a scene that never completes is
 * left to the caller's assertions).
 */
export async function waitForSettledPicture(page: Page, delayMs: number): Promise<void> {
  await page.waitForTimeout(delayMs);
  await waitForMapAtRest(page);
  if (!(await waitForSceneLoaded(page, LOADED_WAIT_MS))) {
    // Not an error (the caller's assertions judge the picture), but each one costs the suite LOADED_WAIT_MS.
    console.warn(`waitForSettledPicture: no frame with everything loaded within ${LOADED_WAIT_MS} ms`);
  }
}

interface MapState {
  moving: boolean | null;
  loaded: string | null;
  renderScale: string | null;
  frameMs: string | null;
  contextLost: boolean | null;
  renderError: string | null;
}

/** What the viewer's container says about the picture now (see PerfTierSettings, SceneLoadedState). */
const MAP_STATE = `(() => {
  const container = document.querySelector('[data-testid="viewer-container"]');
  const canvas = document.querySelector('.cesium-widget canvas');
  const gl = canvas && (canvas.getContext('webgl2') || canvas.getContext('webgl'));
  const panel = document.querySelector('.cesium-widget-errorPanel');
  return {
    moving: container ? container.hasAttribute('data-view-moving') : null,
    loaded: container ? container.getAttribute('data-scene-loaded') : null,
    renderScale: container ? container.getAttribute('data-render-scale') : null,
    frameMs: container ? container.getAttribute('data-frame-ms') : null,
    contextLost: gl ? gl.isContextLost() : null,
    renderError: panel ? panel.textContent : null,
  };
})()`;

/** How long `mapScreenshot` waits for a frame drawn with every tile loaded (a loaded machine is slow to stream). */
const LOADED_WAIT_MS = 30_000;

/**
 * Polls the viewer's state every `intervalMs` until `reached` holds or `timeoutMs` pass; returns whether it held,
 * and the last state. Polled with page.evaluate: waitForFunction evaluates a string in the page, which the CSP
 * forbids.
 */
async function pollMapState(
  page: Page,
  reached: (state: MapState) => boolean,
  timeoutMs: number,
  intervalMs: number,
): Promise<{ held: boolean; state: MapState }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await page.evaluate(MAP_STATE)) as MapState;
    if (reached(state)) return { held: true, state };
    if (Date.now() > deadline) return { held: false, state };
    await page.waitForTimeout(intervalMs);
  }
}

/** Waits up to `timeoutMs` for `data-scene-loaded="true"`; returns whether it came. */
async function waitForSceneLoaded(page: Page, timeoutMs: number): Promise<boolean> {
  return (await pollMapState(page, (state) => state.loaded === 'true', timeoutMs, 200)).held;
}

/**
 * Waits until the view rests (a coarser resolution may apply while it moves). Fails with what the viewer says
 * when it never does: whether the last frame had everything loaded, the frame time, a lost context or Cesium's
 * render error (which stops its render loop, and with it the end of a move).
 */
export async function waitForMapAtRest(page: Page, timeoutMs = 30_000): Promise<void> {
  const { held, state } = await pollMapState(page, (now) => now.moving === false, timeoutMs, 100);
  if (!held) throw new Error(`The map did not come to rest within ${timeoutMs} ms: ${JSON.stringify(state)}`);
}
/**
 * Statistics of a picture (a `data:` URL: PNG, JPEG) decoded by the browser: its size, the variance of the grey
 * values (0..255²) and the number of distinct colours among every 7th pixel, so a blank or single-colour picture
 * fails.
 */
export function imageStatistics(
  page: Page,
  dataUrl: string,
): Promise<{ width: number; height: number; variance: number; colours: number }> {
  return page.evaluate(async (url) => {
    const browser = globalThis as unknown as BrowserImages;
    const blob = await (await fetch(url)).blob();
    const bitmap = await browser.createImageBitmap(blob);
    const canvas = new browser.OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.drawImage(bitmap, 0, 0);
    const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let sum = 0;
    let squares = 0;
    let n = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 7) {
      const r = data[i] ?? 0;
      const g = data[i + 1] ?? 0;
      const b = data[i + 2] ?? 0;
      const grey = 0.299 * r + 0.587 * g + 0.114 * b;
      sum += grey;
      squares += grey * grey;
      n += 1;
      colours.add((r << 16) | (g << 8) | b);
    }
    const mean = sum / n;
    return {
      width: bitmap.width,
      height: bitmap.height,
      variance: squares / n - mean * mean,
      colours: colours.size,
    };
  }, dataUrl);
}
