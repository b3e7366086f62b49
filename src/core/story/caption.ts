/**
 * Scene captions as data: plain text split into paragraphs (blank lines) and runs of text and links. Only
 * `http:` and `https:` URLs become links, written bare or as `[label](url)`; everything else stays text. The
 * app renders runs as text nodes and `<a>` elements, never as HTML, so a caption cannot inject markup.
 */

/** A piece of a paragraph: text (line breaks kept as `\n`) or a link. */
export type CaptionRun = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/** A paragraph: its runs in order. */
export type CaptionParagraph = CaptionRun[];

/**
 * A bare URL, or a `[label](url)` link. The URL ends at whitespace, `<`, `>`, `"` or a control character
 * (C0, DEL, C1); trailing punctuation is trimmed afterwards.
 */
const LINK =
  // eslint-disable-next-line no-control-regex -- control characters end a URL
  /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s<>"()\u0000-\u001f\u007f-\u009f]+)\)|https?:\/\/[^\s<>"\u0000-\u001f\u007f-\u009f]+/gi;

/** Characters that end a sentence rather than a URL when they close it. */
const TRAILING = new Set([...".,;:!?'’”)]"]);

/** Host part after the scheme: at least one character that is not `/`, `?` or `#`. */
const HAS_HOST = /^https?:\/\/[^/?#]+/i;

/** Trims sentence punctuation after a bare URL; a `)` stays when the URL opened one (Wikipedia style). */
function trimBareUrl(url: string): string {
  // a loop from the end: a `+$` regular expression retries from every character of a long run (quadratic)
  let end = url.length;
  while (end > 0 && TRAILING.has(url[end - 1]!)) end--;
  let result = url.slice(0, end);
  const tail = url.slice(end);
  // Give back a closing parenthesis the URL itself opened: "…/Wuppertal_(Stadt))." → "…/Wuppertal_(Stadt)".
  const opened = (result.match(/\(/g) ?? []).length - (result.match(/\)/g) ?? []).length;
  if (opened > 0 && tail.startsWith(')')) result += ')';
  return result;
}

function pushText(runs: CaptionRun[], text: string): void {
  if (text === '') return;
  const last = runs[runs.length - 1];
  if (last?.kind === 'text') last.text += text;
  else runs.push({ kind: 'text', text });
}

/** The runs of one paragraph. */
export function parseCaptionRuns(paragraph: string): CaptionRun[] {
  const runs: CaptionRun[] = [];
  let at = 0;
  for (const match of paragraph.matchAll(LINK)) {
    const start = match.index;
    const [whole, label, labelledUrl] = match;
    let href: string;
    let text: string;
    let end: number;
    if (label !== undefined && labelledUrl !== undefined) {
      href = labelledUrl;
      text = label;
      end = start + whole.length;
    } else {
      href = trimBareUrl(whole);
      text = href;
      end = start + href.length;
    }
    if (!HAS_HOST.test(href)) continue; // "https://" alone stays text
    pushText(runs, paragraph.slice(at, start));
    runs.push({ kind: 'link', text, href });
    at = end;
  }
  pushText(runs, paragraph.slice(at));
  return runs;
}

/**
 * Splits a caption into paragraphs at blank lines (lines holding only whitespace count as blank) and each
 * paragraph into runs. Line ends inside a paragraph stay `\n` (CRLF and CR become `\n`); leading and trailing
 * blank lines give no empty paragraph. An absent or blank caption gives no paragraph.
 */
export function parseCaption(caption: string | undefined): CaptionParagraph[] {
  if (!caption) return [];
  return caption
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+|\n+$/g, '').trim())
    .filter((paragraph) => paragraph !== '')
    .map(parseCaptionRuns);
}

/** The caption as plain text (links as their label), for a screen reader announcement or a title. */
export function captionText(paragraphs: readonly CaptionParagraph[]): string {
  return paragraphs.map((runs) => runs.map((run) => run.text).join('')).join('\n\n');
}
