import { describe, expect, it } from 'vitest';
import { isStoryFile, loadStoryFromFile, resolveStoryUrl, splitStoryFiles } from './load-story.ts';

const BASE = 'http://127.0.0.1:4173/viewer/?city=wuppertal';
const STORY = JSON.stringify({
  version: 1,
  title: 'T',
  scenes: [
    { title: 'A', camera: { longitude: 7, latitude: 51, height: 500, heading: 0, pitch: -30, roll: 0 } },
  ],
});

describe('resolveStoryUrl', () => {
  it('resolves relative paths and same-origin URLs', () => {
    expect(resolveStoryUrl('stories/demo.de.json', BASE)).toEqual({
      url: 'http://127.0.0.1:4173/viewer/stories/demo.de.json',
    });
    expect(resolveStoryUrl('/s.json', BASE).url).toBe('http://127.0.0.1:4173/s.json');
    expect(resolveStoryUrl('http://127.0.0.1:4173/x/s.json', BASE).url).toBe(
      'http://127.0.0.1:4173/x/s.json',
    );
  });

  it('refuses other origins and schemes without a URL to request', () => {
    for (const reference of [
      'https://evil.example/s.json',
      '//evil.example/s.json',
      'http://127.0.0.1:9999/s.json',
      'http://localhost:4173/s.json',
      'data:application/json,{}',
      'javascript:alert(1)',
    ]) {
      expect(resolveStoryUrl(reference, BASE), reference).toEqual({
        error: { kind: 'origin', url: reference },
      });
    }
  });
});

describe('story files', () => {
  it('tells story JSON from GeoJSON and other files', async () => {
    const story = new File([STORY], 'tour.json');
    const geojson = new File(['{"type":"FeatureCollection","features":[]}'], 'schools.json');
    const csv = new File(['lon,lat\n7,51'], 'points.csv');
    const named = new File([STORY], 'tour.txt');
    expect(await isStoryFile(story)).toBe(true);
    expect(await isStoryFile(geojson)).toBe(false);
    expect(await isStoryFile(named)).toBe(false);
    const split = await splitStoryFiles([csv, story, geojson]);
    expect(split.stories.map((f) => f.name)).toEqual(['tour.json']);
    expect(split.others.map((f) => f.name)).toEqual(['points.csv', 'schools.json']);
  });

  it('validates a story file, naming it in problems', async () => {
    const loaded = await loadStoryFromFile(new File(['{"version": 3, "scenes": []}'], 'future.json'));
    expect(loaded.story).toBeUndefined();
    expect(loaded.problems[0]).toMatchObject({ source: 'future.json', field: 'version' });
    const good = await loadStoryFromFile(new File([STORY], 'tour.json'));
    expect(good.story?.scenes).toHaveLength(1);
    expect(good.source).toBe('tour.json');
  });
});
