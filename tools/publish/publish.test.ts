import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_CONTROL } from './content-types.ts';
import { runConvertCli } from '../convert/cli.ts';
import { goodDocument } from '../hostile-corpus/blocks.ts';
import { runPublishCli } from './cli.ts';
import { createS3Client, publishFolder } from './publish.ts';
import type { PublishOptions } from './publish.ts';

const BUCKET = 'stadtmodell';

/** Small parts so that the archive below goes up in three parts (S3's minimum part is 5 MiB). */
const PARTS: PublishOptions = { multipartThreshold: 6 * 1024 * 1024, partSize: 5 * 1024 * 1024 };

/** A tileset folder of version `version`: the root, an external tileset, tiles of several kinds, an archive. */
function writeFolder(dir: string, version: string, archive: Buffer): void {
  const files: Record<string, string | Buffer> = {
    'tileset.json': JSON.stringify({ asset: { version: '1.1', tilesetVersion: version }, root: {} }),
    'schema.json': JSON.stringify({ id: 'schema', classes: {} }),
    'tiles/0.glb': Buffer.from(`glTF tile 0 of ${version}`),
    'tiles/1.glb': Buffer.from('glTF tile 1, the same in every version'),
    'tiles/3f2a9c41d0b7e8a5.glb': Buffer.from('a content-addressed tile'),
    'tiles/sub/tileset.json': JSON.stringify({ asset: { version: '1.1' }, root: { refine: 'ADD' } }),
    'subtrees/0.0.0.subtree': Buffer.from('subtree'),
    'terrain/0/0/0.terrain': Buffer.from('quantized mesh'),
    'images/roof.png': Buffer.from('\x89PNG'),
    'all.3tz': archive,
    '.stadtmodell-output.json': '{}',
  };
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/** Requests the client sent (command name and key), in order, recorded by a middleware. */
function recordRequests(client: S3Client): string[] {
  const sent: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string };
      sent.push(`${context.commandName} ${input.Key ?? ''}`);
      return next(args);
    },
    { step: 'initialize', name: 'recordRequests' },
  );
  return sent;
}

/**
 * Makes the client fail requests that `fails` picks, as a store answers: an error with an HTTP status. Added
 * at the finalize step, so a failed request never reaches the server.
 */
function injectFailures(client: S3Client, fails: (command: string, key: string) => number | undefined): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key ?? '';
      const status = fails(context.commandName ?? '', key);
      if (status !== undefined) {
        throw Object.assign(new Error(`injected ${status} for ${key}`), {
          $metadata: { httpStatusCode: status },
        });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'injectFailures' },
  );
}

