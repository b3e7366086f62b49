import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

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
