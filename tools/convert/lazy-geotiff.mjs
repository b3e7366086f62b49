// geotiff for the converter bundle, required on its first use (tools/convert/bundle.mjs puts this module
// in place of the package): only `--geoid <file.tif>` reads a GeoTIFF, and bundled, the reader and its
// decoders were parsed and evaluated at every start-up of the CLI and of each worker thread. The package's
// CommonJS build (dist-node) is the same reader.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
let loaded;
/**
 * `geotiff`'s `BaseDecoder` once the package is loaded, undefined before (a live binding: decoders are made
 * only while a GeoTIFF is read, when it is loaded).
 */
export let BaseDecoder;
/** `addDecoder` calls made before the package was loaded (registrations at module level), applied on load. */
const pendingDecoders = [];
const real = () => {
  if (loaded === undefined) {
    loaded = requireHere('geotiff');
    BaseDecoder = loaded.BaseDecoder;
    for (const args of pendingDecoders) loaded.addDecoder(...args);
  }
  return loaded;
};

/** `geotiff`'s `fromArrayBuffer`, from the package loaded on first use. */
export function fromArrayBuffer(...args) {
  return real().fromArrayBuffer(...args);
}

/** `geotiff`'s `addDecoder`: held until the package is loaded, so that registering does not load it. */
export function addDecoder(...args) {
  if (loaded === undefined) pendingDecoders.push(args);
  else loaded.addDecoder(...args);
}
