import { constants } from 'node:os';
import { statSync } from 'node:fs';
import { errorMessage } from '../../src/core/errors.ts';
import { parseCommandLine } from '../cli-args.ts';
import { createS3Client, publishFolder, PUBLISH_DEFAULTS } from './publish.ts';
import { parseS3Url } from './s3-url.ts';

export const PUBLISH_USAGE = `Usage: npm run publish -- <folder> --to s3://bucket/prefix [options]

Uploads a folder (a converted tileset, a terrain, the viewer's build) to S3-compatible object storage
(AWS S3, MinIO, Ceph RGW, OpenStack Swift via S3, IONOS, Open Telekom Cloud). Every other object goes
first, the root documents (tileset.json, layer.json, index.html at the folder's top) last, so readers
never see half a version; an interrupted publish leaves the previous root in place. Objects whose ETag
shows them unchanged are skipped. JSON, HTML, JS, CSS, SVG and .terrain are stored gzipped
(Content-Encoding: gzip). Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, ~/.aws or a role.
Options:
  --to <url>          s3://bucket/prefix (required)
  --endpoint <url>    an S3-compatible store, e.g. http://127.0.0.1:9000 (path-style); default AWS
  --region <r>        region (default AWS_REGION or us-east-1)
  --concurrency <n>   uploads at once (default ${PUBLISH_DEFAULTS.concurrency})
  --force             upload unchanged objects too (after a change of Cache-Control rules)
  --quiet             no summary line
  --help
Exit status: 0 published; 1 an upload failed (the root documents were not touched); 2 bad usage;
130 when interrupted (SIGINT, SIGTERM).`;

/**
 * The publish command line as a function: parses `argv`, publishes, returns the exit code (0 published,
 * 1 failed, 2 bad usage, 130 interrupted). `signal` aborts the publish between and during requests.
 */
export async function runPublishCli(
  argv: string[],
  log: (line: string) => void = console.error,
  { signal }: { signal?: AbortSignal } = {},
): Promise<number> {
  const parsed = parseCommandLine(
    'publish',
    argv,
    {
      to: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      concurrency: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
    PUBLISH_USAGE,
    log,
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [folder, ...extra] = positionals;
  if (!folder || extra.length > 0 || !values.to) {
    log(`publish: need one folder and --to s3://bucket/prefix\n${PUBLISH_USAGE}`);
    return 2;
  }
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    log(`publish: ${folder} is not a folder`);
    return 2;
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    log(`publish: --concurrency must be a whole number ≥ 1, got "${values.concurrency}"`);
    return 2;
  }
  if (values.endpoint !== undefined && !/^https?:\/\/[^/]+/i.test(values.endpoint)) {
    log(`publish: --endpoint must be an http(s) URL, got "${values.endpoint}"`);
    return 2;
  }
  let to;
  try {
    to = parseS3Url(values.to);
  } catch (error) {
    log(errorMessage(error));
    return 2;
  }
  try {
    await publishFolder(folder, to, createS3Client({ endpoint: values.endpoint, region: values.region }), {
      concurrency,
      force: values.force,
      signal,
      log: values.quiet ? () => {} : log,
    });
    return 0;
  } catch (error) {
    if (signal?.aborted) {
      log('publish: interrupted; the root documents were not touched');
      return 128 + constants.signals.SIGINT;
    }
    const message = errorMessage(error);
    log(message.startsWith('publish:') ? message : `publish: ${message}`);
    return 1;
  }
}
