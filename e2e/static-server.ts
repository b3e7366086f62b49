import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { EMBED_PAGE, embedSecurityHeaders, securityHeaders } from '../vite-csp.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.ktx2': 'image/ktx2',
  '.terrain': 'application/vnd.quantized-mesh',
};

/**
 * Serves a folder on 127.0.0.1 with correct MIME types and real 404s — unlike a dev server that answers
 * index.html for missing files, so a missing Cesium asset fails loudly. The e2e suite serves the build with
 * nginx instead (e2e/nginx-server.ts, the deployment); this small server is for the benchmarks and for pages
 * that are not ours. Every response carries the headers `vite preview` and nginx send (`securityHeaders()`:
 * CSP with frame-ancestors, nosniff, no referrer; e2e/preview.e2e.test.ts compares the three), workers
 * included (a worker script's policy comes from its own response, not from the page's `<meta>`).
 * `headers: false` serves without them, for pages that are not ours (the bare Cesium viewer a benchmark
 * compares against, the framing page of the embed test). `mounts` serves
 * further folders under URL prefixes (`{ '/terrain/maastricht/': '/data/qm' }`), so a test can show shared
 * sample data on the build's origin without copying it into the build.
 */
export async function startStaticServer(
  root: string,
  {
    port = 0,
    headers: withHeaders = true,
    mounts = {},
  }: { port?: number; headers?: boolean; mounts?: Record<string, string> } = {},
): Promise<{ url: string; server: Server }> {
  const headers = withHeaders ? securityHeaders() : {};
  const embedHeaders = withHeaders ? embedSecurityHeaders() : {};
  const server = createServer((request, response) => {
    let pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    // embed.html may be framed by other sites; every other response forbids framing.
    const own = EMBED_PAGE.test(pathname) ? embedHeaders : headers;
    for (const [name, value] of Object.entries(own)) response.setHeader(name, value);
    let base = resolve(root);
    const mount = Object.keys(mounts).find((prefix) => pathname.startsWith(prefix));
    if (mount !== undefined) {
      base = resolve(mounts[mount] as string);
      pathname = `/${pathname.slice(mount.length)}`;
    }
    const file = normalize(join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
    if (file !== base && !file.startsWith(base + sep)) {
      response.writeHead(403).end();
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`404 ${pathname}`);
      return;
    }
    response.writeHead(200, {
      'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server: no port');
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

/**
 * The production build the end-to-end tests serve: `dist/` beside this folder, or the folder named by
 * `E2E_DIST` (so that several builds, e.g. of parallel branches, can be tested side by side).
 */
export function productionBuildDir(): string {
  return process.env.E2E_DIST || resolve(new URL('..', import.meta.url).pathname, 'dist');
}
