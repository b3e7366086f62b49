/**
 * Text for Cesium's `Credit`, which takes HTML: every character that HTML would read as markup written as a
 * character reference, so the text shows as it is and never becomes an element.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
