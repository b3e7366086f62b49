/** An object-storage location: a bucket and a key prefix ('' or ending in '/'). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

/** Whether a command-line target names object storage (`s3://…`) rather than a folder. */
export function isS3Url(text: string): boolean {
  return /^s3:\/\//i.test(text);
}

/**
 * Parses `s3://bucket/prefix` (prefix optional; a trailing '/' is added). Throws a message naming what is
 * wrong: a missing bucket, a bucket name S3 would refuse, `..` or empty segments in the prefix.
 */
export function parseS3Url(text: string): S3Location {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/i.exec(text);
  if (!match) throw new Error(`publish: "${text}" is not an s3://bucket/prefix URL`);
  const [, bucket = '', rest = ''] = match;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(
      `publish: "${bucket}" in "${text}" is not a bucket name (3–63 characters: a–z, 0–9, '.', '-')`,
    );
  }
  const segments = rest.split('/').filter((segment, index, all) => segment !== '' || index < all.length - 1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw new Error(`publish: the prefix in "${text}" has an empty, "." or ".." segment`);
  }
  return { bucket, prefix: segments.length === 0 ? '' : `${segments.join('/')}/` };
}
