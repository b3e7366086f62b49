#!/usr/bin/env -S npx tsx
/**
 * Builds the viewer's built-in demo city when missing: generates the CityGML 2.0 district around
 * Rathaus Barmen (tools/demo-city) into .cache/demo/, then converts it with the same converter as
 * `npm run convert` into public/tiles/demo/; and the same district as it stood in 2000 (the buildings
 * built since left out) into public/tiles/demo-2000/, the second state the compare divider offers.
 * And the district's terrain (its ground heights, made ellipsoidal as the buildings are) into
 * public/terrain/demo/. `--force` rebuilds; `--buildings N` changes the size.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoCity } from './demo-city/write.ts';
import { convertCityGml } from './convert/run.ts';
import { writeDemoTerrain } from './terrain/demo.ts';

/** The states of the demo district that are built: today's and an earlier one (`builtBy`, a year). */
const DEMO_STATES: readonly { dir: string; builtBy?: number }[] = [
  { dir: 'demo' },
  { dir: 'demo-2000', builtBy: 2000 },
];

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { force: { type: 'boolean' }, buildings: { type: 'string' } },
});
const buildings = values.buildings === undefined ? undefined : Number(values.buildings);

for (const { dir, builtBy } of DEMO_STATES) {
  const tilesetDir = join(root, 'public', 'tiles', dir);
  const gml = join(root, '.cache', 'demo', `${dir}-city${buildings ? `-${buildings}` : ''}.gml`);
  // A tileset from before the address index (addresses.json, for the search) is converted again.
  if (
    !values.force &&
    existsSync(join(tilesetDir, 'tileset.json')) &&
    existsSync(join(tilesetDir, 'addresses.json'))
  ) {
    console.error(`demo tiles: ${tilesetDir} is present (use --force to rebuild)`);
    continue;
  }
  const started = performance.now();
  if (values.force || !existsSync(gml)) {
    const summary = await writeDemoCity({ out: gml, buildings, builtBy });
    console.error(`demo tiles: generated ${summary.buildings} buildings → ${gml}`);
  }
  await convertCityGml({ inputs: [gml], out: tilesetDir });
  console.error(`demo tiles: ${dir} built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const terrainDir = join(root, 'public', 'terrain', 'demo');
if (!values.force && existsSync(join(terrainDir, 'layer.json'))) {
  console.error(`demo terrain: ${terrainDir} is present (use --force to rebuild)`);
} else {
  const started = performance.now();
  const terrain = await writeDemoTerrain(terrainDir);
  console.error(
    `demo terrain: ${terrain.output.tiles} tiles → ${terrainDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
