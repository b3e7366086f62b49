/**
 * The one reader of CityGML input bytes, shared by the Node CLI's worker threads and the browser's
 * conversion worker: both turn their platform's streams into async iterables of byte chunks and leave
 * the rest here. For one input (a plain or already-decompressed CityGML document, or a ZIP archive of
 * them) it sniffs each document's encoding, decodes it, feeds the streaming CityGML reader and the
 * `ConversionSession`, and yields the meshes completed after each step with the progress so far.
 *
 * Memory stays bounded by streaming, whatever the input's size: nothing is read ahead of the consumer
 * (the generator asks for the next chunk only when its previous step was taken), and a ZIP's compressed
 * bytes go to the inflater in small steps, each step's inflated output read before the next one is made.
 * An entry whose output outgrows the ZIP ratio rule (see `ZIP_LIMITS_DEFAULTS`) is refused as a ZIP bomb.
 * The total size is not capped: real city archives hold gigabytes of CityGML.
 *
 * Platform-free: the text decoder is passed in (`TextDecoder` on both platforms; the ES2022 core has none).
 */
import { Unzip, UnzipInflate, UnzipPassThrough } from 'fflate';
import type { UnzipFile } from 'fflate';
import { CityGmlError, createCityGmlReader, DEFAULT_MAX_LOD, sniffXmlEncoding } from '../citygml/index.ts';
import { detectXmlEncoding } from '../gml/encoding.ts';
import type { CityGmlReader, CityObjectRecord, GlobalAppearances } from '../citygml/index.ts';
import { errorMessage } from '../errors.ts';
import type { BuildingMesh } from '../tiles/types.ts';
import { ZIP_LIMITS_DEFAULTS } from '../zip/read-zip.ts';
import type { ConversionSession } from './session.ts';
import { Utf8ChunkDecoder } from './utf8-pieces.ts';

/** A streaming text decoder, as `TextDecoder` is one. */
export interface ChunkTextDecoder {
  /** Decodes `input`; with `stream: true` an incomplete character at its end waits for the next call. */
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * Makes a decoder for a WHATWG encoding label with `TextDecoder`'s options (e.g.
 * `(label, options) => new TextDecoder(label, options)`); may throw for an unknown label.
 */
export type TextDecoderFactory = (label: string, options?: { ignoreBOM?: boolean }) => ChunkTextDecoder;

/** One input to read: its bytes as chunks, in order. */
export interface DocumentInput {
  /** Name in the report: the file name, or the archive's name (its documents become `<name>/<entry>`). */
  name: string;
  /** `document`: the bytes of one CityGML document (plain, or already decompressed); `zip`: a ZIP archive's bytes. */
  kind: 'document' | 'zip';
  /**
   * The bytes. An error thrown while iterating (a truncated or damaged gzip stream, a read error) ends
   * the document: what was read is kept and the fault is reported at the line reached.
   */
  chunks: AsyncIterable<Uint8Array>;
  /**
   * Bytes of the input consumed so far, for progress, when they are not the bytes of `chunks` (the
   * compressed bytes under a gunzip stream, the byte range of a file piece). Default: the bytes of `chunks`.
   */
  bytesRead?: () => number;
  /** Global appearances of a `document` input, collected beforehand (see `collectGlobalAppearances`). */
  globalAppearances?: GlobalAppearances;
}

