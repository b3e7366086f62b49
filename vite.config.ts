import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';

/**
 * Cesium's static files (web workers, assets incl. the Natural Earth II imagery, widget CSS, third-party
 * WASM) are served from our own origin under `cesium/`; `src/app/cesium-base-url.ts` points
 * CESIUM_BASE_URL there before Cesium loads. Nothing is fetched from any other host.
 */
const cesiumBuild = 'node_modules/cesium/Build/Cesium';

export default defineConfig({
  base: './',
  plugins: [
    react(),
    viteStaticCopy({
      targets: ['Workers', 'Assets', 'Widgets', 'ThirdParty'].map((folder) => ({
        src: `${cesiumBuild}/${folder}`,
        dest: 'cesium',
      })),
    }),
  ],
  build: {
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
});
