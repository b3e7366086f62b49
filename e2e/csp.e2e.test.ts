import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '../vite-csp.ts';
import { expectCspViolations, launchChromium, newRecordedPage, VIEWPORT } from './browser.ts';
import { startAppServer } from './nginx-server.ts';
import type { AppServer } from './nginx-server.ts';

/** Waits until `read` returns a non-empty list (reports arrive asynchronously, over CDP). */
async function eventually(read: () => string[], timeoutMs = 30_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  while (read().length === 0 && Date.now() < end) await new Promise((done) => setTimeout(done, 100));
  return read();
}

describe('Content-Security-Policy of the production build', () => {
  let server: AppServer | undefined;
  let url: string;
  let browser: Browser;
  beforeAll(async () => {
    server = await startAppServer();
    url = server.url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ships the policy as <meta> in index.html and as headers on every response', async () => {
    const html = await fetch(url);
    const expected = securityHeaders();
    for (const [name, value] of Object.entries(expected)) expect(html.headers.get(name), name).toBe(value);
    expect(expected['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    const text = await html.text();
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(text)?.[1];
    expect(meta?.replace(/&quot;/g, '"')).toBe(contentSecurityPolicy());
    expect(meta).not.toContain('frame-ancestors'); // ignored in <meta>: header only
    expect(text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    // Workers and other files carry the policy too: a worker's policy comes from its own response.
    const worker = await fetch(new URL('cesium/Workers/createVerticesFromHeightmap.js', url));
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-security-policy')).toBe(expected['Content-Security-Policy']);
  });

  it('loads the viewer without violations and detects provoked ones: an inline script, a foreign image', async () => {
    const record = await newRecordedPage(browser, { viewport: VIEWPORT });
    const { page } = record;
    await page.goto(url);
    await page.waitForSelector('.app');
    // Cesium has rendered frames and shown its credits (the inline styles the policy allows by hash).
    await page.waitForSelector('.cesium-credit-logoContainer img', { state: 'attached' });
    expect(record.cspViolations).toEqual([]);

    // Strings: these run in the page (the e2e TypeScript has no DOM types).
    const ran = await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      return window.__inlineRan === true;
    })()`);
    expect(ran).toBe(false);
    // Recorded as a page error, as any violation would be.
    const inline = await eventually(() => record.pageErrors.filter((v) => /^CSP: .*script-src/.test(v)));
    expect(inline.length).toBeGreaterThan(0);
    // Provoked on purpose: expected from now on, however late Chromium's second report of it arrives.
    expectCspViolations(record, /script-src/);

    await page.evaluate(`(() => {
      const image = document.createElement('img');
      image.src = 'https://example.com/csp-probe.png';
      document.body.append(image);
    })()`);
    const image = await eventually(() =>
      record.pageErrors.filter((v) => /^CSP: .*example\.com\/csp-probe/.test(v)),
    );
    expect(image.length).toBeGreaterThan(0);
    expectCspViolations(record, /example\.com\/csp-probe/);

    await page.close();
    expect(record.cspViolations).toEqual([]);
    expect(record.pageErrors).toEqual([]);
  });

  it('cannot be framed by another origin (frame-ancestors)', async () => {
    const record = await newRecordedPage(browser, { viewport: VIEWPORT });
    const { page } = record;
    // A page on another origin (localhost vs 127.0.0.1) that frames the viewer.
    const other = url.replace('127.0.0.1', 'localhost');
    // Should the refusal reach the framing page's console, it is the one this test provokes.
    expectCspViolations(record, /frame-ancestors/);
    await page.route(`${other}framer.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<iframe src="${url}" width="300" height="200"></iframe>`,
      }),
    );
    await page.goto(`${other}framer.html`);
    await page.waitForTimeout(2_000);
    // Chromium replaces a refused frame's document with an empty error page: no viewer in it.
    const child = page.frames().find((frame) => frame !== page.mainFrame());
    expect(child).toBeDefined();
    expect(await child?.$('#root')).toBeNull();
    await page.close();
  });
});
