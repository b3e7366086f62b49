/**
 * `npm run convert -- <inputs…> --out s3://bucket/prefix`: the converter writes into a temporary folder
 * (in TMPDIR, which must hold the whole output), then the folder is published like `npm run publish` does,
 * root tileset.json last, and removed. The converter itself never sees object storage.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../../src/core/errors.ts';
import { createS3Client, publishFolder } from './publish.ts';
import { parseS3Url } from './s3-url.ts';

/**
 * Runs `convert` (the converter's command line) with `--out <url>` in `argv` replaced by a temporary folder,
 * and publishes that folder to `url` when the conversion succeeded. Returns the exit code: the converter's
 * when it failed, 1 when the publish failed, 2 for a URL that names no bucket. The store's endpoint and
 * region come from AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and AWS_REGION, credentials from the SDK's chain.
 */
export async function convertToS3(
  argv: readonly string[],
  url: string,
  convert: (argv: string[]) => Promise<number>,
  log: (line: string) => void,
): Promise<number> {
  const format = argv.find((arg, i) => arg.startsWith('--format=') || argv[i - 1] === '--format');
  if (format !== undefined && format.replace('--format=', '') !== 'dir') {
    log("convert: --out s3://… publishes a tileset folder; use --format dir (or publish the .3tz's folder)");
    return 2;
  }
  if (argv.some((arg) => arg === '--update' || arg.startsWith('--update='))) {
    log(
      'convert: --out s3://… cannot be combined with --update, which reads the previous output from a folder',
    );
    return 2;
  }
  let to;
  try {
    to = parseS3Url(url);
  } catch (error) {
    log(errorMessage(error));
    return 2;
  }
  const folder = mkdtempSync(join(tmpdir(), 'stadtmodell-convert-'));
  try {
    const local = argv.map((arg) =>
      arg === url ? folder : arg === `--out=${url}` ? `--out=${folder}` : arg,
    );
    const status = await convert(local);
    if (status !== 0) return status;
    await publishFolder(folder, to, createS3Client(), { log });
    return 0;
  } catch (error) {
    const message = errorMessage(error);
    log(message.startsWith('publish:') ? message : `publish: ${message}`);
    return 1;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
