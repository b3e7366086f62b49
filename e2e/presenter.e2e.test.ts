import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../src/core/story/types.ts';
import { axeViolations } from './axe.ts';
import { imageStatistics } from './pixels.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  openDemo,
  startE2e,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

const ROOT = new URL('..', import.meta.url).pathname;
/** The story helper's three-scene fixture, with speaker notes added here. */
const STORY: Story = (() => {
  const story = JSON.parse(readFileSync(join(ROOT, 'e2e', 'fixtures', 'story-three.json'), 'utf8')) as Story;
  story.scenes.forEach((scene, i) => {
    scene.notes = i === 1 ? '' : `Notiz ${i + 1}: <b>kein HTML</b>\n\nZweiter Absatz.`;
    scene.dwellSeconds = 600; // no autoplay surprises
  });
  return story;
})();
const STORY_PATH = 'e2e-stories/presenter.json';
const TITLES = STORY.scenes.map((s) => s.title);
const PRESENTATION = '[data-testid="story-presentation"]';
/** Catching up runs over BroadcastChannel in one browser: quick, but a reloaded page first loads its bundle. */
const SYNC_TIMEOUT_MS = 30_000;
/** A scene's picture comes once the audience has arrived: the flight, then up to 15 s for its tiles. */
const PICTURE_TIMEOUT_MS = 60_000;

/** What the presenter window recorded (it is opened by the page, so `newRecordedPage` does not see it). */
interface PopupRecord {
  page: Page;
  requests: string[];
  pageErrors: string[];
}

function record(page: Page): PopupRecord {
  const popup: PopupRecord = { page, requests: [], pageErrors: [] };
  page.on('request', (request) => popup.requests.push(request.url()));
  page.on('pageerror', (error) => popup.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) popup.pageErrors.push(`CSP: ${message.text()}`);
  });
  return popup;
}

async function presenterShows(presenter: Page, index: number): Promise<void> {
  const title = TITLES[index] ?? '';
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await presenter
    .locator('[data-testid="presenter-current"]')
    .filter({ hasText: exact })
    .waitFor({ timeout: SYNC_TIMEOUT_MS });
}

/** The presenter's picture `testId` (a `data:` URL) with its width and distinct colours. */
async function pictureOf(
  presenter: Page,
  testId: string,
): Promise<{ src: string; width: number; colours: number }> {
  const picture = presenter.locator(`[data-testid="${testId}"]`);
  await picture.waitFor({ timeout: PICTURE_TIMEOUT_MS });
  const src = (await picture.getAttribute('src')) ?? '';
  const { width, colours } = await imageStatistics(presenter, src);
  return { src, width, colours };
}

async function audienceShows(audience: Page, index: number): Promise<void> {
  await audience.waitForSelector(`${PRESENTATION}[data-story-index="${index}"]`, {
    state: 'attached', // the region's box may be empty: only its band and buttons are drawn
    timeout: SYNC_TIMEOUT_MS,
  });
}

