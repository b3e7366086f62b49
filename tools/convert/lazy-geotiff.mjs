// geotiff for the converter bundle, required on its first use (tools/convert/bundle.mjs puts this module
// in place of the package): only `--geoid <file.tif>` reads a GeoTIFF, and bundled, the reader and its
// decoders were parsed and evaluated at every start-up of the CLI and of each worker thread. The package's
// CommonJS build (dist-node) is the same reader.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
let loaded;
const real = () => (loaded ??= requireHere('geotiff'));

/** `geotiff`'s `fromArrayBuffer`, from the package loaded on first use. */
export function fromArrayBuffer(...args) {
  return real().fromArrayBuffer(...args);
}
