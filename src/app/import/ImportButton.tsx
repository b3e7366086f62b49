import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_EXTENSIONS } from '../../../workers/convert-api.ts';

/**
 * "Importieren" button: a label styled as a large button for a visually hidden, still focusable
 * `<input type="file" multiple>` (keyboard and screen readers reach the input itself).
 */
export function ImportButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <input
        id={id}
        className="visually-hidden import-input"
        type="file"
        multiple
        accept={IMPORT_EXTENSIONS.join(',')}
        data-testid="import-input"
        onChange={(event) => {
          const files = [...(event.currentTarget.files ?? [])];
          event.currentTarget.value = ''; // the same file can be picked again
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={id} className="tool-button import-button" title={t('importTitleAll')}>
        <span aria-hidden="true">⤒</span> {t('importButton')}
      </label>
    </>
  );
}
