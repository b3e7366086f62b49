// proj4 for the converter bundle, loaded on its first use (tools/convert/bundle.mjs puts this module in
// place of the package). German data is in UTM (EPSG:25832/25833), which src/core/crs converts without
// proj4, so most runs never use it; bundled, its 280 KB were parsed and evaluated at every start-up of
// the CLI and of each worker thread. Calls and property reads go to the package, required on first use.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
let loaded;
const real = () => (loaded ??= requireHere('proj4'));

const proj4 = new Proxy(function proj4() {}, {
  apply: (_target, thisArgument, args) => Reflect.apply(real(), thisArgument, args),
  get: (_target, key) => Reflect.get(real(), key),
  has: (_target, key) => Reflect.has(real(), key),
});

export default proj4;
