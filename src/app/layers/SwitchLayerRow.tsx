import type { ReactNode } from 'react';

/**
 * A layer list group with one switch: a fieldset named by `legend`, holding a native checkbox with its visible
 * label (Tab and Space work; screen readers read the label and the state). For layers that are only shown or
 * hidden as a whole, such as the sketches and the terrain.
 */
export function SwitchLayerRow({
  legend,
  layer,
  className,
  testId,
  checked,
  onChange,
  children,
}: {
  legend: string;
  /** `data-layer` of the row (the layer's name for tests and styles). */
  layer: string;
  /** Extra class of the fieldset. */
  className: string;
  testId?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** The checkbox's label. */
  children: ReactNode;
}) {
  return (
    <fieldset className={`layer-group ${className}`}>
      <legend>{legend}</legend>
      <div className="layer-row" data-layer={layer}>
        <label className="layer-toggle">
          <input
            type="checkbox"
            data-testid={testId}
            checked={checked}
            onChange={(event) => onChange(event.target.checked)}
          />
          <span>{children}</span>
        </label>
      </div>
    </fieldset>
  );
}
