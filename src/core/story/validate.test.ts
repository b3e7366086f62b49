import { describe, expect, it } from 'vitest';
import { sketchesToGeoJson } from '../sketch/geojson.ts';
import { SAMPLE } from '../sketch/sample.test-data.ts';
import { describeFound, isInstant, isStoryHead, parseStory, validateStory } from './validate.ts';
import type { StoryProblem } from './validate.ts';

const camera = { longitude: 7.2, latitude: 51.29, height: 600, heading: 200, pitch: -35, roll: 0 };
const scene = (extra: Record<string, unknown> = {}) => ({
  title: 'Rathaus',
  caption: 'Text',
  camera,
  ...extra,
});
const story = (scenes: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  title: 'Demo',
  scenes,
  ...extra,
});

/** The problems of a story whose only scene is `value`, as [field, expected kind, found]. */
function sceneProblems(value: unknown): [string, string, string | undefined][] {
  const { story: result, problems } = validateStory(story([scene({ title: 'Gut' }), value]), 'test.json');
  expect(result?.scenes.map((s) => s.title)).toEqual(['Gut']); // the good scene survives
  for (const problem of problems) expect(problem.sceneIndex).toBe(1);
  return problems.map((p) => [p.field, p.expected.kind, p.found]);
}

describe('validateStory', () => {
  it('accepts a valid story and keeps every field, unknown ones too', () => {
    const input = story(
      [
        scene({
          notes: 'Sprechernotiz',
          layers: { schools: { visible: true, opacity: 0.5 }, plan: { visible: false } },
          colour: 'class:broadband-coverage',
          selected: 'DEMO_BLDG_000001',
          time: '2026-06-21T18:30:00+02:00',
          dwellSeconds: 12,
          'x-vendor': { keep: [1, 2] },
        }),
        scene({ title: 'Zweite', colour: null, selected: null, caption: '' }),
      ],
      { description: 'Beschreibung', extension: 'kept' },
    );
    const { story: result, problems, sceneCount } = validateStory(input, 'demo.json');
    expect(problems).toEqual([]);
    expect(sceneCount).toBe(2);
    expect(result).toEqual(input);
    expect(result?.scenes[0]?.['x-vendor']).toEqual({ keep: [1, 2] });
  });

  it('copies, so changing the result leaves the input alone', () => {
    const input = story([scene({ layers: { a: { visible: true } } })]);
    const result = validateStory(input, 's').story;
    if (!result?.scenes[0]?.layers?.a) throw new Error('no layer state');
    result.scenes[0].camera.height = 1;
    result.scenes[0].layers.a.visible = false;
    expect(input.scenes[0]).toEqual(scene({ layers: { a: { visible: true } } }));
  });

  it('accepts an empty scene list (a new story) without a problem', () => {
    expect(validateStory(story([]), 's')).toEqual({ story: story([]), problems: [], sceneCount: 0 });
  });

  it('refuses what is not a story object', () => {
    for (const value of [null, 3, 'story', [story([])]]) {
      const result = validateStory(value, 'x.json');
      expect(result.story).toBeUndefined();
      expect(result.problems).toEqual([
        { source: 'x.json', field: '', expected: { kind: 'object' }, found: describeFound(value) },
      ]);
    }
  });

  it('refuses another version with a clear problem', () => {
    for (const version of [2, '1', undefined, 0]) {
      const result = validateStory({ version, title: 'T', scenes: [scene()] }, 'v.json');
      expect(result.story).toBeUndefined();
      expect(result.problems).toEqual([
        {
          source: 'v.json',
          field: 'version',
          expected: { kind: 'version', supported: 1 },
          found: describeFound(version),
        },
      ]);
      expect(result.sceneCount).toBe(1);
    }
  });

  it('refuses a missing or wrong scene list', () => {
    for (const scenes of [undefined, {}, 'scenes']) {
      const result = validateStory({ version: 1, title: 'T', scenes }, 's');
      expect(result.story).toBeUndefined();
      expect(result.problems.map((p) => [p.field, p.expected.kind])).toEqual([['scenes', 'array']]);
    }
  });

  it('reports a missing story title and uses the source instead; a wrong description is dropped', () => {
    const result = validateStory({ version: 1, scenes: [scene()], description: 5 }, 'stories/x.json');
    expect(result.story?.title).toBe('stories/x.json');
    expect(result.story?.description).toBeUndefined();
    expect(result.story?.scenes).toHaveLength(1);
    expect(result.problems.map((p) => [p.sceneIndex, p.field, p.expected.kind])).toEqual([
      [undefined, 'title', 'text'],
      [undefined, 'description', 'string'],
    ]);
  });

  it('drops a scene that is not an object', () => {
    expect(sceneProblems('scene')).toEqual([['', 'object', '"scene"']]);
    expect(sceneProblems(null)).toEqual([['', 'object', 'null']]);
    expect(sceneProblems([1])).toEqual([['', 'object', '[… 1]']]);
  });

  it('drops a scene without a title or with a title that is not text', () => {
    expect(sceneProblems({ camera })).toEqual([['title', 'text', undefined]]);
    expect(sceneProblems({ title: '  ', camera })).toEqual([['title', 'text', describeFound('  ')]]);
    expect(sceneProblems({ title: 42, camera })).toEqual([['title', 'text', '42']]);
  });

  it('drops a scene whose caption or notes are not text', () => {
    expect(sceneProblems(scene({ caption: ['a'] }))).toEqual([['caption', 'string', '[… 1]']]);
    expect(sceneProblems(scene({ notes: { de: 'x' } }))).toEqual([['notes', 'string', '{…}']]);
  });

  it('drops a scene without a camera or with a camera field missing, not a number or out of range', () => {
    expect(sceneProblems({ title: 'T' })).toEqual([['camera', 'object', undefined]]);
    const { roll: _roll, ...noRoll } = camera;
    expect(sceneProblems(scene({ camera: noRoll }))).toEqual([['camera.roll', 'number', undefined]]);
    expect(sceneProblems(scene({ camera: { ...camera, latitude: '51.2' } }))).toEqual([
      ['camera.latitude', 'number', '"51.2"'],
    ]);
    const cases: [string, number][] = [
      ['longitude', 181],
      ['latitude', -90.5],
      ['height', 2e7],
      ['heading', 361],
      ['heading', -1],
      ['pitch', 91],
      ['roll', -181],
    ];
    for (const [field, value] of cases) {
      expect(sceneProblems(scene({ camera: { ...camera, [field]: value } })), field).toEqual([
        [`camera.${field}`, 'number', String(value)],
      ]);
    }
    const [problem] = validateStory(story([scene({ camera: { ...camera, pitch: 91 } })]), 's').problems;
    expect(problem?.expected).toEqual({ kind: 'number', min: -90, max: 90 });
  });

  it('drops a scene with non-finite camera numbers (NaN from a hand-built object)', () => {
    expect(sceneProblems(scene({ camera: { ...camera, height: Number.NaN } }))).toEqual([
      ['camera.height', 'number', 'NaN'],
    ]);
  });

  it('drops a scene with bad layer states', () => {
    expect(sceneProblems(scene({ layers: [] }))).toEqual([['layers', 'object', '[… 0]']]);
    expect(sceneProblems(scene({ layers: { schools: true } }))).toEqual([
      ['layers.schools', 'object', 'true'],
    ]);
    expect(sceneProblems(scene({ layers: { schools: { visible: 'yes' } } }))).toEqual([
      ['layers.schools.visible', 'boolean', '"yes"'],
    ]);
    expect(sceneProblems(scene({ layers: { schools: { visible: true, opacity: 1.5 } } }))).toEqual([
      ['layers.schools.opacity', 'number', '1.5'],
    ]);
  });

  it('drops a scene whose colouring or selection is neither text nor null', () => {
    expect(sceneProblems(scene({ colour: 3 }))).toEqual([['colour', 'string-or-null', '3']]);
    expect(sceneProblems(scene({ selected: false }))).toEqual([['selected', 'string-or-null', 'false']]);
  });

  it('drops a scene whose time is not an instant with zone', () => {
    for (const time of ['2026-06-21T18:30:00', '2026-06-21', '2026-13-40T10:00Z', 'evening', 1750000000]) {
      expect(sceneProblems(scene({ time })), String(time)).toEqual([
        ['time', 'instant', describeFound(time)],
      ]);
    }
  });

  it('drops a scene with a dwell time out of range', () => {
    for (const dwellSeconds of [0, -5, 3601, '10']) {
      expect(sceneProblems(scene({ dwellSeconds }))).toEqual([
        ['dwellSeconds', 'number', describeFound(dwellSeconds)],
      ]);
    }
  });

  it('keeps the sketches of a scene as sketch GeoJSON and drops a scene whose sketches have a fault', () => {
    const sketches = sketchesToGeoJson(SAMPLE);
    const { story: result, problems } = validateStory(story([scene({ sketches })]), 'test.json');
    expect(problems).toEqual([]);
    expect(result?.scenes[0]?.sketches).toEqual(sketches);
    expect(result?.scenes[0]?.sketches).not.toBe(sketches);
    const broken = JSON.parse(JSON.stringify(sketches)) as {
      features: { properties: Record<string, unknown> }[];
    };
    broken.features[1]!.properties.width = 'huge';
    expect(sceneProblems(scene({ sketches: broken }))).toEqual([
      ['sketches.features[1].properties.width', 'sketch', '"huge"'],
    ]);
    expect(sceneProblems(scene({ sketches: [] }))).toEqual([['sketches', 'sketch', '[… 0]']]);
  });

  it('keeps the measurements, section plane and hidden area of a scene, with defaults filled in', () => {
    const measurements = [
      {
        kind: 'distance',
        points: [
          { longitude: 7.2, latitude: 51.29, height: 120 },
          { longitude: 7.201, latitude: 51.29, height: 121.5 },
        ],
      },
      {
        kind: 'height',
        points: [
          { longitude: 7.2, latitude: 51.29, height: 150 },
          { longitude: 7.2, latitude: 51.29, height: 110 },
        ],
      },
    ];
    const section = { longitude: 7.2, latitude: 51.29, height: 110, headingDegrees: -90 };
    // Clockwise, closed: kept counter-clockwise and open.
    const ring = [
      [7.2, 51.29],
      [7.2, 51.291],
      [7.201, 51.291],
      [7.201, 51.29],
      [7.2, 51.29],
    ];
    const { story: result, problems } = validateStory(
      story([
        scene({ measurements, section, clip: { ring, label: 'Plan: WA' } }),
        scene({ section: null, clip: null }),
      ]),
      'test.json',
    );
    expect(problems).toEqual([]);
    const [first, second] = result?.scenes ?? [];
    expect(first?.measurements).toEqual(measurements);
    expect(first?.measurements).not.toBe(measurements);
    expect(first?.section).toEqual({
      ...section,
      headingDegrees: 270,
      tiltDegrees: 0,
      offsetMetres: 0,
      flipped: false,
    });
    expect(first?.clip).toEqual({
      ring: [
        [7.201, 51.29],
        [7.201, 51.291],
        [7.2, 51.291],
        [7.2, 51.29],
      ],
      label: 'Plan: WA',
    });
    expect(second?.section).toBeNull();
    expect(second?.clip).toBeNull();
  });

  it('drops a scene with bad measurements, section plane or area, naming each field', () => {
    const point = { longitude: 7.2, latitude: 51.29, height: 120 };
    expect(sceneProblems(scene({ measurements: { kind: 'distance' } }))).toEqual([
      ['measurements', 'array', '{…}'],
    ]);
    expect(
      sceneProblems(
        scene({
          measurements: [
            { kind: 'angle', points: [point, point] },
            { kind: 'height', points: [point, point, point] },
            { kind: 'area', points: [point, { ...point, latitude: 95 }] },
            'd:7,51,0',
          ],
        }),
      ),
    ).toEqual([
      ['measurements[0].kind', 'one-of', '"angle"'],
      ['measurements[1].points', 'count', '[… 3]'],
      ['measurements[2].points', 'count', '[… 2]'],
      ['measurements[2].points[1].latitude', 'number', '95'],
      ['measurements[3]', 'object', '"d:7,51,0"'],
    ]);
    expect(sceneProblems(scene({ section: 'north' }))).toEqual([['section', 'object-or-null', '"north"']]);
    expect(sceneProblems(scene({ section: { ...point, tiltDegrees: 120, flipped: 'yes' } }))).toEqual([
      ['section.tiltDegrees', 'number', '120'],
      ['section.flipped', 'boolean', '"yes"'],
    ]);
    expect(sceneProblems(scene({ section: { latitude: 51.29, height: 1 } }))).toEqual([
      ['section.longitude', 'number', undefined],
    ]);
    expect(sceneProblems(scene({ clip: { ring: [[7.2, 51.29], [7.3], [7.2, 'x']], label: 5 } }))).toEqual([
      ['clip.label', 'string', '5'],
      ['clip.ring[1]', 'position', '[… 1]'],
      ['clip.ring[2][1]', 'number', '"x"'],
    ]);
    const line = [
      [7.2, 51.29],
      [7.201, 51.29],
      [7.202, 51.29],
    ];
    expect(sceneProblems(scene({ clip: { ring: line } }))).toEqual([['clip.ring', 'clip-area', '[… 3]']]);
    const problem = validateStory(story([scene({ clip: { ring: line } })]), 'test.json').problems[0];
    expect(problem?.expected).toEqual({ kind: 'clip-area', problem: 'noArea' });
  });

  it('lists every fault of a scene, names the scene by index and title, and keeps the other scenes', () => {
    const input = story([
      scene({ title: 'Eins' }),
      { title: 'Zwei', camera: { ...camera, pitch: 'down' }, dwellSeconds: 0 },
      scene({ title: 'Drei' }),
    ]);
    const { story: result, problems } = validateStory(input, 'three.json');
    expect(result?.scenes.map((s) => s.title)).toEqual(['Eins', 'Drei']);
    expect(problems).toEqual<StoryProblem[]>([
      {
        source: 'three.json',
        sceneIndex: 1,
        sceneTitle: 'Zwei',
        field: 'camera.pitch',
        expected: { kind: 'number', min: -90, max: 90 },
        found: '"down"',
      },
      {
        source: 'three.json',
        sceneIndex: 1,
        sceneTitle: 'Zwei',
        field: 'dwellSeconds',
        expected: { kind: 'number', min: 0.5, max: 3600 },
        found: '0',
      },
    ]);
  });
});

