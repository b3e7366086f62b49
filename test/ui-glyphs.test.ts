import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url).pathname;
/** Where the interface's text and icons come from: the viewer, the light embed viewer, their pages. */
const INTERFACE = ['src/app', 'src/embed', 'index.html', 'embed.html'];

/** Letters, punctuation and symbols any text font has: Latin-1 and the typographic quotes and dashes. */
const TEXT_CHARS = /[\t\n\r\u0020-\u017f\u2010-\u2027\u2030-\u203a\u20ac]/u;

/** Source files (not tests) under `dir`, whose strings become the interface's text and icons. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(tsx?|css)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every character outside TEXT_CHARS in the interface's sources, with one file that uses it. */
function symbolsInInterface(): Map<string, string> {
  const symbols = new Map<string, string>();
  const files = INTERFACE.flatMap((path) => (path.endsWith('.html') ? [ROOT + path] : sources(ROOT + path)));
  for (const file of files) {
    for (const char of readFileSync(file, 'utf8')) {
      if (!TEXT_CHARS.test(char) && !symbols.has(char)) symbols.set(char, file.slice(ROOT.length));
    }
  }
  return symbols;
}

describe('symbols of the interface (icons, arrows, signs)', () => {
  // Fonts of a bare Debian desktop (fonts-dejavu-core comes with fontconfig, which Chromium needs). A symbol
  // no installed font has shows as an empty box ("tofu"), on a kiosk whiteboard too.
  it('each have a glyph in a font installed here (fontconfig)', () => {
    const symbols = symbolsInInterface();
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
