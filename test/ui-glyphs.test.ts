import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const APP = new URL('../src/app/', import.meta.url).pathname;

/** Letters, punctuation and symbols any text font has: Latin-1 and the typographic quotes and dashes. */
const TEXT_CHARS = /[\t\n\r\u0020-\u017f\u2010-\u2027\u2030-\u203a\u20ac]/u;

/** The app's source files (not its tests), whose strings become the interface's text and icons. */
function appSources(dir = APP): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return appSources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every character outside TEXT_CHARS in the app's sources, with one file that uses it. */
function symbolsInApp(): Map<string, string> {
  const symbols = new Map<string, string>();
  for (const file of appSources()) {
    for (const char of readFileSync(file, 'utf8')) {
      if (!TEXT_CHARS.test(char) && !symbols.has(char)) symbols.set(char, file.slice(APP.length));
    }
  }
  return symbols;
}

describe('symbols of the interface (icons, arrows, signs)', () => {
  // Fonts of a bare Debian desktop (fonts-dejavu-core comes with fontconfig, which Chromium needs). A symbol
  // no installed font has shows as an empty box ("tofu"), on a kiosk whiteboard too.
  it('each have a glyph in a font installed here (fontconfig)', () => {
    const symbols = symbolsInApp();
    expect(symbols.size).toBeGreaterThan(10); // the scan found the icons (☰, ⌂, ✎, …)
    const missing: string[] = [];
    for (const [char, file] of symbols) {
      const codePoint = char.codePointAt(0)!.toString(16);
      const fonts = execFileSync('fc-list', [`:charset=${codePoint}`, 'family'], { encoding: 'utf8' });
      if (fonts.trim() === '')
        missing.push(`${char} U+${codePoint.toUpperCase().padStart(4, '0')} in ${file}`);
    }
    expect(missing).toEqual([]);
  });
});
