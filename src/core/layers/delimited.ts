/**
 * A small RFC 4180 reader for delimiter-separated text (CSV with comma or semicolon, TSV): quoted fields with
 * embedded delimiters, doubled quotes and line breaks; the delimiter is detected from the header line.
 * Platform-free. Values stay text.
 */

/** Delimiters this reader detects. */
export type Delimiter = ',' | ';' | '\t';

/** One data record with the line its first character is on (1-based; the header is line 1). */
export interface DelimitedRow {
  line: number;
  fields: string[];
}

/** A problem with one record; the other records still load. */
export interface DelimitedProblem {
  file?: string;
  line: number;
  message: string;
}

/** The parsed table. */
export interface DelimitedTable {
  delimiter: Delimiter;
  header: string[];
  rows: DelimitedRow[];
  problems: DelimitedProblem[];
}

/** Options of `parseDelimited`. */
export interface DelimitedOptions {
  /** Delimiter; detected from the header line when left out. */
  delimiter?: Delimiter;
  /** File name used in messages. */
  file?: string;
}

/** The delimiter of a header line: the one of tab, semicolon, comma that occurs most often outside quotes (tab wins ties). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { '\t': 0, ';': 0, ',': 0 };
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\t' || char === ';' || char === ',')) counts[char]++;
  }
  let best: Delimiter = '\t';
  for (const candidate of ['\t', ';', ','] as const) if (counts[candidate] > counts[best]) best = candidate;
  return best;
}

/**
 * Parses delimiter-separated text into a header and rows. Empty lines are skipped. A record whose field count
 * differs from the header's is kept in `rows` (the caller decides) and also reported in `problems`; an
 * unterminated quote is reported with the line it starts on, and the text after it is read as that field.
 */
export function parseDelimited(text: string, options: DelimitedOptions = {}): DelimitedTable {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstBreak = source.search(/\r?\n/);
  const delimiter =
    options.delimiter ?? detectDelimiter(firstBreak < 0 ? source : source.slice(0, firstBreak));
  const problems: DelimitedProblem[] = [];
  const problem = (line: number, message: string): void => {
    problems.push({ ...(options.file !== undefined ? { file: options.file } : {}), line, message });
  };
  const records: DelimitedRow[] = [];
  const delimiterCode = delimiter.charCodeAt(0);
  const length = source.length;
  let index = 0;
  let line = 1;
  while (index < length) {
    const recordLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (index >= length) {
        fields.push(field);
        break;
      }
      let char = source[index] as string;
      if (char === '"' && field === '') {
        // quoted field
        const quoteLine = line;
        index++;
        let closed = false;
        while (index < length) {
          char = source[index] as string;
          if (char === '"') {
            if (source[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index++;
            closed = true;
            break;
          }
          if (char === '\n') line++;
          field += char;
          index++;
        }
        if (!closed) problem(quoteLine, 'a quoted field is not closed; expected a closing double quote (")');
        // text between the closing quote and the next delimiter is kept (lenient)
        while (
          index < length &&
          source[index] !== delimiter &&
          source[index] !== '\n' &&
          source[index] !== '\r'
        ) {
          field += source[index];
          index++;
        }
        continue;
      }
      if (char === delimiter) {
        fields.push(field);
        field = '';
        index++;
      } else if (char === '\r' || char === '\n') {
        fields.push(field);
        if (char === '\r' && source[index + 1] === '\n') index++;
        index++;
        line++;
        endOfRecord = true;
      } else {
        // unquoted run: up to the next delimiter or line break, in one slice
        let end = index + 1;
        while (end < length) {
          const code = source.charCodeAt(end);
          if (code === delimiterCode || code === 10 || code === 13) break;
          end++;
        }
        field += source.slice(index, end);
        index = end;
      }
    }
    if (fields.length === 1 && fields[0] === '') continue;
    records.push({ line: recordLine, fields });
  }
  const header = (records.shift()?.fields ?? []).map((name) => name.trim());
  for (const row of records) {
    if (row.fields.length !== header.length) {
      problem(row.line, `${row.fields.length} fields; expected ${header.length} (as in the header)`);
    }
  }
  problems.sort((a, b) => a.line - b.line);
  return { delimiter, header, rows: records, problems };
}
