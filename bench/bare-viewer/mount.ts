import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lays out the bare-viewer peer in .tmp/bench-bare/: its page, the prebuilt Cesium from the cesium
 * package and the same tiles as the build measured (`dist`: dist/ by default; linked, not copied). Returns the
 * folder to serve.
 */
export function mountBareViewer(root: string, dist = join(root, 'dist')): string {
  const dir = join(root, '.tmp', 'bench-bare');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'bench', 'bare-viewer', 'index.html'), join(dir, 'index.html'));
  cpSync(join(root, 'bench', 'bare-viewer', 'bare-viewer.js'), join(dir, 'bare-viewer.js'));
  symlinkSync(join(root, 'node_modules', 'cesium', 'Build', 'Cesium'), join(dir, 'cesium'));
  symlinkSync(join(dist, 'tiles'), join(dir, 'tiles'));
  // The demo terrain, where the build has one (bench/viewer-startup.ts gives it to the bare viewer too).
  if (existsSync(join(dist, 'terrain'))) symlinkSync(join(dist, 'terrain'), join(dir, 'terrain'));
  return dir;
}
