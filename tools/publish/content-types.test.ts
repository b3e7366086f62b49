import { describe, expect, it } from 'vitest';
import { CACHE_CONTROL, cacheControlOf, contentTypeOf, isGzipped, isRootDocument } from './content-types.ts';
import { parseS3Url } from './s3-url.ts';

describe('content types and cache rules of published files', () => {
  it('types files by extension, case-insensitively, octet-stream for the unknown', () => {
    expect(contentTypeOf('tiles/0.GLB')).toBe('model/gltf-binary');
    expect(contentTypeOf('0/0/0.terrain')).toBe('application/vnd.quantized-mesh');
    expect(contentTypeOf('city.3tz')).toBe('application/vnd.maxar.archive.3tz+zip');
    expect(contentTypeOf('a/b.subtree')).toBe('application/octet-stream');
    expect(contentTypeOf('cesium/ThirdParty/draco.wasm')).toBe('application/wasm');
    expect(contentTypeOf('notes')).toBe('application/octet-stream');
  });

  it('gzips JSON and text but not GLB, images or archives', () => {
    expect(['tileset.json', 'index.html', 'a.js', '0.terrain'].map(isGzipped)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.glb', 'a.png', 'x.3tz', 'a.b3dm'].map(isGzipped)).toEqual([false, false, false, false]);
  });

  it('caches roots briefly, content-hashed names for a year, the rest for an hour', () => {
    expect(isRootDocument('tileset.json') && isRootDocument('sub/tileset.json')).toBe(true);
    expect(cacheControlOf('tileset.json')).toBe(CACHE_CONTROL.root);
    expect(cacheControlOf('layer.json')).toBe(CACHE_CONTROL.root);
    expect(cacheControlOf('index.html')).toBe(CACHE_CONTROL.root);
    expect(cacheControlOf('assets/index-B2xY_9aZ.js')).toBe(CACHE_CONTROL.immutable);
    expect(cacheControlOf('tiles/9f86d081884c7d65.glb')).toBe(CACHE_CONTROL.immutable);
    expect(cacheControlOf('tiles/12-9f86d081884c7d659a2f.glb')).toBe(CACHE_CONTROL.immutable);
    expect(cacheControlOf('tiles/12.glb')).toBe(CACHE_CONTROL.other);
    expect(cacheControlOf('cesium/Workers/createGeometry.js')).toBe(CACHE_CONTROL.other);
    expect(CACHE_CONTROL.immutable).toBe('public, max-age=31536000, immutable');
  });
});

describe('parseS3Url', () => {
  it('splits bucket and prefix, adding the trailing slash', () => {
    expect(parseS3Url('s3://tiles/city/2026')).toEqual({ bucket: 'tiles', prefix: 'city/2026/' });
    expect(parseS3Url('s3://tiles/city/')).toEqual({ bucket: 'tiles', prefix: 'city/' });
    expect(parseS3Url('s3://tiles')).toEqual({ bucket: 'tiles', prefix: '' });
  });

  it('names what is wrong', () => {
    expect(() => parseS3Url('https://tiles/x')).toThrow(/not an s3:\/\/bucket\/prefix URL/);
    expect(() => parseS3Url('s3:///x')).toThrow(/"" in "s3:\/\/\/x" is not a bucket name/);
    expect(() => parseS3Url('s3://tiles/a//b')).toThrow(/empty, "." or ".." segment/);
  });
});
