/**
 * XPlanGML reader throughput: the reader on the project's XML tokenizer (src/core/layers/xplan/reader.ts)
 * against the saxes-based reader it replaced (test/reference/xplan-reader-saxes.ts), and the two XML
 * layers alone (saxes, and the tokenizer, each with empty handlers), on every XPlanGML file of the shared
 * data (../shared/data/xplan; zip archives opened with the core's archive reader, outside the timing).
 *
 *   npx tsx bench/xplan-throughput.ts [--runs 5] [--min-seconds 0.3]
 *
 * Input is the decoded document text fed in 64 Ki-character chunks, as the import does. Each run reads
 * the whole corpus, repeated until it takes at least `--min-seconds`; the median of `--runs` runs is
 * printed in MB (10^6 bytes of UTF-8 input) per second of this process's CPU time (user + system, so that
 * other processes on a shared machine disturb it less than wall time), the ratio new/old, and the load
 * average (compare ratios from the same run, not absolute figures across runs). Both
 * readers' documents are checked deep-equal first (the parity test does this too).
 */
import { isDeepStrictEqual } from 'node:util';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { XmlTokenizer } from '../src/core/gml/xml-tokenizer.ts';
import { openXPlanArchive } from '../src/core/layers/xplan/archive.ts';
import { readXPlan } from '../src/core/layers/xplan/reader.ts';
import { readXPlanWithSaxes } from '../test/reference/xplan-reader-saxes.ts';
import { median } from './stats.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const xplanDir = path.resolve(repoRoot, '../shared/data/xplan');
const CHUNK_CHARS = 1 << 16;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!(value > 0)) throw new Error(`--${name} expects a positive number`);
  return value;
}
const RUNS = Math.round(option('runs', 5));
const MIN_SECONDS = option('min-seconds', 0.3);

interface Input {
  name: string;
  chunks: string[];
  bytes: number;
}

function loadInputs(): Input[] {
  if (!existsSync(xplanDir)) throw new Error(`${xplanDir} not found (the shared data)`);
  const inputs: Input[] = [];
  for (const folder of readdirSync(xplanDir).sort()) {
    const dir = path.join(xplanDir, folder);
    for (const file of readdirSync(dir).sort()) {
      if (!/\.(gml|xml|zip)$/i.test(file)) continue;
      const name = `${folder}/${file}`;
      const text = file.endsWith('.zip')
        ? openXPlanArchive(new Uint8Array(readFileSync(path.join(dir, file))), { file: name }).gmlText
        : readFileSync(path.join(dir, file), 'utf8');
      const chunks: string[] = [];
      for (let start = 0; start < text.length; start += CHUNK_CHARS)
        chunks.push(text.slice(start, start + CHUNK_CHARS));
      inputs.push({ name, chunks, bytes: Buffer.byteLength(text, 'utf8') });
    }
  }
  return inputs;
}

/** One way of reading a document; returns something of the result so the work cannot be dropped. */
type Reader = (input: Input) => number;

const readers: Record<string, Reader> = {
  'reader, saxes (old)': (input) => readXPlanWithSaxes(input.chunks, { file: input.name }).features.length,
  'reader, tokenizer (new)': (input) => readXPlan(input.chunks, { file: input.name }).features.length,
  'saxes alone': (input) => {
    const parser = new SaxesParser({ xmlns: false, position: true });
    let tags = 0;
    parser.on('opentag', () => tags++);
    parser.on('text', () => undefined);
    for (const chunk of input.chunks) parser.write(chunk);
    parser.close();
    return tags;
  },
  'tokenizer alone': (input) => {
    let tags = 0;
    const tokenizer = new XmlTokenizer({
      openTag: () => tags++,
      closeTag: () => undefined,
      text: () => undefined,
      doctype: () => undefined,
    });
    for (const chunk of input.chunks) tokenizer.write(chunk);
    tokenizer.close();
    return tags;
  },
};

/** MB per CPU second of one run over all inputs, repeated `repeats` times. */
function timeRun(reader: Reader, inputs: Input[], repeats: number): number {
  let bytes = 0;
  let sink = 0;
  const start = process.cpuUsage();
  for (let r = 0; r < repeats; r++) {
    for (const input of inputs) {
      sink += reader(input);
      bytes += input.bytes;
    }
  }
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  if (sink < 0) console.log(sink);
  return bytes / 1e6 / seconds;
}

function main(): void {
  const inputs = loadInputs();
  const totalBytes = inputs.reduce((sum, input) => sum + input.bytes, 0);
  const loadBefore = loadavg();

  // parity first: a faster reader that reads differently would be no result
  for (const input of inputs) {
    const old = readXPlanWithSaxes(input.chunks, { file: input.name });
    const current = readXPlan(input.chunks, { file: input.name });
    if (!isDeepStrictEqual(old, current)) throw new Error(`${input.name}: the readers differ`);
  }

  // warm up each reader and size the repeats so one run lasts at least MIN_SECONDS
  const repeatsOf = new Map<string, number>();
  for (const [label, reader] of Object.entries(readers)) {
    const megabytesPerSecond = timeRun(reader, inputs, 1);
    const seconds = totalBytes / 1e6 / megabytesPerSecond;
    repeatsOf.set(label, Math.max(1, Math.ceil(MIN_SECONDS / seconds)));
  }

  // runs interleaved, so that a change in the machine's load touches every reader alike
  const samples = new Map<string, number[]>(Object.keys(readers).map((label) => [label, []]));
  for (let run = 0; run < RUNS; run++) {
    for (const [label, reader] of Object.entries(readers)) {
      (samples.get(label) as number[]).push(timeRun(reader, inputs, repeatsOf.get(label) as number));
    }
  }
  const loadAfter = loadavg();

  const result = new Map([...samples].map(([label, values]) => [label, median(values)]));
  const format = (values: number[]): string => values.map((value) => value.toFixed(2)).join(' ');
  console.log(
    `XPlanGML throughput: ${inputs.length} files, ${(totalBytes / 1e6).toFixed(2)} MB of XML (${inputs.map((input) => input.name).join(', ')})`,
  );
  console.log(
    `${cpus().length} cores; load average ${format(loadBefore)} before, ${format(loadAfter)} after; median of ${RUNS} runs, MB per CPU second, ${CHUNK_CHARS}-character chunks`,
  );
  for (const [label, megabytesPerSecond] of result) {
    console.log(`  ${label.padEnd(24)} ${megabytesPerSecond.toFixed(1).padStart(7)} MB/s`);
  }
  const ratio = (a: string, b: string): string =>
    ((result.get(a) as number) / (result.get(b) as number)).toFixed(2);
  console.log(`  reader new/old: ${ratio('reader, tokenizer (new)', 'reader, saxes (old)')}×`);
  console.log(`  XML layer tokenizer/saxes: ${ratio('tokenizer alone', 'saxes alone')}×`);
}

main();
