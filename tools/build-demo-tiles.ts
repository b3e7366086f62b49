#!/usr/bin/env -S npx tsx
/**
 * Builds the viewer's built-in demo city when missing: generates the CityGML 2.0 district around
 * Rathaus Barmen (tools/demo-city) into .cache/demo/, then converts it with the same converter as
 * `npm run convert` into public/tiles/demo/. `--force` rebuilds; `--buildings N` changes the size.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemoCity } from './demo-city/write.ts';
import { convertCityGml } from './convert/run.ts';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { force: { type: 'boolean' }, buildings: { type: 'string' } },
});
const tilesetDir = join(root, 'public', 'tiles', 'demo');
const buildings = values.buildings === undefined ? undefined : Number(values.buildings);
const gml = join(root, '.cache', 'demo', `demo-city${buildings ? `-${buildings}` : ''}.gml`);

// A tileset from before the address index (addresses.json, for the search) is converted again.
if (
  !values.force &&
  existsSync(join(tilesetDir, 'tileset.json')) &&
  existsSync(join(tilesetDir, 'addresses.json'))
) {
  console.error(`demo tiles: ${tilesetDir} is present (use --force to rebuild)`);
} else {
  if (values.force || !existsSync(gml)) {
    const summary = await writeDemoCity({ out: gml, buildings });
    console.error(`demo tiles: generated ${summary.buildings} buildings → ${gml}`);
  }
  await convertCityGml({ inputs: [gml], out: tilesetDir });
}
