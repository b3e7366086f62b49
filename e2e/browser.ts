import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { productionBuildDir, startStaticServer } from './static-server.ts';

/** Where the e2e tests write screenshots (created by `startE2e`). */
export const ARTIFACTS = join(new URL('..', import.meta.url).pathname, 'e2e', 'artifacts');

/** The viewport of every e2e page, CSS pixels. */
export const VIEWPORT = { width: 1280, height: 800 };

/** Matches once the demo city's tileset has loaded or failed (`data-tileset-demo` on the app root). */
export const DEMO_SETTLED = '.app[data-tileset-demo="tiles-loaded"], .app[data-tileset-demo="error"]';

/** Software rendering (SwiftShader) draws a few frames per second: the demo city may take minutes. */
export const DEMO_LOAD_TIMEOUT_MS = 180_000;

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags that give WebGL2 through SwiftShader (software rendering) in headless Chromium here, and
 * keep Chromium from calling home (background networking, sync, QUIC).
 */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions',
  '--metrics-recording-only',
  '--no-sandbox',
];

/** Launches headless Debian Chromium (Playwright gives it a fresh temporary profile). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`e2e: ${CHROMIUM_PATH} is missing; install it with: sudo apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A page with everything the tests assert on recorded: every request URL, page errors, dialogs (dismissed). */
export interface RecordedPage {
  page: Page;
  requests: string[];
  pageErrors: string[];
  dialogs: string[];
}

/** Opens a new page in `browser` that records requests, page errors and dialogs from its first moment. */
export async function newRecordedPage(
  browser: Browser,
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<RecordedPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
  const record: RecordedPage = { page, requests: [], pageErrors: [], dialogs: [] };
  page.on('request', (request) => record.requests.push(request.url()));
  page.on('pageerror', (error) => record.pageErrors.push(error.message));
  page.on('dialog', (dialog) => {
    record.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return record;
}

/** Requests that left this machine: anything but loopback http(s), data: and blob: URLs. */
export function foreignRequests(requests: readonly string[]): string[] {
  return requests.filter((url) => !/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:)/.test(url));
}

/** The production build served on loopback and a headless Chromium, for one e2e test file. */
export interface E2eSession {
  server: Server;
  /** The build's URL, ending in '/'. */
  baseUrl: string;
  browser: Browser;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

/** Serves the production build (`productionBuildDir`) on 127.0.0.1, launches Chromium and creates `ARTIFACTS`. */
export async function startE2e(): Promise<E2eSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const { server, url } = await startStaticServer(productionBuildDir());
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    server,
    baseUrl: url,
    browser,
    close: async () => {
      await browser.close();
      server.close();
    },
  };
}

/**
 * Opens `url` in a new recorded page (`VIEWPORT`) and waits until the demo city's tileset has loaded or
 * failed; `prepare` runs before the page loads (e.g. to route requests).
 */
export async function openDemo(
  browser: Browser,
  url: string,
  prepare?: (page: Page) => Promise<void>,
): Promise<RecordedPage> {
  const record = await newRecordedPage(browser, { viewport: VIEWPORT });
  await prepare?.(record.page);
  await record.page.goto(url);
  await record.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
  return record;
}