describe('presenter view in step with the audience window (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let audience: RecordedPage;
  let presenter: PopupRecord;

  beforeAll(async () => {
    e2e = await startE2e();
    audience = await openDemo(e2e.browser, `${e2e.baseUrl}?story=${STORY_PATH}`, async (page) => {
      await page.route(`**/${STORY_PATH}`, (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(STORY) }),
      );
    });
    await audienceShows(audience.page, 0);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('the player’s "Presenter view" button opens a window with the current and next scene and the notes', async () => {
    const [popup] = await Promise.all([
      audience.page.context().waitForEvent('page'),
      audience.page.click('[data-testid="presenter-open"]'),
    ]);
    presenter = record(popup);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).searchParams.get('presenter')).toBe('1');
    await presenterShows(popup, 0);
    expect(await popup.textContent('[data-testid="presenter-next"]')).toBe(TITLES[1]);
    // Notes are text in paragraphs: the markup in them is shown, not rendered.
    const notes = popup.locator('[data-testid="presenter-notes"] p');
    expect(await notes.allTextContents()).toEqual(['Notiz 1: <b>kein HTML</b>', 'Zweiter Absatz.']);
    expect(await popup.locator('[data-testid="presenter-notes"] b').count()).toBe(0);
    expect(await popup.textContent('[data-testid="presenter-elapsed"]')).toMatch(/^\d+:\d\d$/);
    expect(await popup.textContent('[data-testid="presenter-clock"]')).toMatch(/\d\d:\d\d:\d\d/);
    expect(await popup.locator('canvas').count()).toBe(0); // no 3D view in the presenter window
    // What the audience sees: a picture the audience window drew on arrival (a data: URL, no request), the map
    // in it; the next scene has none until it has been shown.
    const current = await pictureOf(popup, 'presenter-current-picture');
    expect(current.src).toMatch(/^data:image\/jpeg;base64,/);
    expect(current.width).toBe(480);
    expect(current.colours).toBeGreaterThan(50);
    expect(await popup.locator('[data-testid="presenter-next-picture"]').count()).toBe(0);
    expect(await popup.textContent('.presenter-no-picture')).toContain(
      'sobald die Szene einmal gezeigt wurde',
    );
  });

  it('follows a key press in the audience window, and moves the audience with its own buttons and keys', async () => {
    await audience.page.keyboard.press('ArrowRight');
    await audienceShows(audience.page, 1);
    await presenterShows(presenter.page, 1);
    expect(await presenter.page.textContent('[data-testid="presenter-notes"]')).toBe('Keine Notizen.');
    expect(await presenter.page.textContent('[data-testid="presenter-next"]')).toBe(TITLES[2]);

    await presenter.page.click('[data-testid="presenter-next-button"]');
    await audienceShows(audience.page, 2);
    expect(await presenter.page.textContent('[data-testid="presenter-next"]')).toBe('Ende der Geschichte');
    expect(await presenter.page.isDisabled('[data-testid="presenter-next-button"]')).toBe(true);
    const third = await pictureOf(presenter.page, 'presenter-current-picture');

    // The player's keys in the presenter window (focus on the page, not on a button).
    await presenter.page.locator('h1').click();
    await presenter.page.keyboard.press('PageUp');
    await audienceShows(audience.page, 1);
    await presenterShows(presenter.page, 1);
    // scene 3 has been shown: its picture is there as the next scene's, and differs from scene 2's
    expect((await pictureOf(presenter.page, 'presenter-next-picture')).src).toBe(third.src);
    expect((await pictureOf(presenter.page, 'presenter-current-picture')).src).not.toBe(third.src);
    writeFileSync(join(ARTIFACTS, 'presenter.png'), await presenter.page.screenshot());
  });

  it('a reloaded presenter window catches up with the audience', async () => {
    await presenter.page.reload();
    await presenterShows(presenter.page, 1);
    expect(await presenter.page.textContent('[data-testid="presenter-next"]')).toBe(TITLES[2]);
    // the pictures taken so far come with the audience's answer
    expect((await pictureOf(presenter.page, 'presenter-current-picture')).width).toBe(480);
    expect((await pictureOf(presenter.page, 'presenter-next-picture')).width).toBe(480);
  });

  it('a reloaded audience window returns to the presenter’s scene', async () => {
    await presenter.page.click('[data-testid="presenter-next-button"]');
    await audienceShows(audience.page, 2);
    await audience.page.reload();
    await audience.page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    // The page starts the story at its first scene, then takes the presenter's place from its answer to hello.
    await audienceShows(audience.page, 2);
    await presenterShows(presenter.page, 2);
    await presenter.page.click('[data-testid="presenter-previous"]');
    await audienceShows(audience.page, 1);
  });

  it('blacks the audience screen from the presenter window (B, its button) and shows when it is black', async () => {
    const black = (value: boolean) =>
      audience.page.waitForSelector(`${PRESENTATION}[data-story-black="${value}"]`, {
        state: 'attached',
        timeout: SYNC_TIMEOUT_MS,
      });
    const state = presenter.page.locator('[data-testid="presenter-black-state"]');
    await presenter.page.keyboard.press('b'); // a clicker's "blank" key, pressed at the presenter's laptop
    await black(true);
    await expect.poll(() => state.textContent()).toBe('Das Publikum sieht ein Schwarzbild.');
    expect(await presenter.page.getAttribute('[data-testid="presenter-black"]', 'aria-pressed')).toBe('true');
    await presenter.page.keyboard.press('ArrowRight'); // as in the audience window: shows the picture again
    await black(false);
    await expect.poll(() => state.textContent()).toBe('');
    expect(await audience.page.getAttribute(PRESENTATION, 'data-story-index')).toBe('1');
    await audience.page.keyboard.press('.'); // blacked in the audience window: the presenter sees it
    await expect.poll(() => state.textContent()).toBe('Das Publikum sieht ein Schwarzbild.');
    await presenter.page.click('[data-testid="presenter-black"]');
    await black(false);
    // The buttons are in the window as it opened, without scrolling.
    const button = await presenter.page.locator('[data-testid="presenter-black"]').boundingBox();
    const height = await presenter.page.evaluate<number>('innerHeight');
    expect((button?.y ?? Infinity) + (button?.height ?? 0)).toBeLessThanOrEqual(height);
  });

  it('passes axe, with no page errors and nothing but localhost', async () => {
    expect(await axeViolations(presenter.page)).toEqual([]);
    await presenter.page.setViewportSize({ width: 390, height: 844 });
    writeFileSync(join(ARTIFACTS, 'presenter-phone.png'), await presenter.page.screenshot());
    const next = await presenter.page.locator('[data-testid="presenter-next-button"]').boundingBox();
    expect(next?.height ?? 0).toBeGreaterThanOrEqual(48);
    expect(await axeViolations(audience.page)).toEqual([]);
    expect(presenter.pageErrors).toEqual([]);
    expect(audience.pageErrors).toEqual([]);
    expect(foreignRequests([...presenter.requests, ...audience.requests])).toEqual([]);
  });

  it('waits for the next story when the audience window leaves this one', async () => {
    await audience.page.keyboard.press('Escape');
    await audience.page.waitForSelector(PRESENTATION, { state: 'detached' });
    await presenter.page.locator('[data-testid="presenter-waiting"]').waitFor({ timeout: SYNC_TIMEOUT_MS });
    expect(await presenter.page.locator('[data-testid="presenter-current"]').count()).toBe(0);
    expect(presenter.pageErrors).toEqual([]);
  });
});
