/**
 * Publishes a folder (a converted tileset, a terrain, the viewer's build) to S3-compatible object storage
 * (AWS S3, MinIO, Ceph RGW, OpenStack Swift's S3 API, IONOS, Open Telekom Cloud) so that a reader never sees
 * half a version: every other object first, the root documents (`tileset.json`, `layer.json`, `index.html`
 * at the folder's top) only after all of them arrived. An interrupted publish leaves the previous root in
 * place, and with it the version it describes.
 *
 * Unchanged objects are skipped by comparing the bucket's ETags (one listing, no request per object) with
 * the MD5 of the bytes that would be sent: S3 and its clones give a single-part object's MD5 as its ETag, a
 * multipart object's as the MD5 of its parts' MD5s with `-<parts>`; both forms are computed. Gzipped files
 * compare equal because gzip is run with fixed settings and no time stamp. Where a store's ETag is no MD5
 * (SSE-KMS encryption), everything is simply uploaded again.
 */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { errorMessage } from '../../src/core/errors.ts';
import { cacheControlOf, contentTypeOf, isGzipped, isRootDocument } from './content-types.ts';
import type { S3Location } from './s3-url.ts';

/** Tunables of a publish. */
export interface PublishOptions {
  /** Uploads in flight at once. */
  concurrency?: number;
  /** Bodies of at least this many bytes go up in parts (multipart upload). */
  multipartThreshold?: number;
  /** Bytes per part (S3 allows 5 MiB to 5 GiB, the last part smaller). */
  partSize?: number;
  /** Tries per request (an object, or one part of it) before the publish fails. */
  attempts?: number;
  /** Wait before the first retry, milliseconds; doubled for each further one, with jitter. */
  retryDelayMs?: number;
  /** Upload every object, also those whose ETag shows them unchanged (e.g. after a Cache-Control change). */
  force?: boolean;
  /** Where progress lines go. */
  log?: (line: string) => void;
  /** Stops the publish between requests and aborts requests in flight; the root stays as it was. */
  signal?: AbortSignal | null;
}

export const PUBLISH_DEFAULTS: Required<PublishOptions> = {
  concurrency: 8,
  multipartThreshold: 16 * 1024 * 1024,
  partSize: 8 * 1024 * 1024,
  attempts: 5,
  retryDelayMs: 250,
  force: false,
  log: () => {},
  signal: null,
};

/** What a publish did. */
export interface PublishReport {
  /** Keys written, in the order their uploads finished (the roots last). */
  uploaded: string[];
  /** Keys whose ETag showed them unchanged. */
  unchanged: string[];
  /** Bytes sent (after gzip). */
  bytes: number;
  /** Requests that failed once and succeeded on a later try. */
  retries: number;
}

/** One file of the folder and how it is stored. */
interface Entry {
  /** Path below the folder, '/'-separated. */
  path: string;
  file: string;
  size: number;
}

/** The bytes of one object: in memory (gzipped or small), or read from its file part by part. */
type Body = { kind: 'buffer'; bytes: Buffer } | { kind: 'file'; file: string; size: number };

/**
 * An S3 client for a store: AWS when neither `endpoint` nor AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL is set,
 * else any S3-compatible server (path-style addressing, which MinIO, Ceph RGW and Swift's S3 API all take). Credentials come from the SDK's usual chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws, instance roles) unless given.
 */
