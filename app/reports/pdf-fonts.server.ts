// The report PDF's fonts (docs/decisions/201-report-pdf-fonts.md): Noto Sans for Latin, Greek and
// Cyrillic, then Noto Sans SC (Chinese, kana, arrows and symbols) and Noto Sans KR (Hangul) for
// what it lacks, all from npm packages and embedded as subsets, so "→", "Zürich", "北京" and
// "한국" print as written. Each character is drawn in the first font of the chain that has it; a
// character none of them has becomes "?" (never a blank box).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";

const require = createRequire(import.meta.url);

/** The folder of a package's font files: the @embedpdf packages export only their entry point. */
function fontsOf(pkg: string): string {
  return join(dirname(require.resolve(pkg)), "..", "fonts");
}

type Face = { regular: string; bold: string };

function faces(): Face[] {
  const latin = dirname(require.resolve("@expo-google-fonts/noto-sans"));
  return [
    {
      regular: join(latin, "400Regular", "NotoSans_400Regular.ttf"),
      bold: join(latin, "700Bold", "NotoSans_700Bold.ttf"),
    },
    {
      regular: join(fontsOf("@embedpdf/fonts-sc"), "NotoSansHans-Regular.otf"),
      bold: join(fontsOf("@embedpdf/fonts-sc"), "NotoSansHans-Bold.otf"),
    },
    {
      regular: join(fontsOf("@embedpdf/fonts-kr"), "NotoSansKR-Regular.otf"),
      bold: join(fontsOf("@embedpdf/fonts-kr"), "NotoSansKR-Bold.otf"),
    },
  ];
}

export type Weight = "regular" | "bold";

type Loaded = { name: Record<Weight, string>; bytes: Record<Weight, Buffer>; font: fontkit.Font };

let loaded: Loaded[] | undefined;

/** The chain, read once per process (about 30 MB of font files). */
function chain(): Loaded[] {
  loaded ??= faces().map((face, index) => {
    const regular = readFileSync(face.regular);
    return {
      name: { regular: `chain-${index}`, bold: `chain-${index}-bold` },
      bytes: { regular, bold: readFileSync(face.bold) },
      // Coverage is the same in both weights of a family: the regular one answers for both.
      font: fontkit.create(regular),
    };
  });
  return loaded;
}

const choice = new Map<number, number>();

/** Which font of the chain draws this character: its index, or -1 when none has it. */
function fontIndexFor(codePoint: number): number {
  let index = choice.get(codePoint);
  if (index === undefined) {
    index = chain().findIndex((face) => face.font.hasGlyphForCodePoint(codePoint));
    choice.set(codePoint, index);
  }
  return index;
}

/** What a document needs to draw text in the chain: call once per document. */
export function registerReportFonts(doc: PDFKit.PDFDocument) {
  for (const face of chain()) {
    doc.registerFont(face.name.regular, face.bytes.regular);
    doc.registerFont(face.name.bold, face.bytes.bold);
  }
}

export type Run = { font: string; text: string };

/**
 * The text cut into runs, each in the first font that has its characters. Whitespace and line
 * breaks stay in the run they are in; a character no font has is replaced by "?".
 */
export function fontRuns(text: string, weight: Weight): Run[] {
  const fonts = chain();
  const runs: Run[] = [];
  let current = -1;
  for (const char of text.normalize("NFC")) {
    const codePoint = char.codePointAt(0)!;
    let index = char === "\n" || char === " " ? Math.max(current, 0) : fontIndexFor(codePoint);
    let drawn = char === "\t" ? " " : char;
    if (index === -1) {
      index = Math.max(current, 0);
      drawn = "?";
    }
    const font = fonts[index]!.name[weight];
    const last = runs.at(-1);
    if (last && last.font === font) last.text += drawn;
    else runs.push({ font, text: drawn });
    current = index;
  }
  return runs.length ? runs : [{ font: fonts[0]!.name[weight], text: "" }];
}

/**
 * One font for a whole table cell (pdfkit draws a cell in one font): the first in the chain that
 * has every character, else the first; characters that font lacks become "?".
 */
export function cellFont(text: string, weight: Weight): { font: string; text: string } {
  const fonts = chain();
  const chars = [...text.normalize("NFC")];
  const has = (face: Loaded, c: string) => !c.trim() || face.font.hasGlyphForCodePoint(c.codePointAt(0)!);
  const face = fonts.find((f) => chars.every((c) => has(f, c))) ?? fonts[0]!;
  return { font: face.name[weight], text: chars.map((c) => (has(face, c) ? c : "?")).join("") };
}
