/**
 * Cesium reads the files of imported tilesets straight from their Blobs instead of through
 * XMLHttpRequest, and gets their GLBs one per frame (an animation frame by default; the viewer passes
 * `afterDrawnFrame` of `gpu-frame-gate.ts`, one per drawn frame, as frames held back draw nothing).
 *
 * Why: a trace of the page during a 100 MB CityGML import (`bench/browser-import.ts` with BENCH_TRACE) had
 * main-thread tasks of 150–250 ms in which Cesium opened and sent dozens of XHRs to blob URLs in one go
 * (`XMLHttpRequest` `open`/`send` were most of their samples), and tasks of up to 390 ms in which Cesium
 * built the draw commands, vertex arrays and shaders of many models that had arrived together. Reading a
 * Blob (`Blob.arrayBuffer`) makes no request and no loader on the page, and handing Cesium one GLB per
 * frame keeps a frame to about one new model.
 *
 * Only blob URLs registered here (by `blob-tileset.ts`, as it makes them) are read this way; every other
 * URL, method or response type goes to Cesium's own loader unchanged. The blob URLs stay real, so the
 * shadow study's worker and anything else can still fetch them. Nothing here is a request to anywhere.
 */

/** The Blob behind each blob URL of an imported tileset (made and revoked by `blob-tileset.ts`). */
const blobs = new Map<string, Blob>();

/** Reads of `url` come from `blob` from now on (until `forgetBlobUrl`). */
export function registerBlobUrl(url: string, blob: Blob): void {
  blobs.set(url, blob);
}

/** `url` is revoked: its reads go to Cesium's loader again (and fail there, as for any revoked URL). */
export function forgetBlobUrl(url: string): void {
  blobs.delete(url);
}

/** The `deferred` Cesium's `Resource` hands its loader. */
interface Deferred {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Cesium's `Resource._Implementations.loadWithXhr` (private API; the signature of Cesium 1.145). */
export type LoadWithXhr = (
  url: string,
  responseType: string | undefined,
  method: string | undefined,
  data: unknown,
  headers: unknown,
  deferred: Deferred,
  overrideMimeType?: string,
) => unknown;

/** Where Cesium keeps its loader: `Resource._Implementations`. */
export interface LoaderImplementations {
  loadWithXhr: LoadWithXhr;
}

/** Calls back once the page has drawn (or skipped) a frame; the default waits for an animation frame. */
export type NextFrame = (callback: () => void) => void;

/** `requestAnimationFrame` (spelled out so the module type-checks without the DOM lib, as blob-tileset.ts does). */
const page = globalThis as unknown as { requestAnimationFrame?: (callback: () => void) => number };
const animationFrame: NextFrame = (callback) => {
  if (page.requestAnimationFrame) page.requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

interface Read {
  start(): void;
  aborted: boolean;
}

/** GLBs waiting for their frame, oldest first. */
const queue: Read[] = [];
let waitingForFrame = false;
let nextFrame: NextFrame = animationFrame;
const installed = new WeakSet<LoaderImplementations>();

/** Starts the oldest waiting GLB read, then waits a frame before the next one. */
function pump(): void {
  if (waitingForFrame) return;
  let read = queue.shift();
  while (read?.aborted) read = queue.shift();
  if (!read) return;
  read.start();
  waitingForFrame = true;
  nextFrame(() => {
    waitingForFrame = false;
    pump();
  });
}

/** How a response type is read from a Blob; undefined: left to Cesium's loader. */
function readerFor(responseType: string | undefined): ((blob: Blob) => Promise<unknown>) | undefined {
  switch (responseType ?? '') {
    case 'arraybuffer':
      return (blob) => blob.arrayBuffer();
    case '':
    case 'text':
      return (blob) => blob.text();
    case 'json':
      return async (blob) => JSON.parse(await blob.text()) as unknown;
    case 'blob':
      return (blob) => Promise.resolve(blob);
    default:
      return undefined;
  }
}

/**
 * Makes Cesium's loader (`Resource._Implementations`, passed in so this module needs no Cesium) read
 * registered blob URLs from their Blobs: binary responses (the GLBs) one per frame (`frame`, default an
 * animation frame), text and JSON (tileset and subtree JSON) at once. Installing twice changes nothing.
 */
export function installBlobReads(implementations: LoaderImplementations, frame?: NextFrame): void {
  if (frame) nextFrame = frame;
  if (installed.has(implementations)) return;
  installed.add(implementations);
  const cesiumLoad = implementations.loadWithXhr;
  implementations.loadWithXhr = function (this: unknown, ...args: Parameters<LoadWithXhr>) {
    const [url, responseType, method, , , deferred] = args;
    const blob = typeof url === 'string' ? blobs.get(url) : undefined;
    const reader = readerFor(responseType);
    if (!blob || !reader || (method !== undefined && method !== 'GET')) {
      return cesiumLoad.apply(this, args);
    }
    const read: Read = {
      aborted: false,
      start() {
        reader(blob).then(
          (value) => {
            if (!read.aborted) deferred.resolve(value);
          },
          (error: unknown) => {
            if (!read.aborted) deferred.reject(error);
          },
        );
      },
    };
    if (responseType === 'arraybuffer') {
      queue.push(read);
      pump();
    } else read.start();
    // Cesium aborts a request it no longer needs (the tile left the view); its scheduler rejects it.
    return {
      abort() {
        read.aborted = true;
      },
    };
  };
}

/** GLB reads waiting for a frame now (for tests). */
export function waitingBlobReads(): number {
  return queue.filter((r) => !r.aborted).length;
}
