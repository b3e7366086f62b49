import { useState } from 'react';
import type { Language } from '../i18n/index.ts';
import { useOnReset } from '../state/reset.ts';
import { kioskProblemText, kioskText } from './texts.ts';
import type { KioskSession } from './use-kiosk.ts';

/**
 * The kiosk's own controls over the map: "Neu beginnen / Start again" (always there, also while a story plays),
 * a polite announcement of resets and of the attract loop, and a notice naming settings of the link that were
 * adjusted (for whoever set the screen up; gone at the first reset).
 */
export function KioskControls({ kiosk, language }: { kiosk: KioskSession; language: Language }) {
  const [noticeOpen, setNoticeOpen] = useState(kiosk.problems.length > 0);
  useOnReset(() => setNoticeOpen(false));
  const announcement =
    kiosk.attract === 'story'
      ? kioskText(language, 'attract')
      : kiosk.attract === 'orbit'
        ? kioskText(language, 'orbit')
        : kiosk.resets > 0
          ? kioskText(language, 'resetDone')
          : '';
  return (
    <div
      className="kiosk-bar"
      data-testid="kiosk-bar"
      data-kiosk-attract={kiosk.attract ?? 'none'}
      data-kiosk-resets={kiosk.resets}
      role="region"
      aria-label={kioskText(language, 'region')}
    >
      <button
        type="button"
        className="tool-button kiosk-start-again"
        data-testid="kiosk-start-again"
        title={kioskText(language, 'startAgainTitle')}
        onClick={kiosk.startAgain}
      >
        <span aria-hidden="true">↺</span> {kioskText(language, 'startAgain')}
      </button>
      <p className="visually-hidden" aria-live="polite" data-testid="kiosk-announcer">
        {announcement}
      </p>
      {noticeOpen && kiosk.problems.length > 0 && (
        <div className="kiosk-notice" role="status" data-testid="kiosk-notice">
          <p>{kioskText(language, 'problemsTitle')}</p>
          <ul>
            {kiosk.problems.map((problem) => (
              <li key={`${problem.kind}:${problem.value}`}>{kioskProblemText(language, problem)}</li>
            ))}
          </ul>
          <button
            type="button"
            className="tool-button"
            onClick={() => setNoticeOpen(false)}
            aria-label={kioskText(language, 'dismiss')}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}
