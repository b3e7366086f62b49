import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../vite-csp.ts';
import {
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  launchChromium,
  newRecordedPage,
} from './browser.ts';
import { startAppServer } from './nginx-server.ts';
import type { AppServer } from './nginx-server.ts';
import { productionBuildDir, startStaticServer } from './static-server.ts';

/**
 * The rest of the e2e suite runs against nginx with the shipped deploy/nginx rules (e2e/nginx-server.ts). This
 * file keeps the two other servers of the build honest against it: `vite preview` (`npm run preview`, what a
 * developer looks at) must load the viewer and send the same security headers, and so must the Node static
 * server that benchmarks use for their own pages (e2e/static-server.ts).
 */

const ROOT = resolve(import.meta.dirname, '..');

/** A port that was free a moment ago (`vite preview --strictPort` needs a number). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (!address || typeof address === 'string') throw new Error('preview: no free port');
  return address.port;
}

/** `vite preview` of `dist` on a free loopback port, as `npm run preview` starts it; throws with its output. */
async function startVitePreview(dist: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['preview', '--outDir', dist, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}/`;
  // Vite bundles its config first: on a loaded two-core machine that takes seconds.
  for (let waited = 0; ; waited += 200) {
    if (child.exitCode !== null || waited > 90_000) {
      child.kill('SIGTERM');
      throw new Error(`vite preview did not start on port ${port}:\n${output.trim()}`);
    }
    try {
      await fetch(url, { method: 'HEAD' });
      return { url, child };
    } catch {
      await new Promise((done) => setTimeout(done, 200));
    }
  }
}

/** The header names `securityHeaders()` sets, in the lower case `fetch` reports them in. */
const SECURITY_HEADERS = Object.keys(securityHeaders()).map((name) => name.toLowerCase());

/** A response's security headers (null where absent) and its media type without parameters. */
async function headersOf(url: string): Promise<Record<string, string | null>> {
  const response = await fetch(url);
  await response.arrayBuffer();
  const seen: Record<string, string | null> = { status: String(response.status) };
  for (const name of SECURITY_HEADERS) seen[name] = response.headers.get(name);
  seen['content-type'] = response.headers.get('content-type')?.split(';')[0]?.trim() ?? null;
  return seen;
}

/** The first file in `dir` (of the build) whose name ends in `suffix`, as a URL path. */
function firstFile(dir: string, suffix: string): string {
  const name = readdirSync(join(productionBuildDir(), dir)).find((file) => file.endsWith(suffix));
  if (!name) throw new Error(`preview: no *${suffix} in ${dir} of the build`);
  return `${dir}/${name}`;
}

describe('vite preview and the Node static server against nginx (production build)', () => {
  let nginx: AppServer;
  let preview: { url: string; child: ChildProcess };
  let node: { url: string; server: Server };
  let browser: Browser;

  beforeAll(async () => {
    nginx = await startAppServer();
    node = await startStaticServer(productionBuildDir());
    preview = await startVitePreview(productionBuildDir());
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    preview?.child.kill('SIGTERM');
    node?.server.close();
    await nginx?.close();
  });

  it('all three send the same security headers and types: pages, embed page, bundles, workers, tiles', async () => {
    const paths = [
      '',
      'index.html',
      'embed.html',
      'sw.js',
      'manifest.webmanifest',
      firstFile('assets', '.js'),
      firstFile('assets', '.css'),
      firstFile('cesium/Workers', '.js'),
      firstFile('cesium/ThirdParty', '.wasm'),
      'tiles/demo/tileset.json',
      firstFile('tiles/demo/tiles', '.glb'),
    ];
    for (const path of paths) {
      const expected = await headersOf(`${nginx.url}${path}`);
      expect(expected.status, path).toBe('200');
      expect(await headersOf(`${preview.url}${path}`), `vite preview /${path}`).toEqual(expected);
      expect(await headersOf(`${node.url}${path}`), `Node static server /${path}`).toEqual(expected);
    }
    // The viewer may not be framed; the embed viewer may, by any site.
    const page = await headersOf(nginx.url);
    expect(page['x-frame-options']).toBe('DENY');
    expect(page['content-security-policy']).toContain("frame-ancestors 'none'");
    const embed = await headersOf(`${nginx.url}embed.html`);
    expect(embed['x-frame-options']).toBeNull();
    expect(embed['content-security-policy']).toContain('frame-ancestors *');
    // Errors carry the policy too (vite preview answers a missing page with index.html, as single-page apps do).
    const missing = await headersOf(`${nginx.url}no-such-file.js`);
    expect(missing.status).toBe('404');
    const { 'content-type': _nginxType, ...nginxError } = missing;
    const { 'content-type': _nodeType, ...nodeError } = await headersOf(`${node.url}no-such-file.js`);
    expect(nodeError).toEqual(nginxError);
  });

  it('vite preview loads the viewer and draws the demo city with the same policy as nginx', async () => {
    // A small window: SwiftShader draws it sooner; the server is what is tested here.
    const record = await newRecordedPage(browser, { viewport: { width: 640, height: 400 } });
    const { page } = record;
    const response = await page.goto(preview.url);
    const deployed = await fetch(nginx.url);
    expect(response?.headers()['content-security-policy']).toBe(
      deployed.headers.get('content-security-policy'),
    );
    await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    expect(await page.getAttribute('.app', 'data-tileset-demo')).toBe('tiles-loaded');
    expect(record.pageErrors).toEqual([]);
    expect(foreignRequests(record.requests)).toEqual([]);
    await page.close();
  });
});
