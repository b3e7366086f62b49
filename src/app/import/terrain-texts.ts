/** Texts of a dropped terrain model in the page's language. */
import type { TFunction } from 'i18next';
import type { DgmHeightsAdded } from '../../core/terrain/dgm.ts';

/** What was added to a dropped terrain's heights, in the page's language (`DgmInfo.heightCorrection` as words). */
export function correctionText(
  added: DgmHeightsAdded,
  metres: (value: number) => string,
  t: TFunction,
): string {
  const what =
    added.kind === 'geoid'
      ? t('importTerrainGeoidAdded', { model: added.model })
      : added.kind === 'constant'
        ? t('importTerrainConstantAdded', {
            metres: `${(added.metres ?? 0) >= 0 ? '+' : ''}${metres(added.metres ?? 0)}`,
          })
        : t('importTerrainNothingAdded');
  if (added.source === 'unknown') return `${what} (${t('importTerrainHeightsUnnamed')})`;
  if (added.source === 'ellipsoidal') return `${what} (${t('importTerrainHeightsEllipsoidal')})`;
  return what;
}
