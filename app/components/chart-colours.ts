// Chart colours, shared by the Chart.js charts and the server-drawn SVG ones: the palette of
// app.css (--low … --critical) and the brand colour, as literal values (a canvas cannot read
// CSS custom properties without a layout round trip, and these never change at run time).
import { type Tier } from "~/scoring/risk";

export const TIER_COLOURS: Record<Tier, string> = {
  Low: "#166534",
  Medium: "#92400e",
  High: "#b45309",
  Critical: "#991b1b",
};
export const BRAND = "#1d4ed8";
export const MUTED = "#4b5563";