describe('publishFolder against a local S3-compatible server (s3rver)', () => {
  let server: S3rver;
  let endpoint: string;
  let work: string;
  const archive = Buffer.alloc(11 * 1024 * 1024);
  for (let i = 0; i < archive.length; i += 4096) archive[i] = i % 251;

  const newClient = () =>
    createS3Client({ endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  const get = async (key: string) => {
    const response = await newClient().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await response.Body!.transformToByteArray());
  };
  const head = (key: string) => newClient().send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'publish-test-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      directory: join(work, 's3'),
      silent: true,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('uploads with type, gzip and cache headers, in parts where large, and the root tileset.json last', async () => {
    const folder = join(work, 'v1');
    writeFolder(folder, 'v1', archive);
    const client = newClient();
    const sent = recordRequests(client);
    const report = await publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, client, PARTS);

    expect(report.uploaded).toHaveLength(10); // every file but the dot file
    expect(report.uploaded.at(-1)).toBe('city/tileset.json');
    const writes = sent.filter((line) => !line.startsWith('ListObjectsV2'));
    expect(writes.at(-1)).toBe('PutObjectCommand city/tileset.json');
    expect(sent.some((line) => line.includes('.stadtmodell-output.json'))).toBe(false);
    expect(writes.filter((line) => line.startsWith('UploadPartCommand city/all.3tz'))).toHaveLength(3);

    const root = await head('city/tileset.json');
    expect(root.ContentType).toBe('application/json');
    expect(root.ContentEncoding).toBe('gzip');
    expect(root.CacheControl).toBe(CACHE_CONTROL.root);
    expect(JSON.parse(gunzipSync(await get('city/tileset.json')).toString()).asset.tilesetVersion).toBe('v1');
    const nested = await head('city/tiles/sub/tileset.json');
    expect([nested.ContentEncoding, nested.CacheControl]).toEqual(['gzip', CACHE_CONTROL.root]);

    const glb = await head('city/tiles/0.glb');
    expect([glb.ContentType, glb.ContentEncoding, glb.CacheControl]).toEqual([
      'model/gltf-binary',
      undefined,
      CACHE_CONTROL.other,
    ]);
    expect((await head('city/tiles/3f2a9c41d0b7e8a5.glb')).CacheControl).toBe(CACHE_CONTROL.immutable);
    expect((await head('city/subtrees/0.0.0.subtree')).ContentType).toBe('application/octet-stream');
    const terrain = await head('city/terrain/0/0/0.terrain');
    expect([terrain.ContentType, terrain.ContentEncoding]).toEqual([
      'application/vnd.quantized-mesh',
      'gzip',
    ]);
    expect((await head('city/images/roof.png')).ContentType).toBe('image/png');
    expect((await head('city/all.3tz')).ContentType).toBe('application/vnd.maxar.archive.3tz+zip');
    const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
    expect(md5(await get('city/all.3tz'))).toBe(md5(archive));
  });

  it('skips unchanged objects on a re-publish by their ETags, and uploads only what changed', async () => {
    const folder = join(work, 'v1');
    const again = await publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, newClient(), PARTS);
    expect(again.uploaded).toEqual([]);
    expect(again.unchanged).toHaveLength(10);

    writeFileSync(join(folder, 'tiles/1.glb'), 'tile 1, changed');
    const changed = await publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, newClient(), PARTS);
    expect(changed.uploaded).toEqual(['city/tiles/1.glb']);
    expect((await get('city/tiles/1.glb')).toString()).toBe('tile 1, changed');

    const forced = await publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, newClient(), {
      ...PARTS,
      force: true,
    });
    expect(forced.uploaded).toHaveLength(10);
  });

  it('retries a request that failed with a server error, with backoff', async () => {
    const folder = join(work, 'retry');
    writeFolder(folder, 'retry', Buffer.from('small archive'));
    const client = newClient();
    const failed = new Set<string>();
    injectFailures(client, (command, key) => {
      if (command !== 'PutObjectCommand' || !key.endsWith('.glb') || failed.has(key)) return undefined;
      failed.add(key);
      return 503;
    });
    const report = await publishFolder(folder, { bucket: BUCKET, prefix: 'retry/' }, client, {
      retryDelayMs: 5,
    });
    expect(report.retries).toBe(3);
    expect(report.uploaded).toHaveLength(10);
    expect((await get('retry/tiles/0.glb')).toString()).toBe('glTF tile 0 of retry');
  });

  it('leaves the previous version served when a publish is interrupted part way', async () => {
    const folder = join(work, 'v2');
    writeFolder(folder, 'v2', Buffer.from('archive v2'));
    const client = newClient();
    let puts = 0;
    // The store goes away after three objects of the new version (every later request fails for good).
    injectFailures(client, (command) => {
      if (command !== 'PutObjectCommand') return undefined;
      puts += 1;
      return puts > 3 ? 403 : undefined;
    });
    await expect(
      publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, client, { concurrency: 2 }),
    ).rejects.toThrow(/publish: city\/.* failed after 1 tries: injected 403/);

    // Some of the new version arrived, but the root still describes the old one.
    expect((await get('city/tiles/0.glb')).toString()).toBe('glTF tile 0 of v2');
    expect(JSON.parse(gunzipSync(await get('city/tileset.json')).toString()).asset.tilesetVersion).toBe('v1');

    // A later complete publish switches to the new version.
    const done = await publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, newClient());
    expect(done.unchanged.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(gunzipSync(await get('city/tileset.json')).toString()).asset.tilesetVersion).toBe('v2');
  });

  it('stops when aborted (Ctrl-C) and leaves the previous root in place', async () => {
    const folder = join(work, 'v3');
    writeFolder(folder, 'v3', Buffer.from('archive v3'));
    const client = newClient();
    const abort = new AbortController();
    let puts = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'PutObjectCommand' && ++puts === 2) abort.abort();
        return next(args);
      },
      { step: 'initialize', name: 'abortAfterTwo' },
    );
    const publishing = publishFolder(folder, { bucket: BUCKET, prefix: 'city/' }, client, {
      concurrency: 1,
      signal: abort.signal,
    });
    await expect(publishing).rejects.toThrow();
    expect(puts).toBe(2);
    expect(JSON.parse(gunzipSync(await get('city/tileset.json')).toString()).asset.tilesetVersion).toBe('v2');
  });

  it('runs as a command: npm run publish -- <folder> --to s3://… --endpoint …', async () => {
    const folder = join(work, 'cli');
    writeFolder(folder, 'cli', Buffer.from('archive'));
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    expect(await runPublishCli([folder, '--to', `s3://${BUCKET}/cli`, '--endpoint', endpoint], log)).toBe(0);
    expect(lines).toEqual([`publish: 10 uploaded (0.0 MB), 0 unchanged, to s3://${BUCKET}/cli/`]);
    expect(JSON.parse(gunzipSync(await get('cli/tileset.json')).toString()).asset.tilesetVersion).toBe('cli');

    lines.length = 0;
    expect(await runPublishCli([folder, '--to', 's3://Bad_Bucket/x'], log)).toBe(2);
    expect(lines[0]).toMatch(/"Bad_Bucket" in "s3:\/\/Bad_Bucket\/x" is not a bucket name/);
    expect(await runPublishCli([join(work, 'missing'), '--to', `s3://${BUCKET}/x`], log)).toBe(2);
    expect(lines.at(-1)).toMatch(/missing is not a folder/);
    expect(await runPublishCli([folder, '--to', `s3://${BUCKET}/x/../y`], log)).toBe(2);
    expect(lines.at(-1)).toMatch(/has an empty, "." or ".." segment/);
  });

  it('converts straight to object storage: npm run convert -- <inputs> --out s3://…', async () => {
    const input = join(work, 'city.gml');
    writeFileSync(input, goodDocument(3));
    const scratch = join(work, 'tmp');
    mkdirSync(scratch);
    // The converter's temporary folder goes to TMPDIR, the store's endpoint comes from the SDK's variable.
    const saved = { TMPDIR: process.env.TMPDIR, AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL };
    Object.assign(process.env, { TMPDIR: scratch, AWS_ENDPOINT_URL: endpoint });
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    const lines: string[] = [];
    try {
      const args = [input, '--out', `s3://${BUCKET}/converted`, '--jobs', '1'];
      expect(await runConvertCli(args, (line) => lines.push(line))).toBe(0);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(lines.at(-1)).toMatch(/^publish: \d+ uploaded .* to s3:\/\/stadtmodell\/converted\/$/);
    const tileset = JSON.parse(gunzipSync(await get('converted/tileset.json')).toString());
    expect(tileset.asset.version).toBe('1.1');
    const report = JSON.parse(gunzipSync(await get('converted/report.json')).toString());
    expect([report.status, report.buildings.written]).toEqual(['converted', 3]);
    expect(
      await runConvertCli([input, '--out', 's3://x/y.3tz', '--format', '3tz'], (l) => lines.push(l)),
    ).toBe(2);
    expect(lines.at(-1)).toMatch(/publishes a tileset folder; use --format dir/);
    // The temporary folder is gone (tsx keeps a cache folder of its own there).
    expect(readdirSync(scratch).filter((name) => name.startsWith('stadtmodell-convert-'))).toEqual([]);
  });
});
