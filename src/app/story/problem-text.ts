/**
 * Story problems and load errors in words (German and English, via the app's messages): what the player and the
 * story editor show when a story file is wrong. Texts only, rendered as text.
 */
import type { StoryExpectation, StoryProblem } from '../../core/story/validate.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { sketchExpectationText } from '../sketch/texts.ts';
import type { StoryLoadError } from './load-story.ts';

/** A translate function: message key and interpolation values to text (react-i18next's `t`). */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

function formatNumber(value: number, language: string): string {
  return value.toLocaleString(language === 'en' ? 'en' : 'de', { maximumFractionDigits: 3 });
}

/** What was expected, in words. */
export function expectationText(expected: StoryExpectation, t: Translate, language: string): string {
  switch (expected.kind) {
    case 'object':
      return t('storyExpectObject');
    case 'array':
      return t('storyExpectArray');
    case 'text':
      return t('storyExpectText');
    case 'string':
      return t('storyExpectString');
    case 'string-or-null':
      return t('storyExpectStringOrNull');
    case 'object-or-null':
      return t('storyExpectObjectOrNull');
    case 'one-of':
      return t('storyExpectOneOf', { values: expected.values.join(', ') });
    case 'count':
      return t('storyExpectCount', {
        min: formatNumber(expected.min, language),
        max: formatNumber(expected.max, language),
      });
    case 'position':
      return t('storyExpectPosition');
    case 'clip-area':
      return t(expected.problem === 'noArea' ? 'storyExpectClipNoArea' : 'storyExpectClipTooFewPoints');
    case 'boolean':
      return t('storyExpectBoolean');
    case 'number':
      return t('storyExpectNumber', {
        min: formatNumber(expected.min, language),
        max: formatNumber(expected.max, language),
      });
    case 'instant':
      return t('storyExpectInstant');
    case 'version':
      return t('storyExpectVersion', { supported: expected.supported });
    case 'json':
      return t('storyExpectJson');
    case 'sketch':
      return sketchExpectationText(expected.sketch, language === 'en' ? 'en' : 'de');
  }
}

/** One problem as a sentence naming the scene (1-based number and title), the field, expected and found. */
export function formatStoryProblem(problem: StoryProblem, t: Translate, language: string): string {
  const found = problem.found ?? t('storyFoundMissing');
  if (problem.expected.kind === 'json') return t('storyProblemJson', { found });
  const values = { field: problem.field, expected: expectationText(problem.expected, t, language), found };
  if (problem.sceneIndex !== undefined) {
    const number = problem.sceneIndex + 1;
    return problem.sceneTitle
      ? t('storyProblemScene', { ...values, number, title: problem.sceneTitle })
      : t('storyProblemSceneUntitled', { ...values, number });
  }
  return problem.field === '' ? t('storyProblemWhole', values) : t('storyProblemStory', values);
}

/** Why a story could not be read, as a sentence. */
export function formatStoryLoadError(error: StoryLoadError, t: Translate): string {
  switch (error.kind) {
    case 'origin':
      return t('storyErrorOrigin', { url: error.url });
    case 'url':
      return t('storyErrorUrl', { url: error.url });
    case 'http':
      return t('storyErrorHttp', { url: error.url, status: error.status });
    case 'network':
      return t('storyErrorNetwork', { url: error.url, message: error.message });
    case 'too-large':
      return t('storyErrorTooLarge', { source: error.source, megabytes: Math.ceil(error.bytes / 1e6) });
  }
}
