/**
 * The tiling benchmark's page in a served folder: the bare Cesium viewer's HTML (`bench/bare-viewer/index.html`,
 * the same Cesium set-up) with this benchmark's script (`page.js`) in place of the bare viewer's. Shared by
 * `bench/tiling-layouts.ts` and `e2e/implicit-tiling.e2e.test.ts`.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const BENCH = resolve(import.meta.dirname, '../bench');

/** Writes `index.html` and `page.js` into `dir` (Cesium is expected at `dir/cesium`). */
export function writeTilingPage(dir: string): void {
  const html = readFileSync(join(BENCH, 'bare-viewer/index.html'), 'utf8');
  const page = html
    .replace(
      '<title>Bare Cesium Viewer (benchmark peer)</title>',
      '<title>Tiling layouts (benchmark page)</title>',
    )
    .replace('<script src="bare-viewer.js"></script>', '<script src="page.js"></script>');
  if (!page.includes('<script src="page.js"></script>')) {
    throw new Error(
      'bench: bench/bare-viewer/index.html no longer loads bare-viewer.js; update writeTilingPage',
    );
  }
  writeFileSync(join(dir, 'index.html'), page);
  copyFileSync(join(BENCH, 'tiling-layouts/page.js'), join(dir, 'page.js'));
}
