import { useLayoutEffect } from 'react';
import type { RefObject } from 'react';
import { focusOpener } from '../header/focus-opener.ts';

/** How a panel takes and gives back the keyboard focus. */
export interface PanelFocusOptions {
  /** Whether opening the panel moves the focus into it (false for panels that open on a pick in the map). */
  focusOnOpen?: boolean;
  /**
   * CSS selector of the control that opened the panel; when empty, the control whose `aria-controls` names the
   * panel's id. Closing the panel while the focus is inside hands the focus to it (or to the header's menu
   * button when it is folded into the closed menu).
   */
  opener?: string;
}

/** By default a panel takes the focus and gives it back to the control that names it. */
export const PANEL_FOCUS_DEFAULTS: Required<PanelFocusOptions> = {
  focusOnOpen: true,
  opener: '',
};

/**
 * Where the focus goes when a panel opens: its heading (made focusable by script only, `tabIndex = -1`, so Tab
 * does not stop there), as the WAI-ARIA practice for a non-modal region advises: a screen reader reads the
 * panel's name and the next Tab reaches its first control. Without a heading, its first control.
 */
export function panelFocusTarget(panel: Element): HTMLElement | undefined {
  const heading = panel.querySelector<HTMLElement>('h2, h1, [role="heading"]');
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    return heading;
  }
  return (
    panel.querySelector<HTMLElement>(
      'button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea, [tabindex]',
    ) ?? undefined
  );
}

/** The selector of the control that opened `panel`: the one whose `aria-controls` is the panel's id. */
export function openerSelector(panel: Element | null | undefined, opener = ''): string | undefined {
  if (opener) return opener;
  return panel?.id ? `[aria-controls="${CSS.escape(panel.id)}"]` : undefined;
}

/**
 * Moves the keyboard focus into `area` (a panel, or the element around it and its sheet's handle: its heading,
 * else its first control) when it mounts, and hands the focus back to the panel's opener when it unmounts while
 * the focus is anywhere in `area`: closing by its ×, by Escape or by its toolbar button alike. The opener's
 * default is the control that names the id of `holder`'s first element child (the panel in a `BottomSheet`'s
 * body). A layout effect, so the panel is still in the document when it closes (the focus has not yet fallen
 * back to the page). StrictMode's extra unmount and mount end with the focus in the panel again.
 */
export function usePanelFocus(
  area: RefObject<HTMLElement | null>,
  options: PanelFocusOptions = {},
  holder: RefObject<HTMLElement | null> = area,
): void {
  const focusOnOpen = options.focusOnOpen ?? PANEL_FOCUS_DEFAULTS.focusOnOpen;
  const opener = options.opener ?? PANEL_FOCUS_DEFAULTS.opener;
  useLayoutEffect(() => {
    const element = area.current;
    if (!element) return;
    const panel = holder.current?.firstElementChild;
    if (focusOnOpen) panelFocusTarget(element)?.focus();
    return () => {
      if (!element.contains(document.activeElement)) return;
      const selector = openerSelector(panel, opener);
      if (selector) focusOpener(selector);
    };
    // Only on mount and unmount: a panel takes the focus once, when it opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
