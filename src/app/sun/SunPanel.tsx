import { useEffect, useId, useRef, useState } from 'react';
import {
  atMinuteOfDay,
  BERLIN_SUMMER_OFFSET,
  formatBerlinInstant,
  formatLocalDate,
  minuteOfDay,
  nextDayStep,
  onDate,
  parseLocalDate,
  toBerlin,
} from '../../core/sun/berlin-time.ts';
import type { BerlinDateTime } from '../../core/sun/berlin-time.ts';
import { solarPosition } from '../../core/sun/solar-position.ts';
import type { Language } from '../i18n/index.ts';
import { BottomSheet, TOOL_SHEET } from '../panels/BottomSheet.tsx';
import { DEFAULT_SCENE_TIME } from '../viewer/scene-time.ts';
import type { Place } from './sun-light.ts';
import { fill, SUN_TEXTS } from './texts.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';

/** Options of the day animation. */
export interface DayAnimationOptions {
  /** Wall-clock minutes per step. */
  stepMinutes?: number;
  /** Milliseconds between steps. */
  intervalMs?: number;
  /** Minutes per step when the person asked for reduced motion: fewer, larger steps. */
  reducedStepMinutes?: number;
  /** Milliseconds between steps under reduced motion. */
  reducedIntervalMs?: number;
}

/**
 * Two quarter-hour steps a second: the URL is written at most twice a second (Safari refuses more than 100
 * `replaceState` calls in 30 s), and a day takes 48 s. Under reduced motion one hour every two seconds.
 */
export const DAY_ANIMATION_DEFAULTS: Required<DayAnimationOptions> = {
  stepMinutes: 15,
  intervalMs: 500,
  reducedStepMinutes: 60,
  reducedIntervalMs: 2000,
};

const DATE_PRESETS = [
  { month: 3, label: 'march', name: 'marchName' },
  { month: 6, label: 'june', name: 'juneName' },
  { month: 12, label: 'december', name: 'decemberName' },
] as const;
const HOUR_PRESETS = [9, 12, 15, 17] as const;

const pad = (value: number) => String(value).padStart(2, '0');

