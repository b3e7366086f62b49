/**
 * Build plugins that keep Cesium's start-up JavaScript small (measured by `npm run bench:viewer`): what
 * Cesium's own release build removes (debug checks, shader comments) goes here too, and what the first
 * view never needs (SPZ splats, resium's unused components) stays out of the start bundle.
 */
import type { Plugin } from 'vite';

/**
 * Cesium imports only `MeshoptDecoder` from 'meshoptimizer', but the package's index also loads the encoder,
 * simplifier, clusterizer and tangents, each a WebAssembly module instantiated on import (side effects the
 * bundler must keep): about 40 kB gzip of start-up JavaScript. Cesium gets the decoder module alone; our
 * converter (in its worker) still imports the encoder from the package.
 */
export function cesiumMeshoptDecoderOnly(): Plugin {
  return {
    name: 'cesium-meshopt-decoder-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'meshoptimizer' || !importer?.includes('/@cesium/engine/')) return undefined;
      return this.resolve('meshoptimizer/decoder', importer, { skipSelf: true });
    },
  };
}

/**
 * resium wraps about ninety Cesium classes, each defined as `X = createCesiumComponent({ name: … })` at the top
 * of one module. The bundler cannot tell these calls are free of side effects, so it keeps every one, and with
 * them every Cesium class they name (KML with zip.js and Autolinker, CZML, Google tiles, MVT, panoramas):
 * about 140 kB gzip of start-up JavaScript for a viewer that uses resium's `Viewer` and `useCesium` alone.
 * Marking the definitions pure lets the unused ones go. Fails the build when resium's module no longer has
 * this shape (a resium update), so the start-up bundle cannot grow back unnoticed.
 */
export function resiumPureComponents(): Plugin {
  const definition = /(\b[A-Za-z_$][\w$]* = )([A-Za-z_$][\w$]*\((?:\{\n\tname:|"))/g;
  return {
    name: 'resium-pure-components',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/node_modules\/resium\/dist\/resium\.js$/.test(id)) return undefined;
      let marked = 0;
      const pure = code.replace(definition, (_match, assignment: string, call: string) => {
        marked += 1;
        return `${assignment}/* @__PURE__ */ ${call}`;
      });
      if (marked < 80) {
        this.error(
          `resium-pure-components: found ${marked} component definitions in resium, expected 80 or more`,
        );
      }
      return { code: pure, map: null };
    },
  };
}

/**
 * Cesium imports `loadSpz` from '@spz-loader/core' (Gaussian splats in SPZ, about 80 kB gzip of inlined
 * WebAssembly) into its glTF loader, whether or not a scene has splats. Cesium only ever awaits its result,
 * so it gets a stand-in that loads the package as a chunk of its own on the first splat.
 */
export function cesiumSpzOnDemand(): Plugin {
  const standIn = '\0cesium-spz-on-demand';
  return {
    name: 'cesium-spz-on-demand',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== '@spz-loader/core' || !importer?.includes('/@cesium/engine/')) return undefined;
      return standIn;
    },
    load(id) {
      if (id !== standIn) return undefined;
      return [
        'export function loadSpz(...args) {',
        "  return import('@spz-loader/core').then((spz) => spz.loadSpz(...args));",
        '}',
      ].join('\n');
    },
  };
}

/**
 * Cesium's sources carry developer checks between `//>>includeStart('debug', pragmas.debug);` and
 * `//>>includeEnd('debug');` (argument types, ranges: `DeveloperError`s for programming mistakes). Cesium's own
 * release build removes them; bundled from its sources, they would stay. The production build removes them the
 * same way (the dev server keeps them, where they help).
 */
export function cesiumReleasePragmas(): Plugin {
  const debugBlock = /\/\/>>includeStart\('debug', pragmas\.debug\);[\s\S]*?\/\/>>includeEnd\('debug'\);/g;
  return {
    name: 'cesium-release-pragmas',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/node_modules\/@cesium\/(?:engine|widgets)\/Source\/.*\.js$/.test(id)) return undefined;
      if (!code.includes('//>>includeStart')) return undefined;
      return { code: code.replace(debugBlock, ''), map: null };
    },
  };
}

/**
 * Removes comments, indentation and blank lines from GLSL source: line breaks stay (preprocessor directives
 * end at them), so does everything else. A block comment becomes a space.
 */
export function minifyGlsl(source: string): string {
  let code = '';
  for (let i = 0; i < source.length; i += 1) {
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = (end < 0 ? source.length : end) - 1;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      i = (end < 0 ? source.length : end + 2) - 1;
      code += ' ';
    } else {
      code += source[i];
    }
  }
  return code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

/**
 * Cesium's shaders come as modules `export default "<GLSL>"` with their documentation comments and
 * indentation. Cesium's own release build minifies them; the production build here does the same
 * (`minifyGlsl`), about a third of the shaders' bytes. A module of another shape is left as it is.
 */
export function cesiumReleaseShaders(): Plugin {
  const shaderModule =
    /^\/\/This file is automatically rebuilt by the Cesium build process\.\nexport default ("(?:[^"\\]|\\[\s\S])*");?\s*$/;
  return {
    name: 'cesium-release-shaders',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/node_modules\/@cesium\/engine\/Source\/Shaders\/.*\.js$/.test(id)) return undefined;
      const literal = shaderModule.exec(code)?.[1];
      if (literal === undefined) return undefined;
      // The string literal of Cesium's generated module (escapes and line continuations), read as JavaScript.
      const glsl = new Function(`return ${literal};`)() as string;
      return { code: `export default ${JSON.stringify(minifyGlsl(glsl))};\n`, map: null };
    },
  };
}
