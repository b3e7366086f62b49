import { useEffect, useState } from 'react';
import type { Language } from '../i18n/index.ts';
import { DISPLAY_TEXTS } from './texts.ts';
import { useOnReset } from '../state/reset.ts';
import {
  defaultUiScale,
  parseUiScale,
  readUiScale,
  UI_SCALE_PROPERTY,
  UI_SCALES,
  uiScaleFactor,
  writeUiScale,
} from './ui-scale.ts';
import type { UiScale } from './ui-scale.ts';

/** localStorage where the browser allows it (reading the property throws in some sandboxed frames). */
function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

/**
 * The "Textgröße / Text size" choice (100, 150, 200 %) for the header's tools: sets `--ui-scale` on the root
 * element (the stylesheet enlarges header, panels and status line by it, never the map) and keeps the choice in
 * localStorage. Mounted with the header, so the stored scale applies from the start. In kiosk mode a visitor's
 * choice is not kept, and the kiosk's reset puts back the scale the page opened with (150 % on a wall).
 */
export function UiScaleSelect({ language, kiosk }: { language: Language; kiosk: boolean }) {
  const texts = DISPLAY_TEXTS[language];
  const [opened] = useState<UiScale>(() =>
    readUiScale(browserStorage(), defaultUiScale(kiosk, window.innerWidth)),
  );
  const [scale, setScale] = useState<UiScale>(opened);
  const [kept, setKept] = useState(true);
  useOnReset(() => setScale(opened));

  useEffect(() => {
    const root = document.documentElement;
    root.style.setProperty(UI_SCALE_PROPERTY, uiScaleFactor(scale));
    root.dataset.uiScale = String(scale);
    return () => {
      root.style.removeProperty(UI_SCALE_PROPERTY);
      delete root.dataset.uiScale;
    };
  }, [scale]);

  // A label around the select, like the other tools' labels: it folds into the header's menu on narrow screens,
  // and `data-keeps-menu` keeps the menu open while the choice is made.
  return (
    <>
      <label className="ui-scale-control" title={texts.uiScaleTitle} data-keeps-menu="">
        <span>{texts.uiScale}</span>
        <select
          value={scale}
          onChange={(event) => {
            const next = parseUiScale(event.target.value);
            setScale(next);
            if (!kiosk) setKept(writeUiScale(browserStorage(), next));
          }}
        >
          {UI_SCALES.map((value) => (
            <option key={value} value={value}>
              {value} %
            </option>
          ))}
        </select>
      </label>
      <span className="visually-hidden" role="status">
        {kept ? '' : texts.notKept}
      </span>
    </>
  );
}