/** Options of `readDocuments`. */
export interface DocumentReadOptions {
  /** Highest LoD taken per city object. */
  maxLod?: number;
  /** Which ZIP entries are CityGML documents (by name); the others are skipped without inflating. */
  entryPattern?: RegExp;
  /** Highest inflated/compressed ratio of a ZIP entry once it has inflated past `ratioCheckBytes`. */
  maxRatio?: number;
  /** ZIP entries are ratio-checked only past this many inflated bytes (a small file of zeros is fine). */
  ratioCheckBytes?: number;
  /**
   * Compressed bytes given to the inflater at a time. DEFLATE inflates at most about 1032-fold, so one
   * step's output stays under ~1032 × this (16 KiB: 16.5 MiB) even in a ZIP bomb.
   */
  inflateStepBytes?: number;
  /** Bytes of a document's start looked at for its encoding (BOM or XML declaration). */
  sniffBytes?: number;
  /**
   * Most bytes decoded to one string. A string over 128 KiB goes to V8's large-object space, fresh pages
   * each time: decoding 512 KiB chunks whole took 17 % of a one-thread conversion of 100 MB of NRW
   * CityGML. 64 KiB pieces stay in the young generation, where they die young as long as the tokenizer
   * copies out what the reader keeps (`ownString` in xml-tokenizer.ts); together, 7 % less wall time.
   * UTF-8 pieces are decoded whole (`Utf8ChunkDecoder`), where smaller pieces cost less: 16 KiB took
   * 1.4 % fewer instructions than 64 KiB for a one-thread run over 10 MB of NRW CityGML (32 KiB: 1.25 %).
   */
  decodeBytes?: number;
}

/** Defaults of `DocumentReadOptions`: LoD `DEFAULT_MAX_LOD`, `.gml`/`.xml`/`.citygml` entries, the ZIP ratio rule of `ZIP_LIMITS_DEFAULTS`. */
export const DOCUMENT_READ_DEFAULTS: Required<DocumentReadOptions> = {
  maxLod: DEFAULT_MAX_LOD,
  entryPattern: /\.(gml|xml|citygml)$/i,
  maxRatio: ZIP_LIMITS_DEFAULTS.maxRatio,
  ratioCheckBytes: ZIP_LIMITS_DEFAULTS.ratioCheckBytes,
  inflateStepBytes: 16 * 1024,
  sniffBytes: 1024,
  decodeBytes: 16 * 1024,
};

/** A mesh completed by the reader, with the document it comes from. */
export interface DocumentMesh {
  mesh: BuildingMesh;
  /** The document's name in the report (`<archive>/<entry>` for a ZIP entry). */
  file: string;
  /** 1-based line of the city object's start tag in the document (of the piece read, for a file piece). */
  line: number;
  /** The ZIP entry's name, for a document inside an archive. */
  entry?: string;
}

/** What one step of reading gave. */
export interface DocumentStep {
  /** Meshes completed since the previous step, in reading order (taken out of `session.meshes`). */
  meshes: DocumentMesh[];
  /** Bytes of the input consumed so far (see `DocumentInput.bytesRead`). */
  bytesRead: number;
  /** Top-level city objects read so far. */
  objects: number;
}

/** A fault that stopped reading a document (also recorded in the session's report by `addReadError`). */
export interface ReadFault {
  /** The document's name in the report. */
  file: string;
  /** Line of the fault, when it has one. */
  line?: number;
  /** What went wrong, without the reader's `file:line:column` prefix (for lists that show file and line apart). */
  reason: string;
  /** The error itself (a `CityGmlError`, or another `Error`). */
  error: unknown;
}

/** The outcome of `readDocuments`. */
export interface DocumentsRead {
  /** CityGML documents started (1 for a document input; the CityGML entries of an archive). */
  documents: number;
  bytesRead: number;
  objects: number;
  /** Faults that stopped a document, in order. */
  faults: ReadFault[];
}

/**
 * What went wrong, without the location a `CityGmlError`'s message starts with (`CityGML reader:
 * <file>:<line>:<column>: `, rebuilt from the error's fields); any other error's message as it is.
 */
