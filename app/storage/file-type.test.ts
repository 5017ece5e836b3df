import fc from "fast-check";
import { expect, test } from "vitest";
import { checkEvidenceFile, MAX_EVIDENCE_BYTES } from "./file-type";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);

test("real PDFs, images, office files and text are accepted", () => {
  expect(checkEvidenceFile("SOC2 report.pdf", text("%PDF-1.7\n..."))).toMatchObject({
    ok: true,
    mime: "application/pdf",
  });
  expect(
    checkEvidenceFile("diagram.PNG", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2)),
  ).toMatchObject({ ok: true });
  expect(checkEvidenceFile("photo.jpeg", bytes(0xff, 0xd8, 0xff, 0xe0, 0))).toMatchObject({
    ok: true,
  });
  expect(checkEvidenceFile("policy.docx", bytes(0x50, 0x4b, 0x03, 0x04, 0x14))).toMatchObject({
    ok: true,
  });
  expect(checkEvidenceFile("notes.md", text("# Pen test\nAll fixed ✓"))).toMatchObject({
    ok: true,
    mime: "text/plain",
  });
});

test("a disguised file is refused and the message says what it looks like", () => {
  const pngAsPdf = checkEvidenceFile(
    "report.pdf",
    bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0),
  );
  expect(pngAsPdf).toMatchObject({ ok: false });
  expect(!pngAsPdf.ok && pngAsPdf.message).toContain("it looks like a PNG image");
  const exeAsPdf = checkEvidenceFile("report.pdf", bytes(0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0));
  expect(exeAsPdf.ok).toBe(false);
  expect(checkEvidenceFile("script.txt", bytes(0x7f, 0x45, 0x4c, 0x46, 0, 0)).ok).toBe(false);
});

test("names outside the allow-list, empty and oversized files are refused", () => {
  expect(checkEvidenceFile("run.exe", text("hello")).ok).toBe(false);
  expect(checkEvidenceFile("page.html", text("<script>alert(1)</script>")).ok).toBe(false);
  expect(checkEvidenceFile("noextension", text("hello")).ok).toBe(false);
  expect(checkEvidenceFile("empty.pdf", new Uint8Array()).ok).toBe(false);
  const big = new Uint8Array(MAX_EVIDENCE_BYTES + 1);
  big.set(text("%PDF-"));
  expect(checkEvidenceFile("big.pdf", big)).toMatchObject({
    ok: false,
    message: expect.stringContaining("25 MB"),
  });
});

test("random bytes never pass as a PDF unless they start like one", () => {
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (data) => {
      const result = checkEvidenceFile("x.pdf", data);
      const startsPdf = data.length >= 5 && String.fromCharCode(...data.subarray(0, 5)) === "%PDF-";
      expect(result.ok).toBe(startsPdf);
    }),
  );
});
