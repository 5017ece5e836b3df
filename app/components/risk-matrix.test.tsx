import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { explainRiskRating, riskRating, TIERS } from "~/scoring/risk";
import { RiskMatrix } from "./risk-matrix";

test("the matrix marks, in words, the one cell that gives the rating", () => {
  const html = renderToStaticMarkup(<RiskMatrix inherent="High" residual="Medium" />);
  const rows = html.split("<tr>").slice(2); // after the header row
  expect(rows).toHaveLength(4);
  const marked = rows.map((r) =>
    r
      .split("<td")
      .slice(1)
      .findIndex((c) => c.includes("this assessment")),
  );
  // Only the High row, in the Medium column.
  expect(marked).toEqual([-1, -1, 1, -1]);
  expect(rows[2]).toContain("High inherent");
  expect(html.match(/this assessment<\/strong>/g)).toHaveLength(1);
  expect(html).toContain("This assessment: High inherent, Medium residual.");
  // Every cell is the engine's own rating.
  for (const [r, inherent] of TIERS.entries()) {
    const cells = rows[r]!.split("<td").slice(1);
    TIERS.forEach((residual, c) =>
      expect(cells[c]).toContain(`>${riskRating(inherent, residual)}</span>`),
    );
  }
});

test("the rating is explained in a sentence", () => {
  expect(explainRiskRating("Critical", "Low")).toBe(
    "Critical inherent risk (what the vendor can reach) and a Low residual tier (how well its answers cover it) give a Medium risk rating in the 4×4 matrix.",
  );
});
