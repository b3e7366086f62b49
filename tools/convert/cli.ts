import { parseArgs } from 'node:util';
import { convertCityGml, ConvertAbortedError, NothingConvertedError } from './session.ts';

const USAGE = `Usage: npm run convert -- <inputs…> --out <dir> [options]

Converts CityGML 1.0/2.0/3.0 into a 3D Tiles 1.1 tileset (<dir>/tileset.json, GLB tiles, report.json).
Inputs: files, directories (recursively: *.gml, *.xml, *.citygml, *.gz, *.zip), globs (* ? **),
.gz and .zip (read streaming, not unpacked).
Options:
  --out <dir>       output directory (replaced atomically when the run succeeds)
  --crs <srsName>   CRS for data without srsName or with a local CRS, e.g. EPSG:25832
  --geoid <g>       egm96 (default, built-in) | none | <metres> | <geoid grid GeoTIFF, e.g. de_bkg_gcg2016.tif>
  --lod <n>         highest LoD to take per building (default 2)
  --jobs <n>        worker threads (default: all cores)
  --no-compress     write tiles without KHR_mesh_quantization
  --textures        pack ParameterizedTexture images (PNG/JPEG as they are) into the tiles
  --quiet           no progress or summary lines
  --help
Exit status: 0 when anything was converted, 1 when nothing could be, 2 on bad usage, 130 when interrupted.`;

/**
 * The converter's command line as a function: parses `argv`, runs the conversion, returns the exit
 * code (0: something converted; 1: nothing could be; 2: bad usage; 130: interrupted by SIGINT or
 * `signal`). Testable in-process; `handleSigint` (the bin) turns Ctrl-C into a clean abort.
 */
export async function runConvertCli(
  argv: string[],
  log: (line: string) => void = console.error,
  { signal, handleSigint = false }: { signal?: AbortSignal; handleSigint?: boolean } = {},
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
        jobs: { type: 'string' },
        'no-compress': { type: 'boolean' },
        textures: { type: 'boolean' },
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
    log(`convert: need inputs and --out <dir>\n${USAGE}`);
    return 2;
  }
  const lod = values.lod === undefined ? undefined : Number(values.lod);
  if (lod !== undefined && !(Number.isInteger(lod) && lod >= 0 && lod <= 4)) {
    log(`convert: --lod must be 0..4, got "${values.lod}"`);
    return 2;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    log(`convert: --jobs must be a whole number ≥ 1, got "${values.jobs}"`);
    return 2;
  }
  const abort = new AbortController();
  signal?.addEventListener('abort', () => abort.abort(), { once: true });
  const onSigint = () => abort.abort();
  if (handleSigint) process.on('SIGINT', onSigint);
  try {
    await convertCityGml({
      inputs: positionals,
      out: values.out,
      crs: values.crs,
      geoid: values.geoid,
      lod,
      jobs,
      compress: !values['no-compress'],
      textures: values.textures,
      quiet: values.quiet,
      log: log === console.error ? undefined : log,
      signal: abort.signal,
    });
    return 0;
  } catch (error) {
    if (error instanceof ConvertAbortedError) {
      log(error.message);
      return 130;
    }
    if (error instanceof NothingConvertedError) {
      log(error.message);
      return 1;
    }
    const message = (error as Error).message;
    log(message.startsWith('convert:') ? message : `convert: ${message}`);
    return 1;
  } finally {
    if (handleSigint) process.off('SIGINT', onSigint);
  }
}
