import { describe, expect, it } from 'vitest';
import { attractStoryOf, IDLE_SECONDS_RANGE, KIOSK_DEFAULTS, readKioskSettings } from './options.ts';

const params = (query: string) => new URLSearchParams(query);
const STORIES = [
  { id: 'tour-de', title: { de: 'Rundgang', en: 'Tour' }, url: 'stories/a.json', language: 'de' as const },
  {
    id: 'tour-en',
    title: { de: 'Rundgang (en)', en: 'Tour (en)' },
    url: 'stories/b.json',
    language: 'en' as const,
  },
];

describe('readKioskSettings', () => {
  it('is off without ?kiosk= and without a config entry, on with ?kiosk=1 or a config entry', () => {
    expect(readKioskSettings(params(''), undefined).on).toBe(false);
    expect(readKioskSettings(params('kiosk=1'), undefined).on).toBe(true);
    expect(readKioskSettings(params(''), {}).on).toBe(true);
    expect(readKioskSettings(params('kiosk=0'), {}).on).toBe(false); // the link may switch a kiosk city off
  });

  it('takes the idle time from the link, else the config, else the default', () => {
    expect(readKioskSettings(params('kiosk=1'), undefined).options.idleSeconds).toBe(
      KIOSK_DEFAULTS.idleSeconds,
    );
    expect(readKioskSettings(params('kiosk=1'), { idleSeconds: 300 }).options.idleSeconds).toBe(300);
    const settings = readKioskSettings(params('kiosk=1&idleSeconds=45'), { idleSeconds: 300 });
    expect(settings.options.idleSeconds).toBe(45);
    expect(settings.problems).toEqual([]);
  });

  it('shows the start view after a reset for 10 s before the attract loop, or for the idle time when shorter', () => {
    expect(readKioskSettings(params('kiosk=1'), undefined).options.attractDelaySeconds).toBe(10);
    expect(readKioskSettings(params('kiosk=1&idleSeconds=45'), undefined).options.attractDelaySeconds).toBe(
      10,
    );
    expect(readKioskSettings(params('kiosk=1&idleSeconds=6'), undefined).options.attractDelaySeconds).toBe(6);
    expect(readKioskSettings(params('kiosk=1&idleSeconds=2'), undefined).options.attractDelaySeconds).toBe(5);
  });

  it('clamps an idle time outside 5..3600 s and reports it; a non-number falls back and is reported', () => {
    const short = readKioskSettings(params('kiosk=1&idleSeconds=4'), undefined);
    expect(short.options.idleSeconds).toBe(IDLE_SECONDS_RANGE[0]);
    expect(short.problems).toEqual([{ kind: 'idleOutOfRange', value: '4', used: 5 }]);
    const long = readKioskSettings(params('kiosk=1&idleSeconds=86400'), undefined);
    expect(long.options.idleSeconds).toBe(3600);
    for (const odd of ['0x10', '1e1', '0b111', 'Infinity', '-30', '1 0'])
      expect(
        readKioskSettings(params(`kiosk=1&idleSeconds=${encodeURIComponent(odd)}`), undefined).problems,
        odd,
      ).toEqual([{ kind: 'idleNotNumber', value: odd, used: KIOSK_DEFAULTS.idleSeconds }]);
    // a decimal is rounded to whole seconds without a notice; out of range is still said
    const decimal = readKioskSettings(params('kiosk=1&idleSeconds=45.4'), undefined);
    expect([decimal.options.idleSeconds, decimal.problems]).toEqual([45, []]);
    expect(readKioskSettings(params('kiosk=1&idleSeconds=4.9'), undefined).problems).toEqual([
      { kind: 'idleOutOfRange', value: '4.9', used: 5 },
    ]);
    const text = readKioskSettings(params('kiosk=1&idleSeconds=zwei'), { idleSeconds: 60 });
    expect(text.options.idleSeconds).toBe(60);
    expect(text.problems).toEqual([{ kind: 'idleNotNumber', value: 'zwei', used: 60 }]);
  });
});

describe('attractStoryOf', () => {
  it('plays the named story, else the first in the page language, and reports a name the city does not offer', () => {
    expect(attractStoryOf(STORIES, '', 'de').story?.id).toBe('tour-de');
    expect(attractStoryOf(STORIES, '', 'en').story?.id).toBe('tour-en');
    expect(attractStoryOf(STORIES, 'tour-en', 'de').story?.id).toBe('tour-en');
    const unknown = attractStoryOf(STORIES, 'tour-fr', 'en');
    expect(unknown.story?.id).toBe('tour-en');
    expect(unknown.problem).toEqual({ kind: 'unknownStory', value: 'tour-fr', used: 'tour-en' });
    expect(attractStoryOf(undefined, '', 'de').story).toBeUndefined(); // no stories: the orbit
  });

  it('takes a story without a language for any page, and the first story where none is in the language', () => {
    const plain = STORIES.map(({ language: _language, ...link }) => link);
    expect(attractStoryOf(plain, '', 'en').story?.id).toBe('tour-de');
    expect(attractStoryOf([STORIES[0]!], '', 'en').story?.id).toBe('tour-de');
  });
});
