import { ARCHIVE_EXTENSION } from './archive-output.ts';
import { OutputRefusedError } from './output.ts';
import {
  CONVERT_DEFAULTS,
  convertCityGml,
  geoidOptionProblem,
  RunInterruptedError,
  NothingConvertedError,
} from './run.ts';
import { crsOverrideProblem } from '../../src/core/crs/srs-name.ts';
import { errorMessage } from '../../src/core/errors.ts';
import { parseCommandLine } from '../cli-args.ts';
import { runInterrupts } from '../interrupts.ts';
import { isS3Url } from '../publish/s3-url.ts';
import { mergeShards } from './merge.ts';
import { parseShard } from './shard.ts';

const USAGE = `Usage: npm run convert -- <inputs…> --out <dir | file.3tz> [options]
       npm run convert -- --merge <shard outputs…> --out <dir> [--force]

Converts CityGML 1.0/2.0/3.0 into a 3D Tiles 1.1 tileset (<dir>/tileset.json, GLB tiles, report.json).
Inputs: files, directories (recursively: *.gml, *.xml, *.citygml, *.gz, *.zip), globs (* ? **),
.gz and .zip (read streaming, not unpacked). FIFOs, devices and sockets are refused (never opened).
- alone reads one plain CityGML document from standard input (e.g. a generator piped in), cut into
pieces for the threads as it arrives (not with --update, --shard or --textures).
Options:
  --out s3://b/p    convert into a temporary folder (TMPDIR), then publish it as npm run publish does
                    (root tileset.json last); store: AWS_ENDPOINT_URL(_S3), AWS_REGION, AWS credentials
  --out <dir>       output directory: new, empty, or an earlier output of this converter (it has a
                    .stadtmodell-output.json marker; only the files it lists are replaced). Refused:
                    a file, a non-empty directory without the marker, a directory holding an input,
                    the current directory or its parents, /, the home directory (exit 2)
  --format <f>      dir: a tileset folder | 3tz: one .3tz archive (default ${CONVERT_DEFAULTS.format});
                    --out then names the file, which must end in .3tz and be new or an earlier
                    archive of this converter (it has a .stadtmodell-output.json entry); anything
                    else there is refused (exit 2), also with --force. A failed run writes
                    <file>.3tz.report.failed.json beside it and leaves the archive as it was
  --force           also write into a non-empty directory without the marker; its files are kept
                    (one the new output would overwrite stays in <dir>.old-<pid>, named in a log line)
  --crs <srsName>   CRS for data without srsName, with a local CRS or one the converter does not
                    know, e.g. EPSG:25832
  --geoid <g>       egm96 (default, built-in) | none | <metres> | <geoid grid GeoTIFF, e.g. de_bkg_gcg2016.tif>
  --lod <n>         highest LoD to take per building (default ${CONVERT_DEFAULTS.lod})
  --jobs <n>        worker threads (default: all cores, but on 2 cores or fewer inputs up to 512 MiB
                    run on one thread, which is faster there); 0: no worker, everything on one thread
  --no-compress     write tiles without KHR_mesh_quantization
  --textures        pack ParameterizedTexture images (PNG/JPEG as they are) into the tiles
  --tiling <t>      explicit (default): every tile in tileset JSON | implicit: 3D Tiles 1.1 implicit
                    quadtree (tiles/{level}/{x}/{y}.glb, subtrees/*.subtree); not with --update,
                    --shard or --format 3tz
  --update <prev>   incremental: inputs whose SHA-256 is in <prev>'s mesh cache (<prev>.meshes) are not
                    read again, and tiles whose buildings did not change are copied from <prev> (same
                    bytes, same names); report.json lists inputs and files added, changed and removed
                    against <prev> (usually the same folder as --out). Writes <out>.meshes
  --shard <i/n>     convert only share i (0-based) of n: inputs ordered by their envelope centre in
                    Morton order, cut into n runs of about equal bytes (same inputs → same shares)
  --merge           the positionals are shard outputs: write a root tileset.json in --out that references
                    each (copied to <out>/shard-<i>/) as an external tileset
  --quiet           no progress or summary lines
  --help
Exit status: 0 when anything was converted; 1 when nothing could be (one line names the file and why;
the report says it too: <dir>/report.json when <dir> was new or empty, else <dir>/report.failed.json
beside the earlier output, which stays byte-identical, its report.json included; the next successful
run removes report.failed.json); 2 on bad usage or a refused --out; 128+n on signal n (130 SIGINT,
129 SIGHUP, 143 SIGTERM), leaving <dir> as it was and no temporary files.`;

/**
 * The converter's command line as a function: parses `argv`, runs the conversion, returns the exit
 * code (0: something converted; 1: nothing could be; 2: bad usage or a refused `--out`; 128 + n:
 * interrupted by signal n, 130 for `signal`). Testable in-process; `handleSigint` (the bin) turns
 * SIGINT, SIGTERM and SIGHUP into a clean abort (a second one exits at once).
 */
