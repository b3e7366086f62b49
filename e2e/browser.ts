import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { startAppServer } from './nginx-server.ts';
import type { AppServer } from './nginx-server.ts';

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
 * The graphics flags: WebGL2 through SwiftShader (software rendering) here, unless `CHROMIUM_GL_ARGS` (flags
 * separated by spaces) replaces them, e.g. with ANGLE on Vulkan on a GPU machine (bench/gpu/README.md).
 */
const GL_ARGS = process.env.CHROMIUM_GL_ARGS?.split(/\s+/).filter(Boolean) ?? [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/**
 * Flags that give WebGL2 (`GL_ARGS`) in headless Chromium here, and keep Chromium from calling home
 * (background networking, sync, QUIC).
 */
export const CHROMIUM_ARGS = [
  ...GL_ARGS,
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

/** Content-Security-Policy violations seen in any page of a browser (see `newRecordedPage`). */
const violationsByBrowser = new WeakMap<Browser, string[]>();

/** The browser-wide violation list each recorded page reports into. */
const browserListOf = new WeakMap<RecordedPage, string[]>();

/** Every Content-Security-Policy violation recorded so far in the pages of `browser`. */
export function cspViolationsOf(browser: Browser): string[] {
  let list = violationsByBrowser.get(browser);
  if (!list) violationsByBrowser.set(browser, (list = []));
  return list;
}

/**
 * Launches headless Debian Chromium (Playwright gives it a fresh temporary profile). Its `close()` throws
 * after closing when any page recorded a Content-Security-Policy violation, so the file's teardown fails
 * even where a test did not look at `pageErrors`.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`e2e: ${CHROMIUM_PATH} is missing; install it with: sudo apt-get install -y chromium`);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const close = browser.close.bind(browser);
  browser.close = async (options) => {
    await close(options);
    const violations = cspViolationsOf(browser);
    if (violations.length > 0) {
      throw new Error(`e2e: Content-Security-Policy violations:\n${violations.join('\n')}`);
    }
  };
  return browser;
}

/**
 * Declares violations matching `pattern` expected in `record`'s page, for a test that provokes them on purpose
 * (e2e/csp.e2e.test.ts): those already recorded and every later one go to `expectedCspViolations` instead of
 * `cspViolations`, `pageErrors` and the browser's list, so the teardown check passes however late a report
 * arrives (Chromium reports one violation twice, by event and console line, each in its own time).
 */
export function expectCspViolations(record: RecordedPage, pattern: RegExp): void {
  record.expectedCspPatterns.push(pattern);
  const taken = record.cspViolations.filter((line) => pattern.test(line));
  if (taken.length === 0) return;
  const all = browserListOf.get(record) ?? [];
  for (const line of taken) {
    const index = all.indexOf(line);
    if (index >= 0) all.splice(index, 1);
  }
  const keep = (line: string) => !taken.includes(line);
  record.cspViolations.splice(0, record.cspViolations.length, ...record.cspViolations.filter(keep));
  record.pageErrors.splice(0, record.pageErrors.length, ...record.pageErrors.filter(keep));
  record.expectedCspViolations.push(...taken);
}

/**
 * A page with everything the tests assert on recorded: every request URL, page errors, dialogs (dismissed),
 * Content-Security-Policy violations.
 */
export interface RecordedPage {
  page: Page;
  requests: string[];
  /** Uncaught exceptions, and every CSP violation too (prefixed `CSP:`), so `toEqual([])` checks both. */
  pageErrors: string[];
  dialogs: string[];
  /** CSP violations: `CSP: <directive> blocked <what> at <where>` or the browser's "Refused to …" message. */
  cspViolations: string[];
  /** Violations the test provoked (`expectCspViolations`): not errors. */
  expectedCspViolations: string[];
  expectedCspPatterns: RegExp[];
}

/** Name of the binding through which the page reports `securitypolicyviolation` events. */
const CSP_BINDING = '__e2eCspViolation';

/**
 * Runs in every document before its own scripts (Playwright injects it over CDP, which the page's CSP does
 * not govern) and reports each violation event through the binding. A string: it runs in the browser.
 */
const REPORT_VIOLATIONS = `addEventListener('securitypolicyviolation', (event) => {
  const where = event.sourceFile ? ' at ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber : '';
  globalThis.${CSP_BINDING}?.('CSP: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || '(inline)') + where);
}, true);`;

/** Matches the console message Chromium logs for each CSP violation in the page. */
const CSP_CONSOLE = /Content Security Policy/i;

/**
 * Opens a new page in `browser` that records requests, page errors, dialogs and Content-Security-Policy
 * violations from its first moment. Violations come from two sides, so that neither can be missed: the
 * page's `securitypolicyviolation` events, and Chromium's console message for each. A violation inside a
 * worker reaches neither (Chromium logs it to the worker, which Playwright does not forward); it shows
 * only as the worker's failure (an error, missing tiles).
 */
export async function newRecordedPage(
  browser: Browser,
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<RecordedPage> {
  // The build registers a service worker; pages here run without it (requests routed by tests must reach
  // the page, not a worker's cache) unless a test asks for it, as e2e/speed.e2e.test.ts does.
  const page = await browser.newPage({
    viewport: { width: 1280, height: 800 },
    serviceWorkers: 'block',
    ...options,
  });
  const record: RecordedPage = {
    page,
    requests: [],
    pageErrors: [],
    dialogs: [],
    cspViolations: [],
    expectedCspViolations: [],
    expectedCspPatterns: [],
  };
  browserListOf.set(record, cspViolationsOf(browser));
  const violation = (text: string) => {
    const line = text.startsWith('CSP:') ? text : `CSP: ${text}`;
    if (record.expectedCspPatterns.some((pattern) => pattern.test(line))) {
      record.expectedCspViolations.push(line);
      return;
    }
    record.cspViolations.push(line);
    record.pageErrors.push(line);
    cspViolationsOf(browser).push(line);
  };
  await page.exposeFunction(CSP_BINDING, violation);
  await page.addInitScript({ content: REPORT_VIOLATIONS });
  page.on('console', (message) => {
    if (CSP_CONSOLE.test(message.text())) violation(message.text());
  });
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

/** The production build served on loopback (by nginx, as deployed) and a headless Chromium, for one e2e test file. */
export interface E2eSession {
  /** nginx serving the build (`startAppServer`); `close()` stops it, e.g. to test the app offline. */
  server: AppServer;
  /** The build's URL, ending in '/'. */
  baseUrl: string;
  browser: Browser;
  /** Closes the browser and the server. */
  close(): Promise<void>;
}

/**
 * Serves the production build (`productionBuildDir`) with nginx and the shipped deploy/nginx rules on
 * 127.0.0.1 (`startAppServer`: fails, never falls back, when nginx is missing), launches Chromium and creates
 * `ARTIFACTS`; `mounts` serves further folders under URL prefixes on the same origin.
 */
export async function startE2e({ mounts }: { mounts?: Record<string, string> } = {}): Promise<E2eSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const server = await startAppServer({ mounts });
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    baseUrl: server.url,
    browser,
    close: async () => {
      try {
        await browser.close();
      } finally {
        await server.close();
      }
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

/**
 * Clicks the Cesium canvas at its centre moved by each offset (px) in turn, waiting up to `settleMs` after each
 * click for the attribute panel to show `attribute` (no longer once it does); returns that cell (count 0 when no
 * click picked).
 */
export async function clickUntilAttribute(
  page: Page,
  attribute: string,
  offsets: readonly (readonly [number, number])[],
  settleMs: number,
): Promise<Locator> {
  const box = await page.locator('.cesium-widget canvas').boundingBox();
  if (!box) throw new Error('no Cesium canvas');
  const cell = page.locator(`[data-testid="attribute-panel"] td[data-attribute="${attribute}"]`);
  for (const [dx, dy] of offsets) {
    await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
    const picked = await cell
      .first()
      .waitFor({ state: 'attached', timeout: settleMs })
      .then(() => true)
      .catch(() => false);
    if (picked) break;
  }
  return cell;
}

/**
 * Makes the header's tools reachable: below 1200 px they sit in the "Menü / Menu" dropdown, which this opens
 * (no-op when the tools are a row or the menu is already open).
 */
export async function showTools(page: Page): Promise<void> {
  // The app (and its header) is a lazily loaded chunk: wait for the header before asking about the menu.
  await page.locator('.app-header').waitFor();
  const menu = page.locator('.menu-button');
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
}

/** Closes the header's "Menü / Menu" dropdown if it is open (it covers part of the map on small screens). */
export async function hideTools(page: Page): Promise<void> {
  const menu = page.locator('.menu-button');
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'true') await menu.click();
}
