/**
 * Hands the keyboard focus back to the control that opened a panel (`selector`). When that control is folded
 * into the closed header menu (small screens), the menu button takes the focus instead, so it never lands on
 * a hidden element or falls back to the page.
 */
export function focusOpener(selector: string): void {
  const opener = document.querySelector<HTMLElement>(selector);
  if (opener && opener.getClientRects().length > 0) {
    opener.focus();
    return;
  }
  document.querySelector<HTMLElement>('.menu-button')?.focus();
}
