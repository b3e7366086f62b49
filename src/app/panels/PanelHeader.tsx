/**
 * A panel's heading and its close button (×, named by `closeLabel` for screen readers and as a tooltip). The
 * heading carries `titleId`, which the panel names itself by (`aria-labelledby`).
 */
export function PanelHeader({
  titleId,
  title,
  closeLabel,
  onClose,
}: {
  titleId: string;
  title: string;
  closeLabel: string;
  onClose: () => void;
}) {
  return (
    <div className="panel-header">
      <h2 id={titleId}>{title}</h2>
      <button
        type="button"
        className="icon-button"
        onClick={onClose}
        aria-label={closeLabel}
        title={closeLabel}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
