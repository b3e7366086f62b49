/** UI texts of the shareable state (kept beside its components; German first). */
import type { CameraView } from '../../core/view/camera-view.ts';
import type { Language } from '../i18n/index.ts';
import type { CutUrlProblem } from '../../core/cut/url.ts';
import type { ShareProblem } from './share-state.ts';

export const SHARE_TEXTS = {
  de: {
    problemsTitle: 'Einige Angaben im Link wurden nicht übernommen:',
    dismiss: 'Hinweis schließen',
    ignored: '„{param}={value}“ wurde ignoriert: {reason}',
    viewCount:
      'Die Ansicht braucht sechs durch Kommas getrennte Zahlen (Länge, Breite, Höhe, Richtung, Neigung, Rollwinkel), nicht {count}.',
    viewNumber: '{field} „{text}“ ist keine Zahl.',
    viewRange: '{field} {value} liegt nicht zwischen {min} und {max}.',
    lang: 'Die Sprache ist „de“ oder „en“.',
    layers: 'Einige Ebenen-Einträge sind nicht „id:0|1[:Deckkraft 0..100]“; die übrigen gelten.',
    colour: 'Danach lassen sich die Gebäude nicht einfärben.',
    time: 'Die Zeit ist ein ISO-8601-Zeitpunkt mit Zone, z. B. 2026-06-21T18:30:00+02:00.',
    measure:
      'Einige Messungen sind nicht „d|h|a:Länge,Breite,Höhe,…“ mit genug Punkten; die übrigen werden gezeigt.',
    sketch:
      'Einige Skizzen haben keine bekannte Art, Farbe oder Strichstärke oder unvollständige Koordinaten; die übrigen werden gezeigt.',
    section: 'Die Schnittebene wurde nicht gesetzt: {problem}',
    clip: 'Der ausgeblendete Bereich wurde nicht gesetzt: {problem}',
    comparePercent:
      'Der Vergleich beginnt mit der Lage des Schiebers in Prozent (0 bis 100), z. B. compare=50.',
    compareSides:
      'Nach der Lage des Schiebers folgen ein Doppelpunkt und zwei Kachelsatz-Kennungen mit Komma, z. B. compare=50:demo-2000,demo.',
    cutVersion: 'Der Link stammt aus einer anderen Version des Viewers (erwartet „1:“ am Anfang).',
    cutSectionFormat:
      'Erwartet werden „1:“ und sieben Zahlen: Länge und Breite in 1e-7 Grad, Höhe in cm, Richtung und Neigung in Grad, Abstand in cm, gespiegelt 0 oder 1.',
    cutClipFormat:
      'Erwartet werden „1:“ und ganze Zahlenpaare (Länge, Breite in 1e-7 Grad, ab dem zweiten Punkt als Differenz), danach optional „~Name“.',
    cutRange:
      'Eine Angabe liegt außerhalb ihres Bereichs (Länge ±180°, Breite ±90°, Neigung ±90°, Richtung 0–360°).',
    cutTooFewPoints: 'Der Bereich hat weniger als drei verschiedene Punkte.',
    cutNoArea: 'Die Punkte des Bereichs liegen auf einer Linie und umschließen keine Fläche.',
    cutTooManyPoints: 'Der Bereich hat mehr Punkte, als ein Link tragen soll.',
    longitude: 'Die Länge',
    latitude: 'Die Breite',
    height: 'Die Höhe (m)',
    heading: 'Die Richtung (°)',
    pitch: 'Die Neigung (°)',
    roll: 'Der Rollwinkel (°)',
  },
  en: {
    problemsTitle: 'Some settings in the link were not applied:',
    dismiss: 'Dismiss notice',
    ignored: '“{param}={value}” was ignored: {reason}',
    viewCount:
      'The view needs six comma-separated numbers (longitude, latitude, height, heading, pitch, roll), not {count}.',
    viewNumber: '{field} “{text}” is not a number.',
    viewRange: '{field} {value} is not between {min} and {max}.',
    lang: 'The language is “de” or “en”.',
    layers: 'Some layer entries are not “id:0|1[:opacity 0..100]”; the others apply.',
    colour: 'The buildings cannot be coloured by that.',
    time: 'The time is an ISO 8601 instant with zone, e.g. 2026-06-21T18:30:00+02:00.',
    measure: 'Some measurements are not “d|h|a:lon,lat,height,…” with enough points; the others are shown.',
    sketch:
      'Some sketches have an unknown kind, colour or width or incomplete coordinates; the others are shown.',
    section: 'The section plane was not set: {problem}',
    clip: 'The hidden area was not set: {problem}',
    comparePercent:
      'The comparison starts with the divider’s position in percent (0 to 100), e.g. compare=50.',
    compareSides:
      'After the divider’s position come a colon and two tileset ids separated by a comma, e.g. compare=50:demo-2000,demo.',
    cutVersion: 'The link comes from another version of the viewer (expected “1:” at the start).',
    cutSectionFormat:
      'Expected “1:” and seven numbers: longitude and latitude in 1e-7 degrees, height in cm, heading and tilt in degrees, offset in cm, flipped 0 or 1.',
    cutClipFormat:
      'Expected “1:” and pairs of whole numbers (longitude, latitude in 1e-7 degrees, from the second point on as differences), then optionally “~name”.',
    cutRange: 'A value is out of its range (longitude ±180°, latitude ±90°, tilt ±90°, heading 0–360°).',
    cutTooFewPoints: 'The area has fewer than three distinct points.',
    cutNoArea: 'The points of the area lie on a line and enclose nothing.',
    cutTooManyPoints: 'The area has more points than a link should carry.',
    longitude: 'The longitude',
    latitude: 'The latitude',
    height: 'The height (m)',
    heading: 'The heading (°)',
    pitch: 'The pitch (°)',
    roll: 'The roll (°)',
  },
} as const satisfies Record<Language, Record<string, string>>;

