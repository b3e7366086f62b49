/**
 * CityGML core throughput: read + triangulate + reproject to ECEF (the ConversionSession, no tiling) on one
 * core (this process's main thread), in MB of input per second, on ≥ 100 MB inputs:
 *   (a) the demo-city generator's output written to a temporary file,
 *   (b) a real NRW LoD2 tile repeated with renamed gml:ids and xlinks inside one CityModel,
 * each next to libcitygml's `citygmltest` (Debian libcitygml-bin) on the same file in the same run. Also
 * the peak RSS of our pipeline at 100 MB and at 1 GB (the generator streamed into the session, no file).
 * Every measurement runs in a child process, so each peak RSS (`process.resourceUsage().maxRSS`) is its own.
 *
 *   npx tsx bench/citygml-throughput.ts [--mb 100] [--gb 1] [--no-1gb]
 *
 * Meshes are handed on and dropped as they come (as a streaming tiler would take them), so memory shows
 * the reader and the session, not the output. Temporary files are deleted at the end.
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { createCityGmlReader, sniffXmlEncoding } from '../src/core/citygml/index.ts';
import { ConversionSession } from '../src/core/convert/session.ts';
import { generateDemoCityChunks } from '../tools/demo-city/generate.ts';
import { writeDemoCity } from '../tools/demo-city/write.ts';

const thisFile = fileURLToPath(import.meta.url);
const repoRoot = path.resolve(path.dirname(thisFile), '..');
const NRW_TILE = path.resolve(
  repoRoot,
  '../shared/data/citygml/nrw-wesel-lod2/demo-block-2x2/LoD2_32_337_5728_1_NW.gml',
);
const CITYGMLTEST = '/usr/bin/citygmltest';
const GNU_TIME = '/usr/bin/time';
/** Demo-city buildings per MB of CityGML, first guess; measured and corrected on the first write. */
const DEMO_BUILDINGS_PER_MB = 170;

/** What one run of our pipeline measured (printed by the child as one JSON line). */
interface PipelineRun {
  bytes: number;
  seconds: number;
  megabytesPerSecond: number;
  buildingsRead: number;
  buildingsWritten: number;
  otherObjectsWritten: number;
  triangles: number;
  peakRssMiB: number;
}

/** A ConversionSession fed record by record; meshes are counted and dropped (handed on). */
function createCountingPipeline(file: string) {
  const session = new ConversionSession();
  const reader = createCityGmlReader({ file });
  const take = (records: Iterable<Parameters<ConversionSession['add']>[0]>) => {
    for (const record of records) {
      session.add(record, file);
      session.meshes.length = 0;
    }
  };
  return {
    write(text: string) {
      take(reader.write(text));
    },
    close(bytes: number, seconds: number): PipelineRun {
      const end = reader.close();
      take(end.objects);
      const { report } = session;
      return {
        bytes,
        seconds: round(seconds, 3),
        megabytesPerSecond: round(bytes / 1e6 / seconds, 2),
        buildingsRead: report.buildings.read,
        buildingsWritten: report.buildings.written,
        otherObjectsWritten: report.otherObjects.written,
        triangles: report.triangles,
        peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
      };
    },
  };
}

/** Child: converts a file read in 1 MiB chunks. */
async function childConvertFile(file: string): Promise<PipelineRun> {
  const started = performance.now();
  const pipeline = createCountingPipeline(path.basename(file));
  let decoder: TextDecoder | undefined;
  let bytes = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    decoder ??= new TextDecoder(sniffXmlEncoding(chunk));
    bytes += chunk.length;
    pipeline.write(decoder.decode(chunk, { stream: true }));
  }
  if (decoder) pipeline.write(decoder.decode());
  return pipeline.close(bytes, (performance.now() - started) / 1000);
}

