/**
 * Build plugin for the app-shell service worker: compiles `src/app/offline/service-worker.ts` into `sw.js`
 * next to index.html, with the build's list of app-shell files written in front of it. The start set
 * (index.html, the entry chunk and the chunks it loads at once, their styles, the manifest and its icons) is
 * cached at install; the other chunks (the tools, loaded on first use) when first fetched, as are Cesium's
 * static files under `cesium/` (the service worker knows that folder). Our worker scripts, tiles and data
 * are not part of the shell. The version is a hash of the shell's
 * file names (which carry content hashes) and index.html, so every build gets its own cache.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import type { Plugin } from 'vite';
import { APP_ICONS } from './vite-icons.ts';

const SOURCE = new URL('./src/app/offline/service-worker.ts', import.meta.url);

/** Files of `public/` that belong to the shell (the manifest and its icon). */
export const PUBLIC_SHELL_FILES = ['manifest.webmanifest', 'icons/icon.svg'];

/** The embed viewer's entry name in vite.config.ts' `build.rollupOptions.input`. */
export const EMBED_ENTRY = 'embed';

interface ChunkLike {
  type: 'chunk';
  name: string;
  fileName: string;
  isEntry: boolean;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string> };
}
interface AssetLike {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}

export function serviceWorkerPlugin(): Plugin {
  return {
    name: 'stadtmodell-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = bundle as unknown as Record<string, ChunkLike | AssetLike>;
      const chunks = Object.values(files).filter((file): file is ChunkLike => file.type === 'chunk');
      const start = new Set<string>();
      const add = (fileName: string) => {
        const chunk = files[fileName];
        if (!chunk || chunk.type !== 'chunk' || start.has(fileName)) return;
        start.add(fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) start.add(css);
        chunk.imports.forEach(add);
      };
      // The entry, and what it loads at once: the app (or the presenter page) and their static imports. The
      // embed viewer (embed.html, its own entry) is not part of the viewer's shell: a visit to the viewer must not
      // download three.js, and embeds run in other sites' iframes, where this worker does not register.
      for (const entry of chunks.filter((chunk) => chunk.isEntry && chunk.name !== EMBED_ENTRY)) {
        add(entry.fileName);
        entry.dynamicImports.forEach(add);
      }
      const lazy = chunks.map((chunk) => chunk.fileName).filter((fileName) => !start.has(fileName));
      const index = files['index.html'];
      if (!index || index.type !== 'asset') throw new Error('vite-sw: the build has no index.html');
      const icons = APP_ICONS.map((icon) => icon.fileName);
      const startFiles = ['index.html', ...[...start].sort(), ...PUBLIC_SHELL_FILES, ...icons];
      const version = createHash('sha256')
        .update(JSON.stringify([startFiles, lazy.sort()]))
        .update(index.source)
        .digest('hex')
        .slice(0, 16);
      const { code } = transformSync(readFileSync(SOURCE, 'utf8'), {
        loader: 'ts',
        format: 'iife',
        target: 'es2022',
        minify: true,
      });
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source:
          `var SHELL_VERSION=${JSON.stringify(version)},SHELL_START=${JSON.stringify(startFiles)},` +
          `SHELL_LAZY=${JSON.stringify(lazy)};\n${code}`,
      });
    },
  };
}