describe('parseStory', () => {
  it('parses and validates JSON text', () => {
    const text = JSON.stringify(story([scene()]));
    expect(parseStory(text, 'a.json')).toEqual(validateStory(JSON.parse(text), 'a.json'));
  });

  it('reports a JSON syntax error as one problem with the parser message', () => {
    const result = parseStory('{"version": 1,', 'broken.json');
    expect(result.story).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      source: 'broken.json',
      field: '',
      expected: { kind: 'json' },
    });
    expect(result.problems[0]?.found).toMatch(/JSON|Unexpected|position/i);
  });
});

describe('describeFound and isInstant', () => {
  it('shortens long values to one line', () => {
    const found = describeFound('a\nb'.repeat(40));
    expect(found).not.toContain('\n');
    expect(found?.length).toBe(40);
    expect(found?.endsWith('…')).toBe(true);
  });

  it('knows instants with zone', () => {
    expect(isInstant('2026-06-21T18:30:00+02:00')).toBe(true);
    expect(isInstant('2026-06-21T16:30Z')).toBe(true);
    expect(isInstant('2026-06-21T16:30:00.250Z')).toBe(true);
    expect(isInstant('2026-06-21 16:30Z')).toBe(false);
    // days a month has, leap years, and no rolling over to the next day or month
    expect(isInstant('2028-02-29T12:00Z')).toBe(true);
    for (const impossible of [
      '2026-02-29T12:00Z',
      '2026-02-30T00:00:00Z',
      '2026-04-31T12:00+02:00',
      '2026-06-00T12:00Z',
      '2026-13-01T12:00Z',
      '2026-06-21T24:00Z',
      '2026-06-21T12:60Z',
      '2026-06-21T12:00:60Z',
    ])
      expect(isInstant(impossible), impossible).toBe(false);
  });
});

describe('isStoryHead', () => {
  it('tells story files from GeoJSON by their start', () => {
    expect(isStoryHead('{"version": 1, "title": "T", "scenes": [')).toBe(true);
    expect(isStoryHead('\n  {\n "title": "T",\n "scenes": []}')).toBe(true);
    expect(isStoryHead('{"version": 2, "title": "from the future"')).toBe(true); // refused later, with a message
    expect(isStoryHead('{"type": "FeatureCollection", "features": [{"properties": {"scenes": 3}}]}')).toBe(
      false,
    );
    expect(isStoryHead('{"type":"Feature","geometry":{"type":"Point","coordinates":[7,51]}}')).toBe(false);
    expect(isStoryHead('{"version": 1, "type": "FeatureCollection"')).toBe(false);
    expect(isStoryHead('[1, 2]')).toBe(false);
    expect(isStoryHead('name,lon,lat')).toBe(false);
  });
});