/** The wall-clock time `HH:MM` of a Berlin date-time. */
export function clockText(local: Pick<BerlinDateTime, 'hour' | 'minute'>): string {
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

/** A Berlin date as people write it: `21.12.2026` in German, `21 Dec 2026` in English. */
export function dateText(local: Pick<BerlinDateTime, 'year' | 'month' | 'day'>, language: Language): string {
  if (language === 'de') return `${local.day}.${local.month}.${local.year}`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${local.day} ${months[local.month - 1] ?? ''} ${local.year}`;
}

/** Degrees to one decimal, with the language's decimal mark. */
export function degreesText(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);
}

/** What the panel shows and announces for an instant over a place: time, zone, sun azimuth and elevation. */
export function describeSun(unixMs: number, place: Place, language: Language) {
  const texts = SUN_TEXTS[language];
  const local = toBerlin(unixMs);
  const sun = solarPosition(unixMs, place.longitude, place.latitude);
  const zone = local.offsetMinutes === BERLIN_SUMMER_OFFSET ? texts.summer : texts.winter;
  const values = {
    date: dateText(local, language),
    time: clockText(local),
    zone,
    azimuth: degreesText(sun.azimuth, language),
    elevation: degreesText(sun.elevation, language),
  };
  const below = sun.elevation < 0;
  return {
    local,
    sun,
    zone,
    position: below ? texts.belowHorizon : fill(texts.position, values),
    announcement: fill(below ? texts.announceBelow : texts.announce, values),
  };
}

function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/**
 * The sun panel: date input, quarter-hour time slider and time input (Berlin local time, MEZ/MESZ), date and hour
 * presets, "animate the day", the shadows switch, and the sun's azimuth and elevation, announced politely. It writes
 * the scene time through `setTime`, the shareable state's one writer.
 */
export function SunPanel({
  time,
  setTime,
  place,
  shadows,
  setShadows,
  onClose,
  language,
  animation = DAY_ANIMATION_DEFAULTS,
  shadowStudy,
}: {
  /** The shared scene time (ISO 8601 with zone); undefined: `DEFAULT_SCENE_TIME`. */
  time: string | undefined;
  setTime: (time: string) => void;
  /** Where the sun is computed for: the city's centre, WGS84 degrees. */
  place: Place;
  shadows: boolean;
  setShadows: (on: boolean) => void;
  onClose: () => void;
  language: Language;
  animation?: Required<DayAnimationOptions>;
  /** Opens the shadow study for the panel's day (the button shows only when given). */
  shadowStudy?: { label: string; title: string; onOpen: () => void };
}) {
  const texts = SUN_TEXTS[language];
  const id = useId();
  const instant = Date.parse(time ?? DEFAULT_SCENE_TIME);
  const shown = describeSun(instant, place, language);
  const [playing, setPlaying] = useState(false);
  const [badDate, setBadDate] = useState<string | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const latest = useRef(instant);
  latest.current = instant;
  const write = (unixMs: number) => setTime(formatBerlinInstant(unixMs));

  useEffect(() => {
    if (!playing) return;
    const reduced = prefersReducedMotion();
    const step = reduced ? animation.reducedStepMinutes : animation.stepMinutes;
    const timer = setInterval(
      () => setTime(formatBerlinInstant(nextDayStep(latest.current, step))),
      reduced ? animation.reducedIntervalMs : animation.intervalMs,
    );
    return () => clearInterval(timer);
  }, [playing, setTime, animation]);

  // Announced once the time rests (not at every animation step), and not on opening.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    setAnnouncement(playing ? texts.playing : shown.announcement);
  }, [playing, shown.announcement, texts.playing]);

  const onDateInput = (value: string) => {
    const date = parseLocalDate(value);
    if (!date) {
      setBadDate(value === '' ? undefined : value);
      return;
    }
    setBadDate(undefined);
    write(onDate(instant, date));
  };
  const onTimeInput = (value: string) => {
    const match = /^(\d{2}):(\d{2})/.exec(value);
    if (match) write(atMinuteOfDay(instant, Number(match[1]) * 60 + Number(match[2])));
  };

  const panel = (
    <section id="sun-panel" className="sun-panel" aria-labelledby={`${id}-title`} data-testid="sun-panel">
      <PanelHeader titleId={`${id}-title`} title={texts.panel} closeLabel={texts.close} onClose={onClose} />
      <div className="sun-fields">
        <label>
          {texts.date}
          <input
            type="date"
            value={formatLocalDate(shown.local)}
            onChange={(event) => onDateInput(event.target.value)}
            aria-invalid={badDate !== undefined}
            aria-describedby={badDate !== undefined ? `${id}-bad-date` : undefined}
            data-testid="sun-date"
          />
        </label>
        <label>
          {texts.time} ({shown.zone})
          <input
            type="time"
            step={900}
            value={clockText(shown.local)}
            onChange={(event) => onTimeInput(event.target.value)}
            data-testid="sun-time"
          />
        </label>
      </div>
      {badDate !== undefined && (
        <p id={`${id}-bad-date`} className="sun-error" role="alert">
          {fill(texts.badDate, { value: badDate })}
        </p>
      )}
      <label className="sun-slider">
        <span>{texts.timeSlider}</span>
        <input
          type="range"
          min={0}
          max={1425}
          step={15}
          value={Math.floor(minuteOfDay(shown.local) / 15) * 15}
          aria-valuetext={`${clockText(shown.local)} ${shown.zone}`}
          onChange={(event) => write(atMinuteOfDay(instant, Number(event.target.value)))}
          data-testid="sun-slider"
        />
      </label>
      <div role="group" aria-label={texts.datePresets} className="sun-presets">
        {DATE_PRESETS.map((preset) => (
          <button
            key={preset.month}
            type="button"
            className="tool-button secondary"
            title={texts[preset.name]}
            aria-pressed={shown.local.month === preset.month && shown.local.day === 21}
            data-sun-date={preset.month}
            onClick={() => write(onDate(instant, { year: shown.local.year, month: preset.month, day: 21 }))}
          >
            {texts[preset.label]}
          </button>
        ))}
      </div>
      <div role="group" aria-label={texts.timePresets} className="sun-presets">
        {HOUR_PRESETS.map((hour) => (
          <button
            key={hour}
            type="button"
            className="tool-button secondary"
            aria-pressed={shown.local.hour === hour && shown.local.minute === 0}
            data-sun-hour={hour}
            onClick={() => write(atMinuteOfDay(instant, hour * 60))}
          >
            {fill(texts.hour, { hour })}
          </button>
        ))}
      </div>
      <div className="sun-actions">
        <button
          type="button"
          className="tool-button"
          aria-pressed={playing}
          onClick={() => setPlaying((on) => !on)}
          data-testid="sun-animate"
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span> {playing ? texts.pause : texts.animate}
        </button>
        <label className="sun-switch">
          <input
            type="checkbox"
            role="switch"
            checked={shadows}
            onChange={(event) => setShadows(event.target.checked)}
            data-testid="sun-shadows"
          />
          {texts.shadows}
        </label>
        {shadowStudy && (
          <button
            type="button"
            className="tool-button secondary"
            title={shadowStudy.title}
            onClick={shadowStudy.onOpen}
            data-testid="shadow-open"
          >
            {shadowStudy.label}
          </button>
        )}
      </div>
      <p
        className="sun-position"
        data-sun-azimuth={shown.sun.azimuth.toFixed(2)}
        data-sun-elevation={shown.sun.elevation.toFixed(2)}
      >
        {shown.position}
      </p>
      <p className="sun-note">
        {texts.zoneName}, {shown.zone}. {texts.source} {texts.shadowsNote}
      </p>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </section>
  );
  return (
    <BottomSheet
      panelName={texts.panel}
      language={language}
      onClose={onClose}
      options={TOOL_SHEET}
      testId="sun-sheet"
    >
      {panel}
    </BottomSheet>
  );
}
