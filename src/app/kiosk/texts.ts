/** UI texts of the kiosk mode (kept beside its components; German first). */
import type { Language } from '../i18n/index.ts';
import type { KioskProblem } from './options.ts';

export const KIOSK_TEXTS = {
  de: {
    startAgain: 'Neu beginnen',
    startAgainTitle: 'Alles auf den Anfang zurücksetzen: Ansicht, Ebenen, Auswahl, Skizzen',
    region: 'Kiosk',
    attract: 'Nichts berührt: der Rundgang läuft. Eine Berührung, ein Klick oder eine Taste hält ihn an.',
    orbit:
      'Nichts berührt: die Ansicht kreist um die Stadt. Eine Berührung, ein Klick oder eine Taste hält sie an.',
    resetDone: 'Auf den Anfang zurückgesetzt.',
    problemsTitle: 'Einstellung des Kiosks angepasst:',
    dismiss: 'Hinweis schließen',
    idleNotNumber: '„idleSeconds={value}“ ist keine Zahl von Sekunden; es gelten {used} s.',
    idleOutOfRange: '„idleSeconds={value}“ liegt nicht zwischen 5 und 3600 Sekunden; es gelten {used} s.',
    unknownStory: 'Die Geschichte „{value}“ bietet diese Stadt nicht an; gezeigt wird „{used}“.',
    unknownStoryNone: 'Die Geschichte „{value}“ bietet diese Stadt nicht an; die Ansicht kreist stattdessen.',
  },
  en: {
    startAgain: 'Start again',
    startAgainTitle: 'Put everything back to the start: view, layers, selection, sketches',
    region: 'Kiosk',
    attract: 'Nobody is using the screen: the tour plays. A touch, a click or a key stops it.',
    orbit: 'Nobody is using the screen: the view circles the city. A touch, a click or a key stops it.',
    resetDone: 'Back to the start.',
    problemsTitle: 'Kiosk setting adjusted:',
    dismiss: 'Dismiss notice',
    idleNotNumber: '“idleSeconds={value}” is not a number of seconds; {used} s apply.',
    idleOutOfRange: '“idleSeconds={value}” is not between 5 and 3600 seconds; {used} s apply.',
    unknownStory: 'This city offers no story “{value}”; “{used}” is shown instead.',
    unknownStoryNone: 'This city offers no story “{value}”; the view circles the city instead.',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type KioskTextKey = keyof (typeof KIOSK_TEXTS)['de'];

/** The text `key` in `language` with `{name}` placeholders filled in (values are plain text, never HTML). */
export function kioskText(
  language: Language,
  key: KioskTextKey,
  values: Record<string, string | number> = {},
): string {
  return KIOSK_TEXTS[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A kiosk problem, worded for the notice. */
export function kioskProblemText(language: Language, problem: KioskProblem): string {
  if (problem.kind === 'unknownStory') {
    return problem.used === undefined
      ? kioskText(language, 'unknownStoryNone', { value: problem.value })
      : kioskText(language, 'unknownStory', { value: problem.value, used: problem.used });
  }
  return kioskText(language, problem.kind, { value: problem.value, used: problem.used });
}
