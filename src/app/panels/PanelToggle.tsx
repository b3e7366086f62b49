import type { Language } from '../i18n/index.ts';

/** Props of a panel's own toolbar button (a `PanelToggle` with the panel's texts in `language`). */
export interface PanelButtonProps {
  open: boolean;
  onToggle: () => void;
  language: Language;
}

/**
 * A toolbar button that opens and closes one panel. `aria-expanded` says whether it is open and
 * `aria-controls` names it, which is also how `focusOpener` finds the button again when the panel closes.
 */
export function PanelToggle({
  open,
  onToggle,
  panelId,
  icon,
  label,
  title,
  testId,
  primary = false,
  labelClassName,
}: {
  open: boolean;
  onToggle: () => void;
  /** The panel's element id. */
  panelId: string;
  /** A symbol before the label, hidden from screen readers (the label names the button). */
  icon: string;
  label: string;
  /** The tooltip: what the panel is for. */
  title: string;
  testId?: string;
  /** Stays beside the header's menu button while the menu is closed (`data-header="primary"`). */
  primary?: boolean;
  /** A class for the label's own element (e.g. `tool-label`, which phones hide), else plain text. */
  labelClassName?: string;
}) {
  return (
    <button
      type="button"
      className="tool-button"
      aria-expanded={open}
      aria-controls={panelId}
      title={title}
      onClick={onToggle}
      data-testid={testId}
      data-header={primary ? 'primary' : undefined}
    >
      <span aria-hidden="true">{icon}</span>{' '}
      {labelClassName ? <span className={labelClassName}>{label}</span> : label}
    </button>
  );
}
