/**
 * Reduced motion: a person who asked the system for less motion (`prefers-reduced-motion: reduce`) gets
 * instant jumps instead of camera flights, everywhere the camera moves by itself (home, stories, search,
 * layer features and areas). Flights can cause dizziness and nausea for people with vestibular disorders
 * (WCAG 2.3.3).
 */

/** Whether the person asked the system for reduced motion (false where media queries are unknown, e.g. Node). */
export function prefersReducedMotion(): boolean {
  // Typed here: this module is also compiled for Node (tests), whose globals have no matchMedia.
  const scope = globalThis as { matchMedia?: (query: string) => { matches: boolean } };
  return scope.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** The flight duration to use (seconds): `seconds`, or 0 (an instant jump) under reduced motion. */
export function motionSeconds(seconds: number, reduced: boolean = prefersReducedMotion()): number {
  return reduced ? 0 : seconds;
}
