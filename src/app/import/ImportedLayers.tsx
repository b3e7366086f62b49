import { useTranslation } from 'react-i18next';
import type { ImportEntry, Imports } from './use-imports.ts';

/**
 * The imported files: name, progress or building count, problems (file, line, reason as text) and
 * actions — hide/show, zoom to, export, remove, or cancel while running.
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
  const { t } = useTranslation();
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
    >
      <div className="imported-layer-head">
        <span className="imported-layer-name">{entry.name}</span>
        {entry.status === 'ready' && (
          <span className="imported-layer-count" data-testid="building-count" data-count={entry.buildings}>
            {t('importBuildings', { count: entry.buildings })}
          </span>
        )}
      </div>
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
              {problem.line !== undefined
                ? t('importProblemLine', { file: problem.file, line: problem.line, message: problem.message })
                : t('importProblem', { file: problem.file, message: problem.message })}
            </p>
          ))}
        </div>
      )}
      <div className="imported-layer-actions">
        {running && (
          <button type="button" className="tool-button secondary" onClick={() => imports.cancel(entry.id)}>
            {t('importCancel')}
          </button>
        )}
        {entry.status === 'ready' && (
          <>
            <button
              type="button"
              className="tool-button secondary"
              aria-pressed={!entry.visible}
              onClick={() => imports.toggle(entry.id)}
            >
              {entry.visible ? t('importHide') : t('importShow')}
            </button>
            <button type="button" className="tool-button secondary" onClick={() => imports.zoomTo(entry.id)}>
              {t('importZoom')}
            </button>
            <button
              type="button"
              className="tool-button secondary"
              onClick={() => void imports.exportArchive(entry.id)}
            >
              {t('importExport')}
            </button>
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
