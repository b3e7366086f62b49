#!/usr/bin/env node
// `npm start`: builds the demo city's tiles when missing (generate CityGML, convert to 3D Tiles),
// then serves the viewer on http://127.0.0.1:5173/ with Vite. Everything stays on localhost.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
// The demo district today and as built in 2000 (the compare divider's second state).
// The district's terrain (public/terrain/demo) is built by the same script.
if (
  ['demo', 'demo-2000'].some((dir) => !existsSync(`${root}public/tiles/${dir}/tileset.json`)) ||
  !existsSync(`${root}public/terrain/demo/layer.json`)
) {
  console.log('start: building the demo city tiles (first start only) …');
  const built = spawnSync('npx', ['tsx', 'tools/build-demo-tiles.ts'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const vite = spawn('npx', ['vite', '--strictPort', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
vite.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => vite.kill(signal));
