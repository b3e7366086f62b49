/**
 * CLI: writes the built-in demo city (CityGML 2.0 LoD2, EPSG:25832 + DHHN2016, around Rathaus Barmen) to a file.
 *
 *   npx tsx tools/generate-demo-city.ts --out <file.gml> [--buildings N] [--seed S]
 *
 * A thin wrapper over `writeDemoCity` (tools/demo-city/write.ts), which streams with backpressure in constant
 * memory through `<file>.tmp`. Prints one JSON line with the summary and measured figures (bytes, seconds, peak RSS) to stdout.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeDemoCity } from './demo-city/write.ts';
import { errorMessage } from '../src/core/errors.ts';

function parseInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text))
    throw new Error(`generate-demo-city: --${name} must be an integer, got "${text}"`);
  return Number(text);
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      buildings: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || values.out === undefined) {
    console.error('Usage: npx tsx tools/generate-demo-city.ts --out <file.gml> [--buildings N] [--seed S]');
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const report = await writeDemoCity({
    out: values.out,
    buildings: parseInteger('buildings', values.buildings),
    seed: parseInteger('seed', values.seed),
  });
  console.log(JSON.stringify(report));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(errorMessage(error));
    process.exitCode = 1;
  });
}
