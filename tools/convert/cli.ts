import { parseArgs } from 'node:util';
import { convertCityGml } from './session.ts';

const USAGE = `Usage: npm run convert -- <input.gml|.gml.gz …> --out <dir> [options]

Converts CityGML 1.0/2.0/3.0 into a 3D Tiles 1.1 tileset (<dir>/tileset.json, GLB tiles, report.json).
Options:
  --out <dir>       output directory (replaced atomically when the run succeeds)
  --crs <srsName>   CRS for data without srsName or with a local CRS, e.g. EPSG:25832
  --geoid <g>       egm96 (default, built-in) | none | <metres> | <geoid grid GeoTIFF, e.g. de_bkg_gcg2016.tif>
  --lod <n>         highest LoD to take per building (default 2)
  --quiet           no progress lines
  --help`;

/**
 * The converter's command line as a function: parses `argv`, runs the conversion, returns the exit
 * code (0: something converted; 1: nothing could be; 2: bad usage). Testable in-process.
 */
export async function runConvertCli(
  argv: string[],
  log: (line: string) => void = console.error,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        crs: { type: 'string' },
        geoid: { type: 'string' },
        lod: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    log(`convert: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    log(USAGE);
    return 0;
  }
  if (!values.out || positionals.length === 0) {
    log(`convert: need input files and --out <dir>\n${USAGE}`);
    return 2;
  }
  const lod = values.lod === undefined ? undefined : Number(values.lod);
  if (lod !== undefined && !(Number.isInteger(lod) && lod >= 0 && lod <= 4)) {
    log(`convert: --lod must be 0..4, got "${values.lod}"`);
    return 2;
  }
  try {
    await convertCityGml({
      inputs: positionals,
      out: values.out,
      crs: values.crs,
      geoid: values.geoid,
      lod,
      quiet: values.quiet,
      log,
    });
    return 0;
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
}
