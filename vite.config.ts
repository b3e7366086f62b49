import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { cspMetaPlugin, knockoutWithoutEvalPlugin, securityHeaders } from './vite-csp.ts';
import { appIconsPlugin } from './vite-icons.ts';
import { serviceWorkerPlugin } from './vite-sw.ts';

/**
 * Cesium's static files (web workers, assets incl. the Natural Earth II imagery, widget CSS, third-party
 * WASM) are served from our own origin under `cesium/`; `src/app/cesium-base-url.ts` points
 * CESIUM_BASE_URL there before Cesium loads. Nothing is fetched from any other host.
 */
const cesiumBuild = 'node_modules/cesium/Build/Cesium';

/**
 * React Fast Refresh's inline preamble as the dev server injects it (base '/'): the dev server's policy
 * allows exactly this script by its hash. The build has no inline script at all.
 */
const refreshPreamble = react.preambleCode.replace('__BASE__', '/');

/**
 * Cesium imports only `MeshoptDecoder` from 'meshoptimizer', but the package's index also loads the encoder,
 * simplifier, clusterizer and tangents, each a WebAssembly module instantiated on import (side effects the
 * bundler must keep): about 40 kB gzip of start-up JavaScript. Cesium gets the decoder module alone; our
 * converter (in its worker) still imports the encoder from the package.
 */
function cesiumMeshoptDecoderOnly(): Plugin {
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
function resiumPureComponents(): Plugin {
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
function cesiumSpzOnDemand(): Plugin {
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
function cesiumReleasePragmas(): Plugin {
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

export default defineConfig({
  base: './',
  plugins: [
    cesiumMeshoptDecoderOnly(),
    resiumPureComponents(),
    cesiumSpzOnDemand(),
    cesiumReleasePragmas(),
    react(),
    // The Content-Security-Policy as a <meta> in the built index.html (vite-csp.ts).
    cspMetaPlugin(),
    knockoutWithoutEvalPlugin(),
    // sw.js: the app-shell service worker with this build's file list (vite-sw.ts).
    serviceWorkerPlugin(),
    // The manifest's PNG icons, rasterised from public/icons/icon.svg at build (vite-icons.ts).
    appIconsPlugin(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'Widgets', 'ThirdParty'].map((folder) => ({
        src: `${cesiumBuild}/${folder}`,
        dest: 'cesium',
      })),
    }),
  ],
  // The dev server pre-bundles Cesium; Knockout's eval must go there too.
  optimizeDeps: { rolldownOptions: { plugins: [knockoutWithoutEvalPlugin()] } },
  build: {
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    headers: securityHeaders({ dev: { inlineScripts: [refreshPreamble] } }),
  },
  // The same headers as the e2e static server and a deployment (frame-ancestors needs a header).
  preview: { port: 4173, host: '127.0.0.1', headers: securityHeaders() },
});
