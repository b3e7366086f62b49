/** True when the page is the presenter view (`?presenter=1`): a second window with the story's texts and times. */
export function isPresenterUrl(search: string): boolean {
  return new URLSearchParams(search).get('presenter') === '1';
}
