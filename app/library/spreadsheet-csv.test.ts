import fc from "fast-check";
import { expect, test } from "vitest";
import { formatCsv, parseCsv } from "./spreadsheet-csv";

const limits = { maxRows: 100, maxColumns: 10 };

test.each<[string, string, string[][]]>([
  [
    "plain fields, CRLF",
    "a,b,c\r\n1,2,3\r\n",
    [
      ["a", "b", "c"],
      ["1", "2", "3"],
    ],
  ],
  [
    "LF line ends, no final line break",
    "a,b\n1,2",
    [
      ["a", "b"],
      ["1", "2"],
    ],
  ],
  ["quoted comma, doubled quote", '"a,b","say ""hi"""\r\n', [["a,b", 'say "hi"']]],
  [
    "a line break inside quotes is one row",
    '"one\r\ntwo",x\r\ny,z\r\n',
    [
      ["one\r\ntwo", "x"],
      ["y", "z"],
    ],
  ],
  ["empty fields and a blank line", "a,,\r\n\r\nb\r\n", [["a", "", ""], [""], ["b"]]],
  ["UTF-8 byte order mark", "\uFEFFRow type,ID\r\n", [["Row type", "ID"]]],
  [
    "semicolons, as Excel saves in many locales",
    'a;b;"c;d"\r\n1;2;3\r\n',
    [
      ["a", "b", "c;d"],
      ["1", "2", "3"],
    ],
  ],
  ["sep= line names the separator and is not a row", "sep=;\r\na;b,c\r\n", [["a", "b,c"]]],
  ["tab-separated", "a\tb\n", [["a", "b"]]],
  ["a quote inside an unquoted field is text", 'say "hi",x\n', [['say "hi"', "x"]]],
  ["text after a closing quote is kept, as Excel does", '"a"b,c\n', [["ab", "c"]]],
])("parses %s", (_, text, rows) => {
  expect(parseCsv(text, limits)).toEqual({ ok: true, rows });
});

test.each<[string, string, { row: number; message: string }]>([
  [
    "an unclosed quote names the row it opens on",
    'a,b\r\nc,"never closed\r\nd,e\r\n',
    { row: 2, message: "a quoted field is never closed: a double quote is missing" },
  ],
  [
    "too many rows",
    "a\n".repeat(101),
    { row: 101, message: "more than 100 rows; split the questionnaire or remove empty rows" },
  ],
  [
    "too many columns",
    `${"a,".repeat(10)}a\n`,
    { row: 1, message: "more than 10 columns; a questionnaire sheet has far fewer" },
  ],
])("refuses %s", (_, text, error) => {
  expect(parseCsv(text, limits)).toEqual({ ok: false, ...error });
});

test("formats with CRLF and quotes only what needs quoting", () => {
  expect(
    formatCsv([
      ["a", 1, null, 'say "hi"'],
      ["x,y", "two\nlines", " padded", "a; b"],
    ]),
  ).toBe('a,1,,"say ""hi"""\r\n"x,y","two\nlines"," padded","a; b"\r\n');
});

test("property: any rows of text survive formatCsv then parseCsv", () => {
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom('"', ",", ";", "\t", "\r\n", "\n", "\r", "sep=;", "\uFEFF", " x "),
  );
  fc.assert(
    fc.property(
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
      (rows) => {
        expect(parseCsv(formatCsv(rows), { maxRows: 10, maxColumns: 10 })).toEqual({
          ok: true,
          rows,
        });
      },
    ),
    { numRuns: 300 },
  );
});