type TextKey = keyof (typeof SHARE_TEXTS)['de'];

/** Longest value quoted in a problem; a longer one is cut with '…' (a link can carry anything). */
const QUOTE_LENGTH = 60;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => String(values[name] ?? match));
}

const CUT_PROBLEM_TEXTS: Record<Exclude<CutUrlProblem, 'format'>, TextKey> = {
  version: 'cutVersion',
  range: 'cutRange',
  tooFewPoints: 'cutTooFewPoints',
  noArea: 'cutNoArea',
  tooManyPoints: 'cutTooManyPoints',
};

const fieldName = (field: keyof CameraView, language: Language) => SHARE_TEXTS[language][field as TextKey];

/** One sentence naming the parameter, its value and why it was ignored, in `language`. */
export function describeShareProblem(problem: ShareProblem, language: Language): string {
  const texts = SHARE_TEXTS[language];
  const { reason } = problem;
  let why: string;
  if (reason.kind === 'view') {
    const fault = reason.problem;
    if (fault.kind === 'count') why = fill(texts.viewCount, { count: fault.count });
    else if (fault.kind === 'number')
      why = fill(texts.viewNumber, { field: fieldName(fault.field, language), text: fault.text });
    else
      why = fill(texts.viewRange, {
        field: fieldName(fault.field, language),
        value: fault.value,
        min: fault.min,
        max: fault.max,
      });
  } else if (reason.kind === 'section' || reason.kind === 'clip') {
    const key =
      reason.problem !== 'format'
        ? CUT_PROBLEM_TEXTS[reason.problem]
        : reason.kind === 'section'
          ? 'cutSectionFormat'
          : 'cutClipFormat';
    why = fill(texts[reason.kind], { problem: texts[key] });
  } else if (reason.kind === 'compare')
    why = reason.problem === 'percent' ? texts.comparePercent : texts.compareSides;
  else why = texts[reason.kind];
  const value =
    problem.value.length > QUOTE_LENGTH ? `${problem.value.slice(0, QUOTE_LENGTH - 1)}…` : problem.value;
  return fill(texts.ignored, { param: problem.param, value, reason: why });
}
