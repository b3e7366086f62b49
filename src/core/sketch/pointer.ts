/**
 * Which pointers draw while the sketch tool is on. A pen always draws; a mouse draws; a finger keeps navigating
 * the map (unless finger drawing is chosen); a palm resting on the screen (a touch contact wider or taller than a
 * fingertip) neither draws nor navigates. Works on the fields of a DOM `PointerEvent`, CSS pixels.
 */

/** What a pointer does while the sketch tool is on. */
export type PointerRole = 'draw' | 'navigate' | 'ignore';

/** The fields of a pointer event that decide its role. */
export interface PointerContact {
  pointerType: string;
  /** Contact size, CSS pixels (1 or 0 where the device does not report it). */
  width: number;
  height: number;
}

/** Options of `pointerRole`. */
export interface PointerRoleOptions {
  /** Whether a finger draws too (for screens without a pen). */
  fingerDraws?: boolean;
  /** A touch contact wider or taller than this (CSS pixels) is a palm. */
  palmPixels?: number;
}

export const POINTER_ROLE_DEFAULTS: Required<PointerRoleOptions> = { fingerDraws: false, palmPixels: 30 };

/** The role of a pointer while the sketch tool is on. */
export function pointerRole(contact: PointerContact, options: PointerRoleOptions = {}): PointerRole {
  const fingerDraws = options.fingerDraws ?? POINTER_ROLE_DEFAULTS.fingerDraws;
  const palmPixels = options.palmPixels ?? POINTER_ROLE_DEFAULTS.palmPixels;
  if (contact.pointerType === 'pen' || contact.pointerType === 'mouse') return 'draw';
  if (contact.width > palmPixels || contact.height > palmPixels) return 'ignore';
  return fingerDraws ? 'draw' : 'navigate';
}
