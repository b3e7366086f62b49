/** The shadow study's result in words (German and English): what the panel shows and the live region announces. */
import type { SunHoursDifference, SunHoursStats } from '../../core/shadow/stats.ts';
import type { Language } from '../i18n/index.ts';
import { fill } from '../sun/texts.ts';
import { SHADOW_TEXTS } from './texts.ts';

/** Hours with the language's decimal mark, up to two decimals (steps are quarter hours). */
export function hoursText(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 2 }).format(
    value,
  );
}

/** A share 0–1 as a whole percentage. */
export const percent = (share: number) => String(Math.round(share * 100));

/** The result as sentences: today, with the plan, the difference (what the live region announces). */
export function resultSentences(
  result: { todayStats: SunHoursStats; withPlanStats?: SunHoursStats; difference?: SunHoursDifference },
  language: Language,
): string[] {
  const texts = SHADOW_TEXTS[language];
  const h = (value: number) => hoursText(value, language);
  const stats = (s: SunHoursStats) => ({
    min: h(s.min),
    max: h(s.max),
    median: h(s.median),
    share2: percent(s.shareAtLeast2h),
    share4: percent(s.shareAtLeast4h),
  });
  const lines = [fill(texts.resultToday, stats(result.todayStats))];
  if (result.withPlanStats && result.difference) {
    lines.push(fill(texts.resultWithPlan, stats(result.withPlanStats)));
    lines.push(
      fill(texts.resultDifference, {
        shareLosing: percent(result.difference.shareLosing),
        maxLoss: h(result.difference.maxLoss),
        below2: percent(result.difference.shareFallingBelow2h),
      }),
    );
  } else lines.push(texts.resultNoPlan);
  return lines;
}
