import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * The open bottom sheets of the phone layout, oldest first. The newest lies on top: a panel opened while another
 * is open shows at once, whichever of them comes first in the page. Touching or focusing a sheet that lies under
 * another brings it up again.
 */
const stack: symbol[] = [];
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Puts the sheet `id` on top of the others (adding it if it is not open yet). */
export function raiseSheet(id: symbol): void {
  if (stack[stack.length - 1] === id) return;
  const at = stack.indexOf(id);
  if (at >= 0) stack.splice(at, 1);
  stack.push(id);
  changed();
}

/** Takes the sheet `id` off the stack (it closed, or stopped being a sheet). */
export function dropSheet(id: symbol): void {
  const at = stack.indexOf(id);
  if (at < 0) return;
  stack.splice(at, 1);
  changed();
}

/** Whether the sheet `id` lies on top of every other open sheet (true for one that is not open). */
export function isTopSheet(id: symbol): boolean {
  return stack.length === 0 || stack[stack.length - 1] === id || !stack.includes(id);
}

/**
 * A sheet's place in the stack while `open` (a phone's sheet): whether it lies on top, and `raise` to bring it
 * up. A sheet that is not open is always "on top" (it covers nothing).
 */
export function useSheetStack(open: boolean): { top: boolean; raise: () => void } {
  const id = useRef<symbol>(Symbol('sheet')).current;
  useEffect(() => {
    if (!open) return;
    raiseSheet(id);
    return () => dropSheet(id);
  }, [open, id]);
  const top = useSyncExternalStore(
    subscribe,
    () => isTopSheet(id),
    () => true,
  );
  const raise = useCallback(() => {
    if (open) raiseSheet(id);
  }, [open, id]);
  return { top, raise };
}
