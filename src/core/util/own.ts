/**
 * Plain objects keyed by names that come from data (attribute names, element names, object types, layer
 * ids): a key such as `__proto__` or `constructor` must be an entry like any other, never Object.prototype's
 * member. Platform-free.
 */

/**
 * Sets `target[key]` as an own, enumerable property whatever the key: assigning to `__proto__` would replace
 * the object's prototype (or be ignored) instead.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** `target[key]` where it is the target's own property; undefined for `constructor`, `toString`, … otherwise. */
export function getOwn<T>(target: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

/** Adds one to the count `counts[key]` (0 before its first time). */
export function countOwn(counts: Record<string, number>, key: string): void {
  setOwn(counts, key, (getOwn(counts, key) ?? 0) + 1);
}
