/**
 * Kiosk mode's settings: on with `?kiosk=1` or a city config's `kiosk` entry, idle time from `?idleSeconds=`
 * (else the config, else the default), bounded. Pure functions: no DOM, no React, tested in Node.
 */
import type { KioskConfig, StoryLink } from '../config/types.ts';
import type { Language } from '../i18n/index.ts';

/** How the kiosk behaves; every field has a default in `KIOSK_DEFAULTS`. */
export interface KioskOptions extends KioskConfig {
  /** Seconds the start view is shown after a reset before the attract loop begins (at most the idle time). */
  attractDelaySeconds?: number;
  /** Turning rate of the slow orbit around the home view when the city has no story, degrees per second. */
  orbitDegreesPerSecond?: number;
}

export const KIOSK_DEFAULTS: Required<KioskOptions> = {
  idleSeconds: 120,
  // Empty: the city's first configured story.
  attractStory: '',
  attractDelaySeconds: 10,
  // One turn in two minutes: slow enough to read the city, fast enough to catch the eye.
  orbitDegreesPerSecond: 3,
};

/** Accepted idle time, seconds (inclusive): shorter resets a visitor mid-thought, longer never looks after itself. */
export const IDLE_SECONDS_RANGE: readonly [min: number, max: number] = [5, 3600];

/** URL parameters of the kiosk mode. */
export const KIOSK_PARAM = 'kiosk';
export const IDLE_SECONDS_PARAM = 'idleSeconds';

/** Why a kiosk setting was not taken as given; the app words it in German and English. */
export type KioskProblem =
  | { kind: 'idleNotNumber'; value: string; used: number }
  | { kind: 'idleOutOfRange'; value: string; used: number }
  | { kind: 'unknownStory'; value: string; used: string | undefined };

/** The kiosk's settings for this page, and what of the given ones was not taken. */
export interface KioskSettings {
  on: boolean;
  options: Required<KioskOptions>;
  problems: KioskProblem[];
}

/** `?kiosk=` values that turn the mode on or off (a config's kiosk entry turns it on unless the link says off). */
const ON = new Set(['1', 'true', 'yes', 'ja', '']);
const OFF = new Set(['0', 'false', 'no', 'nein']);

/**
 * Reads the kiosk settings from the page's parameters (`params`: query and hash merged) and the city config's
 * `kiosk` entry. An idle time that is not a number falls back to the config's or the default; one outside
 * `IDLE_SECONDS_RANGE` is clamped to it; both are reported.
 */
export function readKioskSettings(params: URLSearchParams, config: KioskConfig | undefined): KioskSettings {
  const flag = params.get(KIOSK_PARAM)?.trim().toLowerCase();
  const on =
    flag === undefined ? config !== undefined : ON.has(flag) || (!OFF.has(flag) && config !== undefined);
  const problems: KioskProblem[] = [];
  const fallback = clampIdle(config?.idleSeconds ?? KIOSK_DEFAULTS.idleSeconds);
  let idleSeconds = fallback;
  const given = params.get(IDLE_SECONDS_PARAM);
  if (given !== null) {
    // seconds as people write them: digits, maybe a decimal point (not `0x10`, `1e1` or `Infinity`, which
    // Number() would take)
    const text = given.trim();
    const value = /^\d{1,9}(\.\d{1,9})?$/.test(text) ? Number(text) : NaN;
    const [min, max] = IDLE_SECONDS_RANGE;
    if (Number.isNaN(value)) {
      problems.push({ kind: 'idleNotNumber', value: given, used: fallback });
    } else {
      // rounded to whole seconds without a word; out of range is said
      idleSeconds = clampIdle(value);
      if (value < min || value > max)
        problems.push({ kind: 'idleOutOfRange', value: given, used: idleSeconds });
    }
  }
  return {
    on,
    options: {
      ...KIOSK_DEFAULTS,
      idleSeconds,
      // A screen set to reset after a few seconds is meant to come back to life as quickly.
      attractDelaySeconds: Math.min(KIOSK_DEFAULTS.attractDelaySeconds, idleSeconds),
      attractStory: config?.attractStory ?? KIOSK_DEFAULTS.attractStory,
    },
    problems,
  };
}

/** `seconds` within `IDLE_SECONDS_RANGE`, whole seconds. */
function clampIdle(seconds: number): number {
  const [min, max] = IDLE_SECONDS_RANGE;
  return Math.min(max, Math.max(min, Math.round(seconds)));
}

/**
 * The story the kiosk plays while nobody uses it: the one whose id is `attractStory`, or the city's first in
 * `language` (a story link without a language counts as any), else its first. A named story the city does not
 * offer is reported, and that first one is played instead. Undefined when the city has no stories (the kiosk then
 * orbits the home view).
 */
export function attractStoryOf(
  stories: readonly StoryLink[] | undefined,
  attractStory: string,
  language: Language,
): { story: StoryLink | undefined; problem?: KioskProblem } {
  const first = stories?.find((link) => (link.language ?? language) === language) ?? stories?.[0];
  if (attractStory === '') return { story: first };
  const named = stories?.find((link) => link.id === attractStory);
  if (named) return { story: named };
  return { story: first, problem: { kind: 'unknownStory', value: attractStory, used: first?.id } };
}
