import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { getOwn } from '../../core/util/own.ts';
import { WithEnglishPart } from '../i18n/EnglishPart.tsx';
import type { DroppedTerrain } from './import-session.ts';
import { correctionText } from './terrain-texts.ts';
import type { ImportEntry, Imports } from './use-imports.ts';

/** The sentence for a file of a drop that was left out, or read in part, while the rest was read. */
const OUTCOME_TEXTS = { 'left-out': 'importLeftOut', 'read-in-part': 'importReadInPart' } as const;

/** The words for a plan's kind by its XPlanGML feature class (`BP_Plan` …); "Plan" for any other. */
const PLAN_KINDS = {
  BP_Plan: 'planKindBP',
  FP_Plan: 'planKindFP',
  RP_Plan: 'planKindRP',
  LP_Plan: 'planKindLP',
  SO_Plan: 'planKindSO',
} as const;
function planKindKey(planClass: string | undefined) {
  return (planClass !== undefined && getOwn(PLAN_KINDS, planClass)) || 'planKindOther';
}

/**
 * The imported files: name (a plan's own name), progress, building or feature count, problems (file, line, reason as text) and
 * actions — hide/show, zoom to, export (.3tz or ZIP folder; tilesets), remove, or cancel while running.
 */
export function ImportedLayers({ imports }: { imports: Imports }) {
  const { t } = useTranslation();
  if (imports.entries.length === 0) return null;
  return (
    <section
      className="imported-layers"
      aria-labelledby="imported-layers-title"
      data-testid="imported-layers"
    >
      <h2 id="imported-layers-title">{t('importedLayers')}</h2>
      <ul>
        {imports.entries.map((entry) => (
          <ImportedLayer key={entry.id} entry={entry} imports={imports} />
        ))}
      </ul>
    </section>
  );
}

function ImportedLayer({ entry, imports }: { entry: ImportEntry; imports: Imports }) {
  const { t, i18n } = useTranslation();
  const visible = imports.isVisible(entry.id);
  const running = entry.status === 'queued' || entry.status === 'reading' || entry.status === 'tiling';
  const percent = entry.progress
    ? Math.floor((100 * entry.progress.bytesRead) / Math.max(1, entry.progress.bytesTotal))
    : 0;
  return (
    <li
      className="imported-layer"
      data-testid="imported-layer"
      data-status={entry.status}
      data-name={entry.name}
      data-kind={entry.kind}
    >
      <div className="imported-layer-head">
        <span className="imported-layer-name">{entry.plan ? entry.plan.name : entry.name}</span>
        {entry.status === 'ready' && entry.terrain && (
          <span className="imported-layer-count" data-testid="terrain-badge">
            {t('importTerrain')}
          </span>
        )}
        {entry.status === 'ready' && !entry.vector && !entry.plan && !entry.terrain && (
          <span className="imported-layer-count" data-testid="building-count" data-count={entry.buildings}>
            {t('importBuildings', { count: entry.buildings })}
          </span>
        )}
        {entry.status === 'ready' && (entry.vector || entry.plan) && (
          <span className="imported-layer-count" data-testid="feature-count" data-count={entry.features}>
            {entry.plan
              ? t('importPlanAreas', { count: entry.features, kind: t(planKindKey(entry.plan.planClass)) })
              : t('importFeatures', { count: entry.features })}
          </span>
        )}
      </div>
      {entry.terrain && <TerrainNotes terrain={entry.terrain} />}
      {entry.plan && <p className="imported-layer-note">{t('importFileName', { name: entry.name })}</p>}
      {entry.vector && entry.vector.sourceCrs !== 'CRS84' && (
        <p className="imported-layer-note">{t('importCrs', { crs: entry.vector.sourceCrs })}</p>
      )}
      {entry.vector &&
        entry.status === 'ready' &&
        /\.(csv|tsv)$/i.test(entry.name) &&
        entry.vector.sourceCrs !== 'CRS84' && <ProjectedCrsSelect entry={entry} imports={imports} />}
      {running && (
        <div className="imported-layer-progress">
          <progress
            max={100}
            value={entry.status === 'queued' ? undefined : entry.status === 'tiling' ? 100 : percent}
            aria-label={entry.name}
          />
          <span>
            {entry.status === 'queued'
              ? t('importQueued')
              : entry.status === 'tiling'
                ? t('importTiling', { buildings: entry.progress?.buildings ?? 0 })
                : t('importReading', { percent, buildings: entry.progress?.buildings ?? 0 })}
          </span>
        </div>
      )}
      {entry.status === 'cancelled' && <p className="imported-layer-note">{t('importCancelled')}</p>}
      {entry.problems.length > 0 && (
        <div className="imported-layer-problems" role="alert">
          {entry.status === 'error' && <strong>{t('importFailed')}: </strong>}
          {entry.problems.slice(0, 5).map((problem, i) => (
            <p key={i} className="error" data-testid="import-problem" data-line={problem.line}>
              <WithEnglishPart
                language={i18n.language === 'en' ? 'en' : 'de'}
                english={problem.message}
                sentence={(message) =>
                  problem.line !== undefined
                    ? t('importProblemLine', { file: problem.file, line: problem.line, message })
                    : t(problem.outcome ? OUTCOME_TEXTS[problem.outcome] : 'importProblem', {
                        file: problem.file,
                        message,
                      })
                }
              />
            </p>
          ))}
        </div>
      )}
      <div className="imported-layer-actions">
        {running && (
          <button
            type="button"
            className="tool-button secondary"
            data-testid="import-cancel"
            onClick={() => imports.cancel(entry.id)}
          >
            {t('importCancel')}
          </button>
        )}
        {entry.status === 'ready' && (
          <>
            <button
              type="button"
              className="tool-button secondary"
              aria-pressed={!visible}
              onClick={() => imports.toggle(entry.id)}
            >
              {visible ? t('importHide') : t('importShow')}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => imports.zoomTo(entry.id)}>
              {t('importZoom')}
            </button>
            {entry.tileset && (
              <>
                <button
                  type="button"
                  className="tool-button secondary"
                  onClick={() => void imports.exportArchive(entry.id)}
                >
                  {t('importExport')}
                </button>
                <button
                  type="button"
                  className="tool-button secondary"
                  onClick={() => void imports.exportZip(entry.id)}
                >
                  {t('importExportZip')}
                </button>
              </>
            )}
          </>
        )}
        {!running && (
          <button type="button" className="tool-button secondary" onClick={() => imports.remove(entry.id)}>
            {t('importRemove')}
          </button>
        )}
      </div>
    </li>
  );
}