export function createS3Client({
  endpoint,
  region,
  credentials,
}: {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
} = {}): S3Client {
  const store = endpoint ?? process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL;
  return new S3Client({
    region: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(store ? { endpoint: store, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
    // Retries are ours (per object and per part, with backoff), so the SDK does not multiply them.
    maxAttempts: 1,
    // Content-MD5 protects every body; the SDK's newer CRC checksums (on by default since 2025) are refused
    // by several S3-compatible stores, so they are sent only where an operation requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Files below `folder`, sorted; dot files and folders (the converter's marker, .git) are not published. */
async function listFolder(folder: string): Promise<Entry[]> {
  const entries: Entry[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const item of await readdir(dir, { withFileTypes: true })) {
      if (item.name.startsWith('.')) continue;
      const file = join(dir, item.name);
      if (item.isDirectory()) await walk(file);
      else if (item.isFile()) {
        entries.push({
          path: relative(folder, file).split(sep).join('/'),
          file,
          size: (await stat(file)).size,
        });
      }
    }
  };
  await walk(folder);
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** ETags (without quotes) of the objects below `prefix`, by key. */
async function listEtags(
  client: S3Client,
  to: S3Location,
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: to.bucket, Prefix: to.prefix, ContinuationToken: token }),
      { abortSignal: signal },
    );
    for (const object of page.Contents ?? []) {
      if (object.Key && object.ETag) etags.set(object.Key, object.ETag.replace(/"/g, ''));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return etags;
}

/** Reads `length` bytes at `position` of a body. */
async function readPart(body: Body, position: number, length: number): Promise<Buffer> {
  if (body.kind === 'buffer') return body.bytes.subarray(position, position + length);
  const handle = await open(body.file, 'r');
  try {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await handle.read(bytes, 0, length, position);
    return bytes.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function md5(bytes: Uint8Array): Buffer {
  return createHash('md5').update(bytes).digest();
}

/** The ETags S3-compatible stores give these bytes: the MD5, and for multipart the MD5 of the parts' MD5s. */
async function etagsOf(body: Body, size: number, partSize: number, multipart: boolean): Promise<string[]> {
  if (!multipart && body.kind === 'buffer') return [md5(body.bytes).toString('hex')];
  const whole = createHash('md5');
  const parts: Buffer[] = [];
  for (let position = 0; position < size; position += partSize) {
    const part = await readPart(body, position, Math.min(partSize, size - position));
    whole.update(part);
    parts.push(md5(part));
  }
  const etags = [whole.digest('hex')];
  if (multipart) etags.push(`${md5(Buffer.concat(parts)).toString('hex')}-${parts.length}`);
  return etags;
}

/** Whether a failed request is worth another try: network faults, timeouts, throttling and server errors. */
function isRetryable(error: unknown): boolean {
  if (error instanceof Error && error.name === 'AbortError') return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/**
 * Runs `task` over `items`, at most `limit` at once. After the first failure no further item starts; the
 * ones in flight finish, then the failure is thrown.
 */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}

/**
 * Uploads `folder` to `to` (see the module comment for the order and the ETag comparison). Throws when any
 * object could not be uploaded after its tries; the root documents are then not touched.
 */
export async function publishFolder(
  folder: string,
  to: S3Location,
  client: S3Client,
  options: PublishOptions = {},
): Promise<PublishReport> {
  const o: Required<PublishOptions> = { ...PUBLISH_DEFAULTS };
  for (const [key, value] of Object.entries(options))
    if (value !== undefined) Object.assign(o, { [key]: value });
  const signal = o.signal ?? undefined;
  const entries = await listFolder(folder);
  if (entries.length === 0) throw new Error(`publish: ${folder} holds no files to publish`);
  const existing = o.force ? new Map<string, string>() : await listEtags(client, to, signal);
  const report: PublishReport = { uploaded: [], unchanged: [], bytes: 0, retries: 0 };

  const attempt = async <R>(what: string, request: () => Promise<R>): Promise<R> => {
    for (let tried = 1; ; tried++) {
      signal?.throwIfAborted();
      try {
        const result = await request();
        if (tried > 1) report.retries++;
        return result;
      } catch (error) {
        if (tried >= o.attempts || !isRetryable(error) || signal?.aborted) {
          throw new Error(`publish: ${what} failed after ${tried} tries: ${errorMessage(error)}`, {
            cause: error,
          });
        }
        const delay = o.retryDelayMs * 2 ** (tried - 1) * (0.75 + Math.random() * 0.5);
        await sleep(delay, signal);
      }
    }
  };

  const publishEntry = async (entry: Entry): Promise<void> => {
    const key = to.prefix + entry.path;
    const gzip = isGzipped(entry.path);
    // Fixed level and no time stamp (zlib writes mtime 0): the same file gzips to the same bytes.
    const body: Body = gzip
      ? { kind: 'buffer', bytes: gzipSync(await readFile(entry.file), { level: 9 }) }
      : entry.size < o.multipartThreshold
        ? { kind: 'buffer', bytes: await readFile(entry.file) }
        : { kind: 'file', file: entry.file, size: entry.size };
    const size = body.kind === 'buffer' ? body.bytes.length : body.size;
    const multipart = size >= o.multipartThreshold;
    const stored = existing.get(key);
    if (stored && (await etagsOf(body, size, o.partSize, multipart)).includes(stored)) {
      report.unchanged.push(key);
      return;
    }
    const head = {
      Bucket: to.bucket,
      Key: key,
      ContentType: contentTypeOf(entry.path),
      CacheControl: cacheControlOf(entry.path),
      ...(gzip ? { ContentEncoding: 'gzip' } : {}),
    };
    if (!multipart && body.kind === 'buffer') {
      await attempt(key, () =>
        client.send(
          new PutObjectCommand({ ...head, Body: body.bytes, ContentMD5: md5(body.bytes).toString('base64') }),
          {
            abortSignal: signal,
          },
        ),
      );
    } else {
      await uploadInParts(client, head, body, size, o.partSize, attempt, signal);
    }
    report.bytes += size;
    report.uploaded.push(key);
  };

  // Everything but the root documents at the folder's top, then those: the switch to the new version.
  const isSwitch = (entry: Entry) => !entry.path.includes('/') && isRootDocument(entry.path);
  const others = entries.filter((entry) => !isSwitch(entry));
  const roots = entries.filter(isSwitch);
  await pool(others, o.concurrency, publishEntry);
  await pool(roots, o.concurrency, publishEntry);
  o.log(
    `publish: ${report.uploaded.length} uploaded (${(report.bytes / 1e6).toFixed(1)} MB), ` +
      `${report.unchanged.length} unchanged, to s3://${to.bucket}/${to.prefix}`,
  );
  return report;
}

/** A multipart upload: parts one after another (objects run in parallel), each retried; aborted on failure. */
async function uploadInParts(
  client: S3Client,
  head: { Bucket: string; Key: string; ContentType: string; CacheControl: string; ContentEncoding?: string },
  body: Body,
  size: number,
  partSize: number,
  attempt: <R>(what: string, request: () => Promise<R>) => Promise<R>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const created = await attempt(head.Key, () =>
    client.send(new CreateMultipartUploadCommand(head), { abortSignal: signal }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error(`publish: ${head.Key}: the store returned no multipart upload id`);
  const target = { Bucket: head.Bucket, Key: head.Key, UploadId: uploadId };
  try {
    const parts: { ETag: string; PartNumber: number }[] = [];
    for (let position = 0, number = 1; position < size; position += partSize, number++) {
      const bytes = await readPart(body, position, Math.min(partSize, size - position));
      const uploaded = await attempt(`${head.Key} part ${number}`, () =>
        client.send(
          new UploadPartCommand({
            ...target,
            PartNumber: number,
            Body: bytes,
            ContentMD5: md5(bytes).toString('base64'),
          }),
          { abortSignal: signal },
        ),
      );
      parts.push({ ETag: uploaded.ETag ?? '', PartNumber: number });
    }
    await attempt(head.Key, () =>
      client.send(new CompleteMultipartUploadCommand({ ...target, MultipartUpload: { Parts: parts } }), {
        abortSignal: signal,
      }),
    );
  } catch (error) {
    // Unfinished parts cost storage until aborted; a failure here is left to the bucket's lifecycle rules.
    await client.send(new AbortMultipartUploadCommand(target)).catch(() => undefined);
    throw error;
  }
}
