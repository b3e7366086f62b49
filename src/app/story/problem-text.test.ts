import { describe, expect, it } from 'vitest';
import { validateStory, parseStory } from '../../core/story/validate.ts';
import { de, en } from '../i18n/messages.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { formatStoryLoadError, formatStoryProblem } from './problem-text.ts';
import type { Translate } from './problem-text.ts';

/** i18next's interpolation, enough for these messages. */
const translator =
  (messages: Record<MessageKey, string>): Translate =>
  (key, values = {}) =>
    messages[key].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

const camera = { longitude: 7, latitude: 51, height: 500, heading: 0, pitch: -30, roll: 0 };

describe('formatStoryProblem', () => {
  it('names the scene by number and title, the field, what was expected and what was found', () => {
    const { problems } = validateStory(
      {
        version: 1,
        title: 'T',
        scenes: [{ title: 'Rathaus', camera: { ...camera, pitch: 120 } }, { camera }],
      },
      'tour.json',
    );
    const [pitch, title] = problems;
    if (!pitch || !title) throw new Error('expected two problems');
    expect(formatStoryProblem(pitch, translator(de), 'de')).toBe(
      'Szene 1 „Rathaus“, Feld „camera.pitch“: erwartet eine Zahl von -90 bis 90, gefunden 120.',
    );
    expect(formatStoryProblem(pitch, translator(en), 'en')).toBe(
      'Scene 1 “Rathaus”, field “camera.pitch”: expected a number from -90 to 90, found 120.',
    );
    expect(formatStoryProblem(title, translator(en), 'en')).toBe(
      'Scene 2, field “title”: expected a non-empty text, found nothing (the field is missing).',
    );
  });

  it('words faults of a scene’s measurements, section plane and hidden area', () => {
    const point = { longitude: 7, latitude: 51, height: 100 };
    const { problems } = validateStory(
      {
        version: 1,
        title: 'T',
        scenes: [
          {
            title: 'Schnitt',
            camera,
            measurements: [{ kind: 'angle', points: [point] }],
            section: 'off',
            clip: {
              ring: [
                [7, 51],
                [7.001, 51],
                [7.002, 51],
              ],
            },
          },
        ],
      },
      'cut.json',
    );
    expect(problems.map((p) => formatStoryProblem(p, translator(en), 'en'))).toEqual([
      'Scene 1 “Schnitt”, field “measurements[0].kind”: expected one of: distance, height, area, found "angle".',
      'Scene 1 “Schnitt”, field “measurements[0].points”: expected a list of 2 to 50 entries, found [… 1].',
      'Scene 1 “Schnitt”, field “section”: expected an object {…} or null, found "off".',
      'Scene 1 “Schnitt”, field “clip.ring”: expected a ring that encloses an area (not all points on a line), found [… 3].',
    ]);
    expect(formatStoryProblem(problems[2]!, translator(de), 'de')).toBe(
      'Szene 1 „Schnitt“, Feld „section“: erwartet ein Objekt {…} oder null, gefunden "off".',
    );
  });

  it('words version, whole-file and JSON faults', () => {
    const [version] = validateStory({ version: 2, scenes: [] }, 'v.json').problems;
    const [whole] = validateStory([], 'a.json').problems;
    const [json] = parseStory('{', 'b.json').problems;
    if (!version || !whole || !json) throw new Error('expected problems');
    expect(formatStoryProblem(version, translator(de), 'de')).toBe(
      'Feld „version“ der Geschichte: erwartet die Version 1 (dieser Viewer liest Geschichten der Version 1), gefunden 2.',
    );
    expect(formatStoryProblem(whole, translator(en), 'en')).toBe(
      'The file: expected an object {…}, found [… 0].',
    );
    expect(formatStoryProblem(json, translator(en), 'en')).toMatch(/^The file is not readable JSON: ./);
  });
});

describe('formatStoryLoadError', () => {
  it('refuses other origins politely', () => {
    expect(formatStoryLoadError({ kind: 'origin', url: 'https://x.example/s.json' }, translator(en))).toBe(
      'The story “https://x.example/s.json” is not on this server and is not loaded. Only stories from the same server can be opened.',
    );
    expect(formatStoryLoadError({ kind: 'http', url: 's.json', status: 404 }, translator(de))).toBe(
      'Die Geschichte „s.json“ konnte nicht geladen werden (HTTP 404).',
    );
  });
});