/** What a dropped terrain is: its grid, extent, heights and the geoid correction applied (as text). */
function TerrainNotes({ terrain }: { terrain: DroppedTerrain }) {
  const { t, i18n } = useTranslation();
  const { info } = terrain;
  const number = (value: number, digits: number) =>
    value.toLocaleString(i18n.language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const cell = Math.max(...info.cellSize);
  return (
    <div className="imported-layer-note" data-testid="terrain-info" data-cell={info.cellMetres}>
      <p>
        {t('importTerrainGrid', {
          width: info.width,
          height: info.height,
          cell: number(info.cellMetres, info.cellMetres < 10 ? 2 : 0),
          crs: info.srsName,
        })}
        {cell !== info.cellMetres && ` (${number(cell, 6)}°)`}
        {info.files !== undefined && `, ${t('importTerrainFiles', { files: info.files })}`}
      </p>
      {info.assumedCrs && <p>{t('importTerrainAssumedCrs', { crs: info.srsName })}</p>}
      <p>
        {t('importTerrainExtent', {
          west: number(info.extent.west, 4),
          east: number(info.extent.east, 4),
          south: number(info.extent.south, 4),
          north: number(info.extent.north, 4),
        })}
      </p>
      <p data-testid="terrain-correction">
        {t('importTerrainHeights', {
          min: number(info.minHeight, 1),
          max: number(info.maxHeight, 1),
          correction: correctionText(info.heightsAdded, (value) => number(value, 2), t),
          offset: `${info.centreCorrection >= 0 ? '+' : ''}${number(info.centreCorrection, 2)}`,
        })}
      </p>
    </div>
  );
}

/** CRSs offered for easting/northing columns (all have built-in definitions in src/core/crs). */
const PROJECTED_CRS_CHOICES = [
  ['EPSG:25832', 'ETRS89 / UTM 32N (EPSG:25832)'],
  ['EPSG:25833', 'ETRS89 / UTM 33N (EPSG:25833)'],
  ['EPSG:4647', 'ETRS89 / UTM 32N, 32… (EPSG:4647)'],
  ['EPSG:31466', 'DHDN / Gauß-Krüger 2 (EPSG:31466)'],
  ['EPSG:31467', 'DHDN / Gauß-Krüger 3 (EPSG:31467)'],
  ['EPSG:31468', 'DHDN / Gauß-Krüger 4 (EPSG:31468)'],
  ['EPSG:31469', 'DHDN / Gauß-Krüger 5 (EPSG:31469)'],
] as const;

/** Lets the user read a table's easting/northing columns in another CRS (the default is EPSG:25832). */
function ProjectedCrsSelect({ entry, imports }: { entry: ImportEntry; imports: Imports }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="imported-layer-crs">
      <label htmlFor={id}>{t('importCrsChoose')}</label>{' '}
      <select
        id={id}
        style={{ minHeight: 44 }}
        value={entry.projectedCrs ?? 'EPSG:25832'}
        data-testid="import-crs"
        onChange={(event) => imports.setProjectedCrs(entry.id, event.currentTarget.value)}
      >
        {PROJECTED_CRS_CHOICES.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}