/** Child: streams the demo generator straight into the session (no file); time includes generating. */
function childConvertGenerated(buildings: number): PipelineRun {
  const started = performance.now();
  const pipeline = createCountingPipeline('demo-city.gml');
  let bytes = 0;
  for (const chunk of generateDemoCityChunks({ buildings })) {
    bytes += Buffer.byteLength(chunk, 'utf8');
    pipeline.write(chunk);
  }
  return pipeline.close(bytes, (performance.now() - started) / 1000);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function runChild(args: string[]): PipelineRun {
  const result = spawnSync(process.execPath, ['--import', 'tsx', thisFile, '--child', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line.startsWith('{')) {
    throw new Error(
      `citygml-throughput: child ${args.join(' ')} failed (${result.status}): ${result.stderr}`,
    );
  }
  return JSON.parse(line) as PipelineRun;
}

interface CitygmltestRun {
  args: string;
  seconds: number;
  userSeconds: number;
  megabytesPerSecond: number;
  peakRssMiB: number;
  exitCode: number | null;
}

/** libcitygml's citygmltest on a file, timed by GNU time (wall, user CPU, peak RSS). */
function runCitygmltest(file: string, extraArgs: string[]): CitygmltestRun | undefined {
  if (!existsSync(CITYGMLTEST) || !existsSync(GNU_TIME)) return undefined;
  const timing = path.join(path.dirname(file), 'citygmltest.time');
  const result = spawnSync(GNU_TIME, ['-o', timing, '-f', '%e %U %M', CITYGMLTEST, ...extraArgs, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const [wall, user, rssKiB] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(timing, { force: true });
  const seconds = wall ?? NaN;
  return {
    args: extraArgs.join(' '),
    seconds,
    userSeconds: user ?? NaN,
    megabytesPerSecond: round(statSync(file).size / 1e6 / seconds, 2),
    peakRssMiB: round((rssKiB ?? NaN) / 1024, 1),
    exitCode: result.status,
  };
}

/**
 * Writes the NRW tile `copies` times into one CityModel: head and tail once, the city object members per copy
 * with every `gml:id="X"` and `xlink:href="#X"` suffixed `_c<copy>`.
 */
async function writeRepeatedTile(source: string, out: string, minimumBytes: number): Promise<number> {
  const text = readFileSync(source, 'utf8');
  const first = text.search(/<(\w+:)?cityObjectMember[\s>]/);
  const closing = /<\/(\w+:)?cityObjectMember>/g;
  let last = -1;
  for (let match = closing.exec(text); match; match = closing.exec(text))
    last = match.index + match[0].length;
  if (first < 0 || last < 0) throw new Error(`citygml-throughput: no cityObjectMember in ${source}`);
  const head = text.slice(0, first);
  const members = text.slice(first, last);
  const tail = text.slice(last);
  const copies = Math.ceil(minimumBytes / Buffer.byteLength(members, 'utf8'));
  const stream = createWriteStream(out, { encoding: 'utf8' });
  const write = async (chunk: string) => {
    if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  };
  await write(head);
  for (let copy = 1; copy <= copies; copy++) {
    await write(
      members
        .replace(/gml:id="([^"]+)"/g, `gml:id="$1_c${copy}"`)
        .replace(/xlink:href="#([^"]+)"/g, `xlink:href="#$1_c${copy}"`),
    );
  }
  await write(tail);
  stream.end();
  await finished(stream);
  return copies;
}

function describeRatio(ours: PipelineRun, theirs: CitygmltestRun | undefined): string {
  if (!theirs) return 'citygmltest not installed (apt-get install libcitygml-bin)';
  const ratio = ours.megabytesPerSecond / theirs.megabytesPerSecond;
  return `citygmltest ${theirs.args || '(no options)'}: ${theirs.megabytesPerSecond} MB/s, ${theirs.seconds} s, peak RSS ${theirs.peakRssMiB} MiB, exit ${theirs.exitCode} → ours/citygmltest = ${ratio.toFixed(2)}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  const targetMb = option('--mb', 100);
  const targetGb = option('--gb', 1);
  const skipGb = args.includes('--no-1gb');
  const work = mkdtempSync(path.join(tmpdir(), 'citygml-throughput-'));
  const results: Record<string, unknown> = {};
  console.log(`citygml-throughput: temporary files in ${work}`);
  console.log(
    'citygmltest (libcitygml 2.4) builds the whole city model in memory and tessellates every polygon with GLU ' +
      '(Polygon::finish → gluTessEndPolygon); it does not reproject (no -destSRS: with -destSRS EPSG:4978 it ran at ' +
      '0.06 MB/s on a 5 MB demo city, and the NRW AdV srsName is not understood by GDAL). Ours: streaming read + earcut + reprojection to ECEF ' +
      '(EGM96 geoid) of every polygon, meshes handed on one object at a time.',
  );
  try {
    // (a) demo city ≥ targetMb
    const demoFile = path.join(work, 'demo-city.gml');
    let buildings = Math.ceil(targetMb * DEMO_BUILDINGS_PER_MB);
    let written = await writeDemoCity({ out: demoFile, buildings });
    if (written.bytes < targetMb * 1e6) {
      buildings = Math.ceil((buildings * targetMb * 1e6 * 1.02) / written.bytes);
      written = await writeDemoCity({ out: demoFile, buildings });
    }
    const demoOurs = runChild(['file', demoFile]);
    const demoPlain = runCitygmltest(demoFile, []);
    console.log(
      `\n(a) demo city: ${buildings} buildings, ${(written.bytes / 1e6).toFixed(1)} MB\n` +
        `  ours: ${demoOurs.megabytesPerSecond} MB/s (${demoOurs.seconds} s), ${demoOurs.buildingsWritten}/${demoOurs.buildingsRead} buildings, ${demoOurs.triangles} triangles, peak RSS ${demoOurs.peakRssMiB} MiB\n` +
        `  ${describeRatio(demoOurs, demoPlain)}`,
    );
    results.demo = {
      buildings,
      bytes: written.bytes,
      ours: demoOurs,
      citygmltest: demoPlain,
    };
    rmSync(demoFile, { force: true });

    // (b) NRW tile repeated ≥ targetMb
    if (existsSync(NRW_TILE)) {
      const nrwFile = path.join(work, 'nrw-repeated.gml');
      const copies = await writeRepeatedTile(NRW_TILE, nrwFile, targetMb * 1e6);
      const nrwOurs = runChild(['file', nrwFile]);
      const nrwPlain = runCitygmltest(nrwFile, []);
      console.log(
        `\n(b) NRW ${path.basename(NRW_TILE)} × ${copies}: ${(statSync(nrwFile).size / 1e6).toFixed(1)} MB\n` +
          `  ours: ${nrwOurs.megabytesPerSecond} MB/s (${nrwOurs.seconds} s), ${nrwOurs.buildingsWritten}/${nrwOurs.buildingsRead} buildings, ${nrwOurs.triangles} triangles, peak RSS ${nrwOurs.peakRssMiB} MiB\n` +
          `  ${describeRatio(nrwOurs, nrwPlain)}`,
      );
      results.nrw = {
        copies,
        bytes: statSync(nrwFile).size,
        ours: nrwOurs,
        citygmltest: nrwPlain,
      };
      rmSync(nrwFile, { force: true });
    } else {
      console.warn(`\n(b) skipped: ${NRW_TILE} not found`);
    }

    // peak RSS, generator streamed into the session (no file): 100 MB and 1 GB
    const perByte = buildings / written.bytes;
    const sizes = skipGb ? [targetMb * 1e6] : [targetMb * 1e6, targetGb * 1e9];
    for (const size of sizes) {
      const count = Math.ceil(size * perByte);
      const run = runChild(['generate', String(count)]);
      console.log(
        `\nstreamed demo city, ${count} buildings, ${(run.bytes / 1e6).toFixed(0)} MB: peak RSS ${run.peakRssMiB} MiB, ` +
          `${run.megabytesPerSecond} MB/s including generation (${run.seconds} s), ${run.triangles} triangles`,
      );
      results[`streamed${Math.round(size / 1e6)}MB`] = { buildings: count, ...run };
    }
    console.log(`\n${JSON.stringify(results)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [mode, value] = process.argv.slice(3);
  const run =
    mode === 'file' ? await childConvertFile(value as string) : childConvertGenerated(Number(value));
  console.log(JSON.stringify(run));
} else {
  await main();
}
