import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateStory } from '../../core/story/validate.ts';
import { CITIES } from '../config/cities.ts';
import { DEMO_LAYERS } from '../layers/demo-config.ts';
import { isBuildingColourProperty } from '../state/share-state.ts';

const PUBLIC = new URL('../../../public/', import.meta.url).pathname;
const STORIES = join(PUBLIC, 'stories');

describe('the demo stories', () => {
  const files = readdirSync(STORIES).filter((name) => name.endsWith('.json'));

  it('are listed in the demo city config and exist', () => {
    const demo = CITIES.find((city) => city.id === 'wuppertal');
    const urls = demo?.stories?.map((story) => story.url) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(files.map((name) => `stories/${name}`)).toContain(url);
  });

  for (const name of files) {
    it(`${name} is a valid story of six scenes naming only the demo city's layers`, () => {
      const { story, problems } = validateStory(JSON.parse(readFileSync(join(STORIES, name), 'utf8')), name);
      expect(problems).toEqual([]);
      expect(story?.scenes).toHaveLength(6);
      const layerIds = new Set(DEMO_LAYERS.layers.map((layer) => layer.id));
      for (const scene of story?.scenes ?? []) {
        for (const id of Object.keys(scene.layers ?? {}))
          expect(layerIds, `${scene.title}: ${id}`).toContain(id);
        if (typeof scene.colour === 'string') {
          expect(isBuildingColourProperty(scene.colour), scene.colour).toBe(true);
          const layer = /^(class|distance):(.+)$/.exec(scene.colour)?.[2];
          if (layer) expect(layerIds).toContain(layer);
        }
      }
    });
  }

  it('German and English tours show the same scenes', () => {
    const scenesOf = (file: string) =>
      validateStory(JSON.parse(readFileSync(join(STORIES, file), 'utf8')), file).story?.scenes.map(
        ({ title: _title, caption: _caption, ...rest }) => rest,
      );
    expect(scenesOf('demo.en.json')).toEqual(scenesOf('demo.de.json'));
    expect(scenesOf('demo.de.json')).toHaveLength(6);
  });
});
