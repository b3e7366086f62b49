/**
 * Lines of `text` no wider than `maxWidth` (in the units `measure` gives, canvas pixels in the picture export):
 * words kept whole where they fit, a word wider than a line (a licence address) broken between characters; at
 * most `maxLines`, the last then ending with " …".
 */
export function wrapText(
  text: string,
  maxWidth: number,
  maxLines: number,
  measure: (text: string) => number,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const next = line === '' ? word : `${line} ${word}`;
    if (measure(next) <= maxWidth) {
      line = next;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    if (measure(word) <= maxWidth) {
      line = word;
      continue;
    }
    // a word wider than a line: as many characters per line as fit (at least one)
    for (const char of word) {
      if (line !== '' && measure(line + char) > maxWidth) {
        lines.push(line);
        line = '';
      }
      line += char;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1] ?? ''} …`;
  return kept;
}
