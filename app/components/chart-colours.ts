// Chart colours, shared by the Chart.js charts and the server-drawn SVG ones: app.css's chart
// palette (--tier-<tier>-chart, docs/decisions/274-tier-palette.md: 3:1 on white, apart under
// each colour-vision deficiency) and the brand colour, as literal values (a canvas cannot read
// CSS custom properties without a layout round trip, and these never change at run time).
// app/styles/palette.test.ts checks they equal app.css's.
import { type Tier } from "~/scoring/risk";

export const TIER_COLOURS: Record<Tier, string> = {
  Low: "#3d7cc9",
  Medium: "#b08900",
  High: "#9c3d00",
  Critical: "#5b0b2b",
};
export const BRAND = "#1d4ed8";
export const MUTED = "#4b5563";