export function faultReason(error: unknown): string {
  const message = errorMessage(error);
  if (error instanceof CityGmlError) {
    const location = `CityGML reader: ${error.file ?? '<input>'}:${error.line}:${error.column}: `;
    if (message.startsWith(location)) return message.slice(location.length);
  }
  return message;
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MiB`;
}

/**
 * Decodes one document's byte chunks to text in its declared encoding (sniffed from its first
 * `sniffBytes` bytes; UTF-8 when it declares none). Throws for an encoding `textDecoder` does not know.
 */
export async function* decodeDocument(
  chunks: AsyncIterable<Uint8Array>,
  textDecoder: TextDecoderFactory,
  sniffBytes = DOCUMENT_READ_DEFAULTS.sniffBytes,
): AsyncGenerator<string, void, undefined> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let decoder: ChunkTextDecoder | undefined;
  for await (const chunk of chunks) {
    if (decoder) {
      yield decoder.decode(chunk, { stream: true });
      continue;
    }
    head.push(chunk);
    headBytes += chunk.byteLength;
    if (headBytes < sniffBytes) continue;
    const bytes = concatBytes(head.splice(0), headBytes);
    decoder = textDecoder(sniffXmlEncoding(bytes));
    yield decoder.decode(bytes, { stream: true });
  }
  if (!decoder) {
    const bytes = concatBytes(head, headBytes);
    decoder = textDecoder(sniffXmlEncoding(bytes));
    yield decoder.decode(bytes, { stream: true });
  }
  yield decoder.decode();
}

/** One CityGML document being read: its bytes go in, its records go to the session. */
class DocumentFeed {
  private reader: CityGmlReader | undefined;
  private decoder: ChunkTextDecoder | undefined;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  /** False once the document ended or failed. */
  open = true;

  constructor(
    readonly file: string,
    readonly entry: string | undefined,
    private readonly context: ReadContext,
    globalAppearances: GlobalAppearances | undefined,
  ) {
    this.reader = createCityGmlReader({
      file,
      maxLod: context.options.maxLod,
      // records are meshed here and dropped, never transferred
      sharedCoordinateBlocks: true,
      ...(globalAppearances ? { globalAppearances } : {}),
    });
  }

  write(bytes: Uint8Array): void {
    if (!this.reader) return;
    if (!this.decoder) {
      // The encoding is sniffed from the document's first bytes, however they were chunked.
      this.head.push(bytes);
      this.headBytes += bytes.byteLength;
      if (this.headBytes < this.context.options.sniffBytes) return;
      this.startDecoding();
      return;
    }
    const step = this.context.options.decodeBytes;
    for (let at = 0; at < bytes.byteLength; at += step) {
      const piece = at === 0 && bytes.byteLength <= step ? bytes : bytes.subarray(at, at + step);
      this.guard((reader, decoder) => this.addAll(reader.write(decoder.decode(piece, { stream: true }))));
    }
  }

  end(): void {
    if (!this.reader) return;
    if (!this.decoder) this.startDecoding();
    this.guard((reader, decoder) => {
      this.addAll(reader.write(decoder.decode()));
      const { objects, summary } = reader.close();
      this.addAll(objects);
      this.context.session.addReadSummary(summary, this.file);
    });
    this.open = false;
    this.reader = undefined;
  }

  /** The bytes stopped for a reason outside the XML: reported at the line reached, the object cut off dropped. */
  abort(found: string): void {
    // bytes still held for sniffing are read first, so the fault is placed where the input stopped
    if (this.reader && !this.decoder) this.startDecoding();
    if (!this.reader) return;
    this.fail(this.reader.abort(found));
  }

  /** Ends the document with `error` (objects read before it are kept; the rest is skipped). */
  fail(error: unknown): void {
    if (!this.open) return;
    const line = (error as { line?: unknown }).line;
    this.context.faults.push({
      file: this.file,
      ...(typeof line === 'number' ? { line } : {}),
      reason: faultReason(error),
      error,
    });
    // the error joins the report; a city object it cut off is listed as dropped
    this.context.session.addReadError(error, this.file);
    this.reader = undefined;
    this.open = false;
  }

  private startDecoding(): void {
    const bytes = concatBytes(this.head.splice(0), this.headBytes);
    const { encoding: label, mislabelled } = detectXmlEncoding(bytes);
    if (mislabelled) {
      this.context.session.report.warnings.push({
        file: this.file,
        line: 1,
        message: `the XML declaration says encoding="${mislabelled}", but the bytes are not UTF-16 (no byte order mark, no NUL bytes); read as UTF-8 (expected a declaration that matches the bytes)`,
      });
    }
    try {
      // UTF-8 chunk by chunk, not streaming: the platforms' fast paths (utf8-pieces.ts)
      this.decoder =
        label === 'utf-8' || label === 'utf8'
          ? new Utf8ChunkDecoder(this.context.textDecoder)
          : this.context.textDecoder(label);
    } catch {
      this.fail(
        new CityGmlError(
          `the encoding "${label}"`,
          'an encoding the platform decodes (UTF-8, UTF-16, ISO-8859-x, windows-125x, …)',
          1,
          1,
          this.file,
        ),
      );
      return;
    }
    if (bytes.byteLength > 0) this.write(bytes);
  }

  private guard(step: (reader: CityGmlReader, decoder: ChunkTextDecoder) => void): void {
    if (!this.reader || !this.decoder) return;
    try {
      step(this.reader, this.decoder);
    } catch (error) {
      this.fail(error);
    }
  }

  private addAll(records: CityObjectRecord[]): void {
    const { session, meshes } = this.context;
    for (const record of records) {
      this.context.objects += 1;
      session.add(record, this.file);
      for (const mesh of session.meshes.splice(0)) {
        const { file, entry } = this;
        const { line } = record;
        meshes.push(entry === undefined ? { mesh, file, line } : { mesh, file, line, entry });
      }
    }
  }
}

/** State shared by the documents of one input. */
interface ReadContext {
  session: ConversionSession;
  textDecoder: TextDecoderFactory;
  options: Required<DocumentReadOptions>;
  meshes: DocumentMesh[];
  faults: ReadFault[];
  objects: number;
}

/**
 * Reads one input (see `DocumentInput`) into `session`: yields, after each chunk (for a ZIP: each
 * inflating step), the meshes completed and the progress; returns the documents read and their faults.
 * Faults of the input (bad XML, a truncated stream, a damaged or bomb ZIP entry) end the document they
 * hit and are recorded in `session.report` (see `ConversionSession.addReadError`), never thrown.
 * The next chunk is read only when the consumer asks for the next step, so a slow consumer holds the
 * reading back.
 */
export async function* readDocuments(
  input: DocumentInput,
  session: ConversionSession,
  textDecoder: TextDecoderFactory,
  options: DocumentReadOptions = {},
): AsyncGenerator<DocumentStep, DocumentsRead, undefined> {
  const context: ReadContext = {
    session,
    textDecoder,
    options: { ...DOCUMENT_READ_DEFAULTS, ...options },
    meshes: [],
    faults: [],
    objects: 0,
  };
  let counted = 0;
  const bytesRead = input.bytesRead ?? (() => counted);
  const step = (): DocumentStep => ({
    meshes: context.meshes.splice(0),
    bytesRead: bytesRead(),
    objects: context.objects,
  });
  let documents = 0;

  if (input.kind === 'document') {
    documents = 1;
    const document = new DocumentFeed(input.name, undefined, context, input.globalAppearances);
    try {
      for await (const chunk of input.chunks) {
        counted += chunk.byteLength;
        document.write(chunk);
        yield step();
      }
      document.end();
    } catch (error) {
      // a truncated or corrupt compressed stream (or a read error): what was read is kept
      document.abort(`the compressed data ends early (${errorMessage(error)})`);
    }
  } else {
    const archive = new ZipDocuments(input.name, context);
    try {
      for await (const chunk of input.chunks) {
        counted += chunk.byteLength;
        for (let at = 0; at < chunk.byteLength; at += context.options.inflateStepBytes) {
          archive.push(chunk.subarray(at, at + context.options.inflateStepBytes));
          yield step();
        }
      }
      archive.finish();
    } catch (error) {
      archive.stop(error);
    }
    documents = archive.documents;
  }
  if (context.meshes.length > 0) yield step();
  return { documents, bytesRead: bytesRead(), objects: context.objects, faults: context.faults };
}

/** Per-entry accounting of the inflater, for the ratio rule. */
interface EntryMeter {
  /** Compressed bytes given to the entry's inflater. */
  compressed: number;
  /** Bytes it inflated to. */
  inflated: number;
  /** Skipped (not CityGML) or refused: its data is dropped without inflating. */
  dropped: boolean;
}

/** The CityGML documents of a ZIP read through fflate's streaming `Unzip`. */
class ZipDocuments {
  documents = 0;
  private readonly unzip = new Unzip();
  /** The entry whose data comes next (a ZIP's entries follow each other). */
  private current: { meter: EntryMeter; document?: DocumentFeed } | undefined;

  constructor(
    private readonly archive: string,
    private readonly context: ReadContext,
  ) {
    // The meter of the entry being started, picked up by its inflater's constructor (called in `start`).
    let starting: EntryMeter = { compressed: 0, inflated: 0, dropped: true };
    /** fflate's inflater, counting what goes in and dropping the data of skipped or refused entries. */
    class MeteredInflate extends UnzipInflate {
      static override compression = 8;
      private readonly meter = starting;
      override push(chunk: Uint8Array, final: boolean): void {
        if (this.meter.dropped) return;
        this.meter.compressed += chunk.byteLength;
        super.push(chunk, final);
      }
    }
    /** fflate's pass-through for stored entries, counting the same way (their ratio is 1:1). */
    class MeteredPassThrough extends UnzipPassThrough {
      static override compression = 0;
      private readonly meter = starting;
      override push(chunk: Uint8Array, final: boolean): void {
        if (this.meter.dropped) return;
        this.meter.compressed += chunk.byteLength;
        super.push(chunk, final);
      }
    }
    this.unzip.register(MeteredInflate);
    this.unzip.register(MeteredPassThrough);
    this.unzip.onfile = (entry: UnzipFile) => {
      const meter: EntryMeter = { compressed: 0, inflated: 0, dropped: false };
      starting = meter;
      if (!context.options.entryPattern.test(entry.name)) {
        // Started anyway, so fflate hands its data on (dropped) instead of buffering it.
        meter.dropped = true;
        this.current = { meter };
        entry.ondata = () => {};
        entry.start();
        return;
      }
      this.documents += 1;
      const document = new DocumentFeed(`${archive}/${entry.name}`, entry.name, context, undefined);
      this.current = { meter, document };
      entry.ondata = (error, data, final) => this.data(meter, document, entry.name, error, data, final);
      entry.start();
    };
  }

  push(chunk: Uint8Array): void {
    this.unzip.push(chunk);
  }

  finish(): void {
    this.unzip.push(new Uint8Array(0), true);
    // an entry that never got its last data: the archive ended inside it
    this.current?.document?.abort('the ZIP archive ends early');
  }

  /** Reading the archive failed (a read error, a truncated or damaged archive). */
  stop(error: unknown): void {
    const document = this.current?.document;
    if (document?.open) {
      document.abort(`the ZIP archive ends early (${errorMessage(error)})`);
      return;
    }
    const fault = new Error(`${this.archive}: ${errorMessage(error)} (damaged ZIP)`);
    this.context.faults.push({ file: this.archive, reason: fault.message, error: fault });
    this.context.session.addReadError(fault, this.archive);
  }

  private data(
    meter: EntryMeter,
    document: DocumentFeed,
    entry: string,
    error: Error | null,
    data: Uint8Array | null,
    final: boolean,
  ): void {
    if (meter.dropped || !document.open) return;
    if (error || !data) {
      meter.dropped = true;
      document.abort(`the compressed data is damaged (${errorMessage(error)})`);
      return;
    }
    meter.inflated += data.byteLength;
    const { maxRatio, ratioCheckBytes } = this.context.options;
    if (meter.inflated > ratioCheckBytes && meter.inflated > maxRatio * Math.max(1, meter.compressed)) {
      // Refused before this output is decoded; the rest of the entry is skipped without inflating.
      meter.dropped = true;
      document.fail(
        new Error(
          `${this.archive}: entry ${entry} inflates past ${maxRatio}:1 (${meter.compressed} bytes to more ` +
            `than ${mib(meter.inflated)} so far; limit ${maxRatio}:1 above ${mib(ratioCheckBytes)}); a ZIP bomb?`,
        ),
      );
      return;
    }
    document.write(data);
    if (final) document.end();
  }
}
