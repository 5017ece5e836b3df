// The tier and severity palette of app.css (docs/decisions/274-tier-palette.md): every chip's
// label is readable on its fill (WCAG 1.4.3, 4.5:1), the text colours read on white and on the
// page, and the four fills stay apart for people with each common colour-vision deficiency
// (simulated with Machado, Oliveira and Fernandes 2009, severity 1).
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { TIER_COLOURS } from "~/components/chart-colours";

const css = readFileSync(new URL("./app.css", import.meta.url), "utf8");
const root = css.slice(css.indexOf(":root"), css.indexOf("}", css.indexOf(":root")));
function variable(name: string): string {
  const match = root.match(new RegExp(`--${name}:\\s*(#[0-9a-f]{6})\\s*;`, "i"));
  if (!match) throw new Error(`app.css has no --${name} colour`);
  return match[1]!;
}

const TIERS = ["low", "medium", "high", "critical"] as const;

function linear(hex: string): [number, number, number] {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return c.map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
}
function luminance(hex: string) {
  const [r, g, b] = linear(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

type Matrix = number[][];
const SIMULATIONS: Record<string, Matrix> = {
  "normal vision": [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** CIELAB of a colour as seen with the simulated vision (D65). */
function lab(hex: string, m: Matrix): [number, number, number] {
  const v = linear(hex);
  const [r, g, b] = m.map((row) =>
    Math.min(1, Math.max(0, row[0]! * v[0] + row[1]! * v[1] + row[2]! * v[2])),
  ) as [number, number, number];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, i) => v - b[i]!));

test("each tier chip's label reads on its fill, and each tier's text colour on the page", () => {
  for (const tier of TIERS) {
    expect(
      contrast(variable(`tier-${tier}-ink`), variable(`tier-${tier}-fill`)),
      tier,
    ).toBeGreaterThanOrEqual(4.5);
    for (const background of [variable("surface"), variable("page")])
      expect(contrast(variable(tier), background), tier).toBeGreaterThanOrEqual(4.5);
  }
});

test("the four fills and chart colours stay clearly apart under deuteranopia, protanopia and tritanopia", () => {
  for (const tier of TIERS)
    expect(contrast(variable(`tier-${tier}-chart`), "#ffffff"), tier).toBeGreaterThanOrEqual(3);
  for (const [vision, matrix] of Object.entries(SIMULATIONS))
    for (const kind of ["fill", "chart"]) {
      for (let i = 0; i < TIERS.length; i++)
        for (let j = i + 1; j < TIERS.length; j++) {
          const a = lab(variable(`tier-${TIERS[i]}-${kind}`), matrix);
          const b = lab(variable(`tier-${TIERS[j]}-${kind}`), matrix);
          // ΔE*ab 20: far beyond "just noticeable" (about 2.3), a different colour at a glance.
          expect(distance(a, b), `${kind}: ${TIERS[i]} vs ${TIERS[j]}, ${vision}`).toBeGreaterThan(
            20,
          );
        }
    }
});

test("tiers are not told apart by colour alone: each chip has its own border style", () => {
  const borders = TIERS.map((tier) => {
    const rule = css.match(
      new RegExp(`\\.tag\\.tier-${tier[0]!.toUpperCase()}${tier.slice(1)},[^{]*\\{([^}]*)\\}`),
    );
    return rule?.[1]?.match(/border:\s*([^;]+);/)?.[1];
  });
  expect(borders.every(Boolean)).toBe(true);
  // Low and High are solid (outline vs filled), Medium dashed, Critical double.
  expect(borders.map((b) => b!.split(" ")[1])).toEqual(["solid", "dashed", "solid", "double"]);
});

test("the charts draw tiers in app.css's chart colours (one palette, not a copy that drifts)", () => {
  for (const tier of TIERS) {
    const name = `${tier[0]!.toUpperCase()}${tier.slice(1)}` as keyof typeof TIER_COLOURS;
    expect(TIER_COLOURS[name].toLowerCase(), tier).toBe(
      variable(`tier-${tier}-chart`).toLowerCase(),
    );
  }
});
