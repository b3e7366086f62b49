import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateStory } from '../src/core/story/validate.ts';
import { axeViolations } from './axe.ts';
import {
  ARTIFACTS,
  DEMO_LOAD_TIMEOUT_MS,
  DEMO_SETTLED,
  foreignRequests,
  openDemo,
  startE2e,
  VIEWPORT,
  showTools,
} from './browser.ts';
import type { E2eSession, RecordedPage } from './browser.ts';

/** The titles of the editor's scenes, in list order. */
async function sceneTitles(record: RecordedPage): Promise<string[]> {
  const inputs = await record.page.locator('[data-testid="story-scenes"] [data-role="title"]').all();
  return Promise.all(inputs.map((input) => input.inputValue()));
}

describe('story editor (production build in Debian Chromium)', () => {
  let e2e: E2eSession;
  let main: RecordedPage;

  beforeAll(async () => {
    e2e = await startE2e();
    main = await openDemo(e2e.browser, e2e.baseUrl);
  });

  afterAll(async () => {
    await e2e?.close();
  });

  it('adds two scenes from the view, names them and reorders them by keyboard with focus following', async () => {
    const { page } = main;
    await showTools(page);
    await page.click('[data-testid="story-editor-toggle"]');
    await page.waitForSelector('[data-testid="story-editor"]');
    expect(await page.getAttribute('[data-testid="story-editor-toggle"]', 'aria-expanded')).toBe('true');
    await page.click('[data-testid="story-add-scene"]');
    // Another view for the second scene: the map's keyboard navigation turns the camera.
    await page.locator('.cesium-widget canvas').focus();
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('q');
    await page.click('[data-testid="story-add-scene"]');
    expect(await sceneTitles(main)).toEqual(['Szene 1', 'Szene 2']);
    expect(await page.textContent('[data-testid="story-announcement"]')).toContain('Szene 2');

    const titles = page.locator('[data-testid="story-scenes"] [data-role="title"]');
    await titles.nth(0).fill('Rathaus <b>alt</b>');
    await titles.nth(1).fill('Markt');
    await page
      .locator('[data-testid="story-scenes"] [data-role="notes"]')
      .nth(1)
      .fill('Auf den Brunnen zeigen.');
    await page.fill('[data-testid="story-title"]', 'Rundgang Test');

    // Alt+↑ in the second scene's title field moves that scene up; the focus stays in its title field.
    await titles.nth(1).focus();
    await page.keyboard.press('Alt+ArrowUp');
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
    expect(await page.locator(':focus').inputValue()).toBe('Markt');
    expect(await page.textContent('[data-testid="story-announcement"]')).toBe(
      'Szene „Markt“ ist jetzt an Position 1 von 2.',
    );
    // The move-down button moves it back down; at the last place that button is disabled, so the focus goes to
    // the scene's row, where Alt+↑ moves it up again.
    const down = page.locator('[data-testid="story-scenes"] [data-role="down"]').nth(0);
    await down.focus();
    await page.keyboard.press('Enter');
    expect(await sceneTitles(main)).toEqual(['Rathaus <b>alt</b>', 'Markt']);
    expect(await page.locator(':focus').getAttribute('data-scene-index')).toBe('1');
    await page.keyboard.press('Alt+ArrowUp');
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
    // Titles are text: the markup typed into one is shown, not rendered.
    expect(await page.locator('[data-testid="story-editor"] b').count()).toBe(0);

    expect(await axeViolations(page)).toEqual([]);
    writeFileSync(join(ARTIFACTS, 'story-editor.png'), await page.screenshot());
  });

  it('deletes with undo', async () => {
    const { page } = main;
    await page.locator('[data-testid="story-scenes"] [data-role="delete"]').nth(1).click();
    expect(await sceneTitles(main)).toEqual(['Markt']);
    expect(await page.textContent('[data-testid="story-notice"]')).toContain('gelöscht');
    await page.click('[data-testid="story-undo"]');
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
  });

  it('reorders by dragging a scene onto another', async () => {
    const { page } = main;
    // Both rows in view: Playwright scrolls the target into view after pressing the button, which would move
    // another row under the pointer before the drag starts.
    await page.setViewportSize({ width: VIEWPORT.width, height: 1800 });
    const drag = { targetPosition: { x: 150, y: 20 } }; // onto the target row's buttons
    await page.dragAndDrop('[data-scene-index="1"] .story-drag-handle', '[data-scene-index="0"]', drag);
    expect(await sceneTitles(main)).toEqual(['Rathaus <b>alt</b>', 'Markt']);
    await page.dragAndDrop('[data-scene-index="1"] .story-drag-handle', '[data-scene-index="0"]', drag);
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
    expect(await page.textContent('[data-testid="story-announcement"]')).toBe(
      'Szene „Markt“ ist jetzt an Position 1 von 2.',
    );
    await page.setViewportSize(VIEWPORT);
  });

  it('keeps the draft through a reload, even an edit made just before it', async () => {
    const { page } = main;
    // Typed and reloaded at once: the debounced write has not happened; pagehide writes it.
    await page.locator('[data-testid="story-scenes"] [data-role="caption"]').nth(0).fill('Der Marktplatz.');
    await page.reload();
    await page.waitForSelector(DEMO_SETTLED, { timeout: DEMO_LOAD_TIMEOUT_MS });
    await showTools(page);
    await page.click('[data-testid="story-editor-toggle"]');
    await page.waitForSelector('[data-testid="story-draft-restored"]');
    expect(await page.textContent('[data-testid="story-draft-restored"]')).toContain(
      'Entwurf wiederhergestellt',
    );
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
    expect(await page.inputValue('[data-testid="story-title"]')).toBe('Rundgang Test');
    expect(await page.locator('[data-testid="story-scenes"] [data-role="caption"]').nth(0).inputValue()).toBe(
      'Der Marktplatz.',
    );
    expect(await page.locator('[data-testid="story-scenes"] [data-role="notes"]').nth(0).inputValue()).toBe(
      'Auf den Brunnen zeigen.',
    );
  });

  it('saves a JSON file that validates and opens files again, naming the faults of a broken one', async () => {
    const { page } = main;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="story-save"]'),
    ]);
    expect(download.suggestedFilename()).toBe('rundgang-test.story.json');
    const path = join(ARTIFACTS, 'story-editor-download.json');
    await download.saveAs(path);
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const { story, problems } = validateStory(json, 'download');
    expect(problems).toEqual([]);
    expect(story?.title).toBe('Rundgang Test');
    expect(story?.scenes.map((s) => s.title)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
    expect(story?.scenes[0]).toMatchObject({ caption: 'Der Marktplatz.', notes: 'Auf den Brunnen zeigen.' });
    // Both scenes carry a camera captured from the view, and they differ (the camera was turned in between).
    expect(story?.scenes[0]?.camera).not.toEqual(story?.scenes[1]?.camera);

    // A file with one broken scene: the good scene is opened, the fault is named by scene and field.
    const broken = {
      version: 1,
      title: 'Kaputt',
      scenes: [story!.scenes[0], { title: 'Ohne Kamera' }],
    };
    await page.setInputFiles('[data-testid="story-open-input"]', {
      name: 'kaputt.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(broken)),
    });
    await page.waitForSelector('[data-testid="story-notice"]:has-text("kaputt.json")');
    const notice = await page.textContent('[data-testid="story-notice"]');
    expect(notice).toContain('1 von 2 Szenen');
    expect(notice).toContain('Szene 2 „Ohne Kamera“, Feld „camera“');
    expect(await sceneTitles(main)).toEqual(['Markt']);
    // Not JSON at all: the story stays as it was.
    await page.setInputFiles('[data-testid="story-open-input"]', {
      name: 'notiz.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ nicht json'),
    });
    await page.waitForSelector('[data-testid="story-notice"]:has-text("notiz.json")');
    expect(await page.textContent('[data-testid="story-notice"]')).toContain('keine lesbare Geschichte');
    expect(await sceneTitles(main)).toEqual(['Markt']);
    // The saved file opens again completely.
    await page.setInputFiles('[data-testid="story-open-input"]', path);
    await page.waitForSelector('[data-testid="story-notice"]:has-text("2 Szenen")');
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
  });

  it('plays the edited story from a chosen scene, then returns to the editor', async () => {
    const { page } = main;
    await page.locator('[data-testid="story-scenes"] [data-role="play"]').nth(1).click();
    const presentation = page.locator('[data-testid="story-presentation"]');
    await presentation.waitFor({ state: 'attached' });
    expect(await presentation.getAttribute('data-story-index')).toBe('1');
    // The editor steps aside while the story plays; the caption shows the second scene's title as text.
    expect(await page.locator('[data-testid="story-editor"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="story-caption"]')).toContain('Rathaus <b>alt</b>');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="story-editor"]');
    expect(await presentation.count()).toBe(0);
    expect(await sceneTitles(main)).toEqual(['Markt', 'Rathaus <b>alt</b>']);
  });

  it('is a full-width sheet on a 390 px phone with 48 px targets', async () => {
    const { page } = main;
    await page.setViewportSize({ width: 390, height: 844 });
    const box = await page.locator('[data-testid="story-editor"]').boundingBox();
    expect(box?.width).toBe(390);
    for (const selector of ['[data-testid="story-add-scene"]', '[data-role="up"]', '[data-role="title"]']) {
      const target = await page.locator(selector).first().boundingBox();
      expect(target?.height ?? 0, selector).toBeGreaterThanOrEqual(48);
    }
    // as in the player, a phone offers no presenter window
    expect(
      await page.locator('[data-testid="story-editor"] [data-testid="presenter-open"]').isVisible(),
    ).toBe(false);
    writeFileSync(join(ARTIFACTS, 'story-editor-phone.png'), await page.screenshot());
    expect(await axeViolations(page)).toEqual([]);
  });

  it('says so politely when the browser storage is full, and editing goes on', async () => {
    const { page } = main;
    await page.evaluate(`Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    }`);
    await page.locator('[data-testid="story-scenes"] [data-role="title"]').nth(0).fill('Markt (voll)');
    await page.waitForSelector('[data-testid="story-draft-problem"]');
    expect(await page.textContent('[data-testid="story-draft-problem"]')).toContain(
      'Browserspeicher ist voll',
    );
    expect(await sceneTitles(main)).toEqual(['Markt (voll)', 'Rathaus <b>alt</b>']);
    // Escape closes the editor and the focus goes back to its toolbar button; on this phone-wide page that
    // button is folded into the closed header menu, so the menu button takes it.
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid="story-editor"]').count()).toBe(0);
    expect(await page.evaluate("document.activeElement?.classList.contains('menu-button')")).toBe(true);
    expect(main.pageErrors).toEqual([]);
    expect(foreignRequests(main.requests)).toEqual([]);
  });
});
