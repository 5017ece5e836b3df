import { createRequire } from "node:module";
import { expect, test } from "vitest";
import { attachmentDisposition } from "./content-disposition";

// Express's own RFC 6266 parser (jshttp/content-disposition, already installed with Express):
// a strict reading of the header, as a client would do it.
const { parse } = createRequire(import.meta.url)("content-disposition") as {
  parse(header: string): { type: string; parameters: Record<string, string> };
};

const NAMES = [
  "report.pdf",
  "Q1 report; final.pdf",
  "a=b; filename=evil.exe",
  'He said "yes".pdf',
  "back\\slash.pdf",
  "100% done.pdf",
  "Ångström's (draft)*.pdf",
  "日本語の資料.xlsx",
  "emoji 📄.txt",
  "tab\tand newline.pdf",
];

test.each(NAMES)("%j reaches a strict parser as the same name, with an ASCII stand-in", (name) => {
  const header = attachmentDisposition(name);
  const { type, parameters } = parse(header);
  expect(type).toBe("attachment");
  // The parser prefers filename* (RFC 6266 section 4.3), as browsers do.
  expect(parameters.filename).toBe(name);
  expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[\x21-\x7e]+$/);
  const fallback = header.match(/filename="([^"]*)"/)![1]!;
  expect(fallback).not.toMatch(/["\\%]/);
});

test("a plain ASCII name is its own stand-in", () => {
  expect(attachmentDisposition("vendors-2026-12-05.csv")).toBe(
    "attachment; filename=\"vendors-2026-12-05.csv\"; filename*=UTF-8''vendors-2026-12-05.csv",
  );
});
