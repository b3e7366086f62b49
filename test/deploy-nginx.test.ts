import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX_PATH, startNginx } from '../tools/nginx-server.ts';
import type { NginxServer } from '../tools/nginx-server.ts';
import { CONTENT_TYPES } from '../tools/publish/content-types.ts';
import { embedSecurityHeaders, securityHeaders } from '../vite-csp.ts';
import { nginxSecurityHeaders } from '../vite-nginx.ts';

/** One raw response: headers as sent (no decompression) and the body bytes. */
interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** GET without any decoding, so Content-Encoding and ranges are seen as nginx sent them. */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** A JSON text well above gzip_min_length. */
const TILESET = JSON.stringify({
  asset: { version: '1.1' },
  geometricError: 500,
  root: { children: Array(40).fill({ refine: 'ADD' }) },
});
const GLB = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

/** A built viewer with tiles, in miniature: the files whose rules the config sets. */
const FILES: Record<string, string | Buffer> = {
  'index.html': `<!doctype html><html><head><title>Stadtmodell</title></head><body>${'<p>viewer</p>'.repeat(40)}</body></html>`,
  'embed.html': '<!doctype html><html><head><title>Stadtmodell embed</title></head><body></body></html>',
  'sw.js': 'self.addEventListener("fetch", () => {});',
  'assets/index-B2xY_9aZ.js': `console.log(${JSON.stringify('x'.repeat(600))});`,
  'cesium/Workers/createGeometry.js': 'export {};',
  'tiles/demo/tileset.json': TILESET,
  'tiles/demo/tiles/0.glb': GLB,
  'tiles/demo/tiles/9f86d081884c7d65.glb': GLB,
  'tiles/demo/.stadtmodell-output.json': '{"files":[]}',
  'terrain/layer.json': TILESET,
  'data/big.json': TILESET,
  // Precompressed beside it, with other content, so the test sees which one was sent.
  'data/big.json.gz': gzipSync('{"precompressed":true}'),
  'city.3tz': GLB,
};

describe('deploy/nginx/stadtmodell.conf on Debian nginx', () => {
  let root: string;
  let nginx: NginxServer;
  let url: string;

  beforeAll(async () => {
    // `npm test` installs Debian's nginx first (tools/ensure-system-deps.mjs); without it these tests fail, not skip.
    if (!existsSync(NGINX_PATH)) {
      throw new Error(
        `${NGINX_PATH} not found: run \`node tools/ensure-system-deps.mjs\` (apt-get install nginx)`,
      );
    }
    root = mkdtempSync(join(tmpdir(), 'deploy-nginx-'));
    const files = { ...FILES };
    // One file per type of the publisher's table: both deployments must send the same types.
    for (const extension of Object.keys(CONTENT_TYPES)) files[`types/file${extension}`] = 'x';
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), bytes);
    }
    nginx = await startNginx({ root, headers: nginxSecurityHeaders({ loopback: false }) });
    url = nginx.url;
  });
  afterAll(async () => {
    await nginx?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('sends every type the publisher sends, by extension', async () => {
    const served: Record<string, string | undefined> = {};
    for (const extension of Object.keys(CONTENT_TYPES)) {
      served[extension] = (await get(`${url}types/file${extension}`)).headers['content-type'];
    }
    expect(served).toEqual(CONTENT_TYPES);
    expect(served['.glb']).toBe('model/gltf-binary');
    expect(served['.terrain']).toBe('application/vnd.quantized-mesh');
  });

  it('gzips JSON on the fly, sends a precompressed .json.gz as it is, and leaves GLB alone', async () => {
    const gzip = { 'Accept-Encoding': 'gzip' };
    const tileset = await get(`${url}tiles/demo/tileset.json`, gzip);
    expect([tileset.status, tileset.headers['content-encoding'], tileset.headers.vary]).toEqual([
      200,
      'gzip',
      'Accept-Encoding',
    ]);
    expect(gunzipSync(tileset.body).toString()).toBe(TILESET);
    const plain = await get(`${url}tiles/demo/tileset.json`);
    expect([plain.headers['content-encoding'], plain.body.toString()]).toEqual([undefined, TILESET]);
    const precompressed = await get(`${url}data/big.json`, gzip);
    expect(gunzipSync(precompressed.body).toString()).toBe('{"precompressed":true}');
    const glb = await get(`${url}tiles/demo/tiles/0.glb`, gzip);
    expect([glb.headers['content-encoding'], glb.body.equals(GLB)]).toEqual([undefined, true]);
  });

  it('caches hashed bundles and tiles for a year, pages and tileset roots briefly, the rest for an hour', async () => {
    const cache = async (path: string) => (await get(url + path)).headers['cache-control'];
    const year = 'public, max-age=31536000, immutable';
    expect(await cache('assets/index-B2xY_9aZ.js')).toBe(year);
    expect(await cache('tiles/demo/tiles/9f86d081884c7d65.glb')).toBe(year);
    expect(await cache('')).toBe('no-cache');
    expect(await cache('index.html')).toBe('no-cache');
    expect(await cache('sw.js')).toBe('no-cache');
    expect(await cache('tiles/demo/tileset.json')).toBe('public, max-age=60, must-revalidate');
    expect(await cache('terrain/layer.json')).toBe('public, max-age=60, must-revalidate');
    expect(await cache('tiles/demo/tiles/0.glb')).toBe('public, max-age=3600');
    expect(await cache('cesium/Workers/createGeometry.js')).toBe('public, max-age=3600');
    const missing = await get(`${url}tiles/demo/tiles/missing.glb`);
    expect([missing.status, missing.headers['cache-control']]).toEqual([404, undefined]);
  });

  it('answers range requests on GLB tiles and .3tz archives with 206', async () => {
    for (const path of ['tiles/demo/tiles/0.glb', 'city.3tz']) {
      const part = await get(url + path, { Range: 'bytes=100-199', 'Accept-Encoding': 'gzip' });
      expect(part.status, path).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${GLB.length}`);
      expect(part.body.equals(GLB.subarray(100, 200))).toBe(true);
    }
  });

  it("sends the app's Content-Security-Policy and the other security headers, on pages, files and errors", async () => {
    const expected = Object.fromEntries(
      Object.entries(securityHeaders({ loopback: false })).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    expect(expected['content-security-policy']).toContain("frame-ancestors 'none'");
    for (const path of [
      '',
      'index.html',
      'assets/index-B2xY_9aZ.js',
      'tiles/demo/tileset.json',
      'nothing-here',
    ]) {
      const { headers } = await get(url + path);
      const sent = Object.fromEntries(Object.keys(expected).map((name) => [name, headers[name]]));
      expect(sent, `/${path}`).toEqual(expected);
    }
  });

  it('lets other sites frame embed.html only, with the headers the app gives its embed page', async () => {
    const expected = Object.fromEntries(
      Object.entries(embedSecurityHeaders({ loopback: false })).map(([name, value]) => [
        name.toLowerCase(),
        value,
      ]),
    );
    expect(expected['content-security-policy']).toContain('frame-ancestors *');
    const { headers } = await get(`${url}embed.html`);
    const sent = Object.fromEntries(Object.keys(expected).map((name) => [name, headers[name]]));
    expect(sent).toEqual(expected);
    expect(headers['x-frame-options']).toBeUndefined();
  });

  it('does not serve dot files such as the converter output marker', async () => {
    expect((await get(`${url}tiles/demo/.stadtmodell-output.json`)).status).toBe(404);
  });
});
