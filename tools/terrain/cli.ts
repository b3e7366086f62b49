import { crsOverrideProblem } from '../../src/core/crs/srs-name.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { parseCommandLine } from '../cli-args.ts';
import { runInterrupts } from '../interrupts.ts';
import { OutputRefusedError } from '../convert/output.ts';
import { convertTerrain, TERRAIN_DEFAULTS, TerrainInterruptedError } from './run.ts';

const USAGE = `Usage: npm run terrain -- <inputs…> --out public/terrain/<name> [options]

Converts a digital terrain model into a quantized-mesh-1.0 tileset for CesiumJS (layer.json,
{z}/{x}/{y}.terrain with octvertexnormals, report.json), tiled in EPSG:4326 (TMS).
Inputs: GeoTIFF (.tif), XYZ grids (.xyz, .txt: "x y z" per line, space, comma or semicolon, header
line allowed) and ESRI ASCII grids (.asc: told from XYZ by their ncols/nrows header), each also .gz or
in a .zip; directories (recursively) and globs (* ? **). Files on one grid (the 1 km tiles of a state's
DGM) are stitched without seams.
Options:
  --out <dir>        output directory: new, empty, or an earlier output (it has a .stadtmodell-output.json
                     marker; only the files it lists are replaced); anything else is refused (exit 2)
  --crs <srsName>    CRS of the grids, e.g. EPSG:25832 (default: the GeoTIFF's GeoKeys, or the .prj beside
                     an XYZ or ASCII grid; needed for those without one)
  --geoid <g>        egm96 (default, built-in) | none | <metres> | <geoid grid GeoTIFF>: the same
                     correction the CityGML converter gives buildings
  --max-error <m>    largest vertical error of the finest meshes, metres (default ${TERRAIN_DEFAULTS.maxError})
  --max-level <n>    finest level (default: where the tile grid is as fine as the source)
  --jobs <n>         worker threads for meshing and encoding (default: one per core above 4 million cells,
                     else 1); 1: on the main thread
  --force            also write into a non-empty directory that is not an earlier output (its files stay)
  --quiet            no progress or summary lines
  --help
Exit status: 0 when a tileset was written; 1 when nothing could be (one line names the file and
why; report.json says it too); 2 on bad usage or a refused --out; 128+n on signal n.`;

/**
 * The terrain converter's command line as a function: returns the exit code (0 written, 1 nothing could be,
 * 2 bad usage or refused `--out`, 128 + n interrupted by signal n). `handleSigint` (the bin) turns SIGINT,
 * SIGTERM and SIGHUP into a clean abort.
 */
export async function runTerrainCli(
  argv: string[],
  log: (line: string) => void = console.error,
  { signal, handleSigint = false }: { signal?: AbortSignal; handleSigint?: boolean } = {},
): Promise<number> {
  const parsed = parseCommandLine(
    'terrain',
    argv,
    {
      out: { type: 'string' },
      crs: { type: 'string' },
      geoid: { type: 'string' },
      'max-error': { type: 'string' },
      'max-level': { type: 'string' },
      jobs: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    USAGE,
    log,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.out || positionals.length === 0) {
    log(`terrain: need inputs and --out <dir>\n${USAGE}`);
    return 2;
  }
  const maxError = values['max-error'] === undefined ? undefined : Number(values['max-error']);
  if (maxError !== undefined && !(maxError > 0 && Number.isFinite(maxError))) {
    log(`terrain: --max-error must be a positive number of metres, got "${values['max-error']}"`);
    return 2;
  }
  const maxLevel = values['max-level'] === undefined ? undefined : Number(values['max-level']);
  if (maxLevel !== undefined && !(Number.isInteger(maxLevel) && maxLevel >= 0 && maxLevel <= 22)) {
    log(`terrain: --max-level must be a whole number 0..22, got "${values['max-level']}"`);
    return 2;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 256)) {
    log(`terrain: --jobs must be a whole number 1..256, got "${values.jobs}"`);
    return 2;
  }
  const crsProblem = values.crs === undefined ? undefined : crsOverrideProblem(values.crs);
  if (crsProblem) {
    log(`terrain: --crs ${values.crs}: ${crsProblem}`);
    return 2;
  }
  const interrupts = runInterrupts(signal, handleSigint);
  try {
    await convertTerrain({
      inputs: positionals,
      out: values.out,
      ...(values.crs ? { crs: values.crs } : {}),
      ...(values.geoid ? { geoid: values.geoid } : {}),
      ...(maxError !== undefined ? { maxError } : {}),
      ...(maxLevel !== undefined ? { maxLevel } : {}),
      ...(jobs !== undefined ? { jobs } : {}),
      force: values.force ?? false,
      quiet: values.quiet ?? false,
      ...(log === console.error ? {} : { log }),
      signal: interrupts.signal,
    });
    return 0;
  } catch (error) {
    if (error instanceof TerrainInterruptedError) {
      log(error.message);
      return interrupts.exitStatus();
    }
    if (error instanceof OutputRefusedError) {
      // The output rules are the CityGML converter's, and so are its words.
      log(error.message.replace(/^convert:/, 'terrain:'));
      return 2;
    }
    const message = errorMessage(error);
    log(message.startsWith('terrain:') ? message : `terrain: ${message}`);
    return 1;
  } finally {
    interrupts.dispose();
  }
}
