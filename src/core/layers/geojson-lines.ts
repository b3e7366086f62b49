/**
 * Line numbers in JSON texts, for messages that point into the file: where each element of a GeoJSON
 * FeatureCollection's top-level "features" array starts, and which line a `JSON.parse` error refers to.
 * Used by the GeoJSON reader of vector layers (`vector.ts`). Platform-free.
 */

/** Lines (1-based) of the elements of the top-level "features" array of a JSON text, in order. */
export function geoJsonFeatureLines(json: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  let lastKey = '';
  let inFeatures = false;
  let expectElement = false;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (char === 10) line++;
    if (inString) {
      if (char === 92) i++;
      else if (char === 34) {
        inString = false;
        if (depth === 1) lastKey = json.slice(stringStart + 1, i);
      }
      continue;
    }
    if (char === 34) {
      inString = true;
      stringStart = i;
    } else if (char === 91 || char === 123) {
      if (inFeatures && depth === 2 && expectElement) {
        lines.push(line);
        expectElement = false;
      }
      depth++;
      if (char === 91 && depth === 2 && lastKey === 'features') {
        inFeatures = true;
        expectElement = true;
      }
    } else if (char === 93 || char === 125) {
      depth--;
      if (depth === 1) inFeatures = false;
    } else if (char === 44 && inFeatures && depth === 2) {
      expectElement = true;
    }
  }
  return lines;
}

/** Line (1-based) of the character at `position` (a UTF-16 index) in `text`. */
export function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Line (1-based) a `JSON.parse` error message of `text` refers to: the position V8 names for some errors,
 * the last line for "Unexpected end" (the text stops early, e.g. a truncated file), else 1.
 */
export function jsonErrorLine(text: string, message: string): number {
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return lineAt(text, Number(position));
  return /unexpected end/i.test(message) ? lineAt(text, text.length) : 1;
}
