// The text of an uncompressed pdfkit PDF, for tests: each text fragment's glyph ids are mapped
// back to characters through its font's ToUnicode CMap (standard fonts such as Courier have
// none: their bytes are Windows-1252). Fragments on the same line (the same y in their text
// matrix, give or take the few points by which fonts' baselines differ) are joined, so "A → B"
// drawn in two fonts reads as one line. Not a general PDF parser.

function objectBody(source: string, id: string): string {
  const start = source.indexOf(`\n${id} 0 obj`);
  if (start === -1) return "";
  return source.slice(start, source.indexOf("endobj", start));
}

function toUnicodeMap(source: string, fontId: string): Map<number, string> | null {
  const ref = objectBody(source, fontId).match(/\/ToUnicode (\d+) 0 R/)?.[1];
  if (!ref) return null;
  const cmap = objectBody(source, ref);
  const map = new Map<number, string>();
  for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
    let code = parseInt(range[1]!, 16);
    for (const entry of range[3]!.matchAll(/<([0-9a-f ]+)>/gi)) {
      const units = entry[1]!.split(" ").map((hex) => parseInt(hex, 16));
      map.set(code++, String.fromCharCode(...units));
    }
  }
  return map;
}

export function pdfText(pdf: Buffer): string {
  const source = pdf.toString("latin1");
  const fonts = new Map<string, Map<number, string> | null>();
  for (const match of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    if (!fonts.has(match[1]!)) fonts.set(match[1]!, toUnicodeMap(source, match[2]!));
  }
  let font: Map<number, string> | null = null;
  let y: number | null = null;
  let size = 10;
  let text = "";
  // A number must end where it ends (no backtracking into its digits): binary font data would
  // otherwise make this pattern take exponential time.
  const tokens =
    /\/(F\d+)\s+([\d.]+)\s+Tf|[\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ [\d.-]+ ([\d.-]+) Tm|\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?(?![\d.]))*)\]\s*TJ/g;
  for (const token of source.matchAll(tokens)) {
    if (token[1]) {
      font = fonts.get(token[1]) ?? null;
      size = Number(token[2]);
    } else if (token[3]) {
      const next = Number(token[3]);
      // Lines are at least a font size apart; baselines of fonts on one line, much less.
      if (y !== null && Math.abs(next - y) > size / 2) text += "\n";
      y = next;
    } else {
      for (const hex of token[4]!.matchAll(/<([0-9a-fA-F]*)>/g)) {
        const bytes = Buffer.from(hex[1]!, "hex");
        if (!font) text += bytes.toString("latin1");
        else
          for (let i = 0; i + 1 < bytes.length; i += 2)
            text += font.get(bytes.readUInt16BE(i)) ?? "\uFFFD";
      }
    }
  }
  return text;
}
