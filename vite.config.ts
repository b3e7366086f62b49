import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { cspMetaPlugin, embedFramingPlugin, knockoutWithoutEvalPlugin, securityHeaders } from './vite-csp.ts';
import { appIconsPlugin } from './vite-icons.ts';
import {
  cesiumMeshoptDecoderOnly,
  cesiumReleasePragmas,
  cesiumReleaseShaders,
  cesiumSpzOnDemand,
  resiumPureComponents,
} from './vite-cesium.ts';
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

export default defineConfig({
  base: './',
  plugins: [
    cesiumMeshoptDecoderOnly(),
    resiumPureComponents(),
    cesiumSpzOnDemand(),
    cesiumReleasePragmas(),
    cesiumReleaseShaders(),
    react(),
    // The Content-Security-Policy as a <meta> in the built index.html (vite-csp.ts).
    cspMetaPlugin(),
    knockoutWithoutEvalPlugin(),
    // embed.html may be framed by other sites (frame-ancestors *); everything else keeps 'none'.
    embedFramingPlugin(),
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
    // The viewer, and the light embed viewer (three.js, no Cesium) for other sites' iframes (src/embed/).
    rollupOptions: { input: { index: 'index.html', embed: 'embed.html' } },
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
