// The little of fontkit (pdfkit's own font parser) that the report uses to choose a font per
// character (app/reports/pdf-fonts.server.ts). fontkit ships no types.
declare module "fontkit" {
  export type Font = { postscriptName: string; hasGlyphForCodePoint(codePoint: number): boolean };
  export function create(buffer: Buffer): Font;
}
