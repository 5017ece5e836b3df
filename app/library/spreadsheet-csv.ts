// CSV text ↔ rows of cells, after RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields
// separated by commas, quoted with double quotes ("" inside a quoted field is one quote),
// records ended by CRLF or LF, line breaks allowed inside quoted fields. Pure.
//
// Leniencies, as Excel reads CSV: a UTF-8 byte order mark is skipped; a first line `sep=;`
// names the separator (and is not a row); otherwise the separator is whichever of comma,
// semicolon or tab the first line uses most (Excel in many locales saves with semicolons); a
// quote inside an unquoted field is kept as text. The row number of a record is what Excel
// shows, so a field spanning two lines still counts as one row.

export type CsvParse = { ok: true; rows: string[][] } | { ok: false; row: number; message: string };
export type CsvLimits = { maxRows: number; maxColumns: number };

const SEPARATORS = [",", ";", "\t"] as const;

export function parseCsv(input: string, limits: CsvLimits): CsvParse {
  let text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  let separator: string | undefined;
  const sepLine = /^sep=(.)\r?\n/.exec(text);
  if (sepLine) {
    separator = sepLine[1]!;
    text = text.slice(sepLine[0].length);
  }
  separator ??= detectSeparator(text);

  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let index = 0;
  let atFieldStart = true;
  const endField = (): CsvParse | undefined => {
    row.push(field);
    field = "";
    atFieldStart = true;
    if (row.length > limits.maxColumns) {
      return {
        ok: false,
        row: rows.length + 1,
        message: `more than ${limits.maxColumns} columns; a questionnaire sheet has far fewer`,
      };
    }
    return undefined;
  };
  const endRow = (): CsvParse | undefined => {
    const failed = endField();
    if (failed) return failed;
    rows.push(row);
    row = [];
    if (rows.length > limits.maxRows) {
      return {
        ok: false,
        row: rows.length,
        message: `more than ${limits.maxRows} rows; split the questionnaire or remove empty rows`,
      };
    }
    return undefined;
  };

  while (index < text.length) {
    const char = text[index]!;
    if (atFieldStart && char === '"') {
      const startRow = rows.length + 1;
      index++;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) {
          return {
            ok: false,
            row: startRow,
            message: "a quoted field is never closed: a double quote is missing",
          };
        }
        field += text.slice(index, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
      atFieldStart = false;
    } else if (char === separator) {
      const failed = endField();
      if (failed) return failed;
      index++;
    } else if (char === "\r" || char === "\n") {
      const failed = endRow();
      if (failed) return failed;
      index += char === "\r" && text[index + 1] === "\n" ? 2 : 1;
    } else {
      field += char;
      atFieldStart = false;
      index++;
    }
  }
  // The last record needs no line break after it (RFC 4180, 2.2).
  if (field !== "" || row.length > 0 || !atFieldStart) {
    const failed = endRow();
    if (failed) return failed;
  }
  return { ok: true, rows };
}

/** Rows → CSV text with CRLF line breaks, quoting only the fields that need it. */
export function formatCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows
    .map((row) => row.map((cell) => formatField(cell === null ? "" : String(cell))).join(","))
    .map((line) => `${line}\r\n`)
    .join("");
}

function formatField(text: string): string {
  // Semicolons and tabs are quoted too, so separator detection always finds commas; and
  // surrounding spaces, because some readers trim unquoted fields.
  return /[",;\t\r\n]|^\s|\s$|^sep=/i.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function detectSeparator(text: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((separator) => [separator, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ",";
  for (const [separator, count] of counts) if (count > counts.get(best)!) best = separator;
  return best;
}
