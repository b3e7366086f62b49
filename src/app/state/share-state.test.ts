import { describe, expect, it } from 'vitest';
import { formatShareUrl, parseShareState, urlParams } from './share-state.ts';
import type { ShareState } from './share-state.ts';
import { describeShareProblem } from './texts.ts';

const BASE = 'http://127.0.0.1:4173/';

const FULL: ShareState = {
  city: 'demo',
  lang: 'en',
  view: { longitude: 7.1501235, latitude: 51.256789, height: 412.35, heading: 33.33, pitch: -35.13, roll: 0 },
  layers: { schools: { visible: false }, 'fibre-routes': { visible: true, opacity: 0.4 } },
  colour: 'class:broadband-coverage',
  selected: 'DEMO_BLDG_0042 ü/&#',
  time: '2026-06-21T18:30:00+02:00',
};

/** Parses an href the way the app reads `window.location`. */
function parseHref(href: string) {
  const url = new URL(href);
  return parseShareState(url.search, url.hash);
}

describe('shareable state in the URL', () => {
  it('round-trips every field through the query string', () => {
    const href = formatShareUrl(BASE, FULL);
    expect(href).toMatch(
      /^http:\/\/127\.0\.0\.1:4173\/\?city=demo&lang=en&view=7\.1501235,51\.256789,412\.35,/,
    );
    expect(href).toContain('&layers=schools:0,fibre-routes:1:40&colour=class:broadband-coverage&');
    expect(href).toContain('time=2026-06-21T18:30:00%2B02:00');
    expect(new URL(href).hash).toBe('');
    expect(parseHref(href)).toEqual({ state: FULL, problems: [] });
  });

  it('round-trips layer and compare ids with colons, commas and percent signs (encoded twice in the link)', () => {
    const state: ShareState = {
      layers: { 'bplan-demo:envelopes': { visible: true }, 'plan,2 %': { visible: false, opacity: 0.5 } },
      compare: { mode: 'tilesets', percent: 40, left: 'a,b', right: '100%:c' },
    };
    const href = formatShareUrl(BASE, state);
    expect(href).toContain('layers=bplan-demo%253Aenvelopes:1,plan%252C2%2520%2525:0:50&');
    expect(parseHref(href)).toEqual({ state, problems: [] });
  });

  it('reads the hash fragment too, and the hash wins over the query', () => {
    const { state } = parseShareState('?city=demo&view=1,2,3,4,5,6', '#view=7,51,400,0,-30,0&lang=en');
    expect(state).toEqual({
      city: 'demo',
      lang: 'en',
      view: { longitude: 7, latitude: 51, height: 400, heading: 0, pitch: -30, roll: 0 },
    });
    expect(urlParams('', '#a=1').get('a')).toBe('1');
  });

  it('keeps unrelated parameters where they were and replaces earlier shared ones in query and hash', () => {
    const href = `${BASE}?renderScale=1&view=1,2,3,4,5,6&layersConfig=http%3A%2F%2F127.0.0.1%3A9%2Fx.json#story=a%20b&lang=de`;
    const next = formatShareUrl(href, { lang: 'en', colour: 'measuredHeight' });
    expect(next).toBe(
      `${BASE}?renderScale=1&layersConfig=http%3A%2F%2F127.0.0.1%3A9%2Fx.json&lang=en&colour=measuredHeight#story=a%20b`,
    );
    expect(formatShareUrl(`${BASE}#map`, {})).toBe(`${BASE}#map`);
    expect(formatShareUrl(`${BASE}?presenter=1&city=demo`, {})).toBe(`${BASE}?presenter=1`);
  });

  it('moves the whole state into the hash when the query would be too long, without a length cap', () => {
    const layers = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`layer-${i}`, { visible: i % 2 === 0 }]),
    );
    const state: ShareState = { ...FULL, layers };
    const href = formatShareUrl(`${BASE}?renderScale=1`, state);
    const url = new URL(href);
    expect(href.length).toBeGreaterThan(4000);
    expect(url.search).toBe('?renderScale=1');
    expect(url.hash).toMatch(/^#city=demo&lang=en&view=/);
    expect(parseHref(href).state).toEqual(state);
    // A smaller limit moves short state too; moving back into the query clears the hash.
    const hashed = formatShareUrl(BASE, { lang: 'en' }, { maxQueryUrlLength: 10 });
    expect(hashed).toBe(`${BASE}#lang=en`);
    expect(formatShareUrl(hashed, { lang: 'de' })).toBe(`${BASE}?lang=de`);
  });

  it('ignores bad values with a problem each, keeping the good ones', () => {
    const { state, problems } = parseShareState(
      '?city=Demo&lang=fr&view=7,51,400,0,-120,0&layers=schools:1,fibre-routes:x&colour=bogus&time=tomorrow&selected=',
      '',
    );
    expect(state).toEqual({ city: 'demo', layers: { schools: { visible: true } } });
    expect(problems).toEqual([
      { param: 'lang', value: 'fr', reason: { kind: 'lang' } },
      {
        param: 'view',
        value: '7,51,400,0,-120,0',
        reason: { kind: 'view', problem: { kind: 'range', field: 'pitch', value: -120, min: -90, max: 90 } },
      },
      { param: 'layers', value: 'schools:1,fibre-routes:x', reason: { kind: 'layers' } },
      { param: 'colour', value: 'bogus', reason: { kind: 'colour' } },
      { param: 'time', value: 'tomorrow', reason: { kind: 'time' } },
    ]);
  });

  it('carries the cut (section plane, hidden area with its name) in the query and reads it back', () => {
    const cut: ShareState = {
      ...FULL,
      section: {
        longitude: 7.2001234,
        latitude: 51.2887,
        height: 115.5,
        headingDegrees: 195,
        tiltDegrees: 0,
        offsetMetres: 10,
        flipped: false,
      },
      clip: {
        ring: [
          [7.2001234, 51.2887],
          [7.2015234, 51.2887],
          [7.2015234, 51.2896],
        ],
        label: 'Testplan: WA',
      },
    };
    const href = formatShareUrl(BASE, cut);
    expect(href).toContain('&section=1:72001234,512887000,11550,195,0,1000,0&clip=1:72001234,');
    expect(href).toContain('~Testplan%253A%2520WA');
    expect(parseHref(href)).toEqual({ state: cut, problems: [] });
  });

  it('names a bad section plane or area as a problem, and the rest of the link still applies', () => {
    const { state, problems } = parseShareState(
      '?lang=en&section=1:72001234,512887000,11550,45,-95,0,0&clip=1:72001234,512887000,14000,0',
      '',
    );
    expect(state).toEqual({ lang: 'en' });
    expect(problems).toEqual([
      {
        param: 'section',
        value: '1:72001234,512887000,11550,45,-95,0,0',
        reason: { kind: 'section', problem: 'range' },
      },
      {
        param: 'clip',
        value: '1:72001234,512887000,14000,0',
        reason: { kind: 'clip', problem: 'tooFewPoints' },
      },
    ]);
    expect(parseShareState('?section=2:1', '').problems[0]?.reason).toEqual({
      kind: 'section',
      problem: 'version',
    });
  });

  it('carries the compare divider (two tilesets, an imported id with a colon) and names a bad value', () => {
    const compare: ShareState = {
      lang: 'de',
      compare: { mode: 'tilesets', percent: 35, left: 'demo-2000', right: 'import:2' },
    };
    const href = formatShareUrl(BASE, compare);
    expect(href).toBe(`${BASE}?lang=de&compare=35:demo-2000,import%253A2`);
    expect(parseHref(href)).toEqual({ state: compare, problems: [] });
    // Links written before the ids were encoded twice still read.
    expect(parseHref(`${BASE}?lang=de&compare=35:demo-2000,import%3A2`)).toEqual({
      state: compare,
      problems: [],
    });
    expect(parseHref(formatShareUrl(BASE, { compare: { mode: 'plan', percent: 50 } })).state).toEqual({
      compare: { mode: 'plan', percent: 50 },
    });
    const { state, problems } = parseShareState('?lang=en&compare=50:demo', '');
    expect(state).toEqual({ lang: 'en' });
    expect(problems).toEqual([
      { param: 'compare', value: '50:demo', reason: { kind: 'compare', problem: 'sides' } },
    ]);
    expect(describeShareProblem(problems[0]!, 'en')).toBe(
      '“compare=50:demo” was ignored: After the divider’s position come a colon and two tileset ids separated by a comma, e.g. compare=50:demo-2000,demo.',
    );
    expect(describeShareProblem(parseShareState('?compare=links', '').problems[0]!, 'de')).toContain(
      'Lage des Schiebers in Prozent',
    );
  });

  it('refuses a view with NaN, the wrong count or text, and a time without zone', () => {
    const problemOf = (query: string) => parseShareState(query, '').problems[0]?.reason;
    expect(problemOf('?view=NaN,51,400,0,-30,0')).toEqual({
      kind: 'view',
      problem: { kind: 'number', field: 'longitude', text: 'NaN' },
    });
    expect(problemOf('?view=7,51')).toEqual({ kind: 'view', problem: { kind: 'count', count: 2 } });
    expect(problemOf('?time=2026-06-21T18:30:00')).toEqual({ kind: 'time' });
    expect(parseShareState('?view=&colour=', '')).toEqual({ state: {}, problems: [] });
  });
});