export async function runConvertCli(
  argv: string[],
  log: (line: string) => void = console.error,
  { signal, handleSigint = false }: { signal?: AbortSignal; handleSigint?: boolean } = {},
): Promise<number> {
  const parsed = parseCommandLine(
    'convert',
    argv,
    {
      out: { type: 'string' },
      crs: { type: 'string' },
      geoid: { type: 'string' },
      lod: { type: 'string' },
      jobs: { type: 'string' },
      format: { type: 'string' },
      'no-compress': { type: 'boolean' },
      textures: { type: 'boolean' },
      tiling: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      update: { type: 'string' },
      shard: { type: 'string' },
      merge: { type: 'boolean' },
    },
    USAGE,
    log,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.out || positionals.length === 0) {
    log(`convert: need inputs and --out <dir>\n${USAGE}`);
    return 2;
  }
  // --out s3://bucket/prefix: the same run into a temporary folder, then published (tools/publish/).
  if (isS3Url(values.out)) {
    // Loaded on use: the S3 client is large, and a local conversion should not pay for its start-up.
    const { convertToS3 } = await import('../publish/convert-to-s3.ts');
    return convertToS3(argv, values.out, (local) => runConvertCli(local, log, { signal, handleSigint }), log);
  }
  if (values.merge) {
    try {
      mergeShards({ shards: positionals, out: values.out, force: values.force, log });
      return 0;
    } catch (error) {
      log(errorMessage(error));
      return error instanceof OutputRefusedError ? 2 : 1;
    }
  }
  if (positionals.includes('-') && positionals.length > 1) {
    log('convert: - (standard input) must be the only input');
    return 2;
  }
  if (positionals.includes('-') && (values.update !== undefined || values.shard || values.textures)) {
    log('convert: - (standard input) cannot be combined with --update, --shard or --textures');
    return 2;
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (typeof shard === 'string') {
    log(`convert: ${shard}`);
    return 2;
  }
  if (values.update !== undefined && values.format === '3tz') {
    log('convert: --update writes a tileset folder; it cannot be combined with --format 3tz');
    return 2;
  }
  const tiling = values.tiling ?? 'explicit';
  if (tiling !== 'explicit' && tiling !== 'implicit') {
    log(`convert: --tiling must be explicit or implicit, got "${tiling}"`);
    return 2;
  }
  if (tiling === 'implicit' && (values.update !== undefined || values.shard || values.format === '3tz')) {
    // --update reuses tiles by their own frames and names, --merge references shard tilesets, and
    // .3tz archives here refuse template URIs: none of them knows implicit tilesets yet.
    log('convert: --tiling implicit cannot be combined with --update, --shard or --format 3tz');
    return 2;
  }
  const lod = values.lod === undefined ? undefined : Number(values.lod);
  if (lod !== undefined && !(Number.isInteger(lod) && lod >= 0 && lod <= 4)) {
    log(`convert: --lod must be 0..4, got "${values.lod}"`);
    return 2;
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 0)) {
    log(`convert: --jobs must be a whole number ≥ 0, got "${values.jobs}"`);
    return 2;
  }
  const format = values.format ?? CONVERT_DEFAULTS.format;
  if (format !== 'dir' && format !== '3tz') {
    log(`convert: --format must be dir or 3tz, got "${format}"`);
    return 2;
  }
  if (format === '3tz' && !values.out.endsWith(ARCHIVE_EXTENSION)) {
    log(
      `convert: --format 3tz writes one archive file: --out must end in ${ARCHIVE_EXTENSION}, got "${values.out}"`,
    );
    return 2;
  }
  const crsProblem = values.crs === undefined ? undefined : crsOverrideProblem(values.crs);
  if (crsProblem) {
    log(`convert: --crs ${values.crs}: ${crsProblem}`);
    return 2;
  }
  const geoidProblem = values.geoid === undefined ? undefined : geoidOptionProblem(values.geoid);
  if (geoidProblem) {
    log(`convert: --geoid ${values.geoid}: ${geoidProblem}`);
    return 2;
  }
  const interrupts = runInterrupts(signal, handleSigint, (received) =>
    // Cleanup is taking too long for the user: leftovers are removed by the next run.
    log(`convert: ${received} again; exiting without cleaning up`),
  );
  try {
    await convertCityGml({
      inputs: positionals,
      out: values.out,
      format,
      crs: values.crs,
      geoid: values.geoid,
      lod,
      jobs,
      compress: !values['no-compress'],
      textures: values.textures,
      ...(tiling === 'implicit' ? { tiling } : {}),
      force: values.force,
      update: values.update,
      shard,
      quiet: values.quiet,
      log: log === console.error ? undefined : log,
      signal: interrupts.signal,
    });
    return 0;
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      log(error.message);
      return interrupts.exitStatus();
    }
    if (error instanceof OutputRefusedError) {
      log(error.message);
      return 2;
    }
    if (error instanceof NothingConvertedError) {
      log(error.message);
      return 1;
    }
    const message = errorMessage(error);
    log(message.startsWith('convert:') ? message : `convert: ${message}`);
    return 1;
  } finally {
    interrupts.dispose();
  }
}
