import type { Attribution } from '../layers/types.ts';

/** The credit line text of `attribution` in `language`: a plain string is the same in every language. */
export function attributionText(attribution: Attribution, language: 'de' | 'en'): string {
  return typeof attribution === 'string' ? attribution : attribution[language];
}
