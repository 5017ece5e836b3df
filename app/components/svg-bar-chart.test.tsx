// The server-drawn bar chart: an image named by its summary and described by its table, bars
// to scale on a round axis, values written on the bars, and no style attribute (the CSP).
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { axisScale, SvgBarChart } from "./svg-bar-chart";

test("the axis goes to a round number in at most five steps of 1, 2 or 5 × a power of ten", () => {
  expect(axisScale(0)).toEqual({ top: 1, step: 1 });
  expect(axisScale(3)).toEqual({ top: 3, step: 1 });
  expect(axisScale(7)).toEqual({ top: 8, step: 2 });
  expect(axisScale(42)).toEqual({ top: 50, step: 10 });
  expect(axisScale(1234)).toEqual({ top: 1500, step: 500 });
});

test("drawn on the server: an image with its summary, bars to scale, values written, no style attribute", () => {
  const html = renderToStaticMarkup(
    <SvgBarChart
      summary="Bar chart of 30 vendors by risk rating; most are High (20)."
      tableId="ratings-table"
      labels={["Low", "Medium", "High", "Critical"]}
      values={[0, 5, 20, 5]}
      colours={["#166534", "#92400e", "#b45309", "#991b1b"]}
      width={400}
      height={220}
    />,
  );
  expect(html).toContain('role="img"');
  expect(html).toContain(
    'aria-label="Bar chart of 30 vendors by risk rating; most are High (20)."',
  );
  expect(html).toContain('aria-describedby="ratings-table"');
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toContain("<canvas");
  const heights = [...html.matchAll(/<rect [^>]*height="([\d.]+)"[^>]*fill="(#\w+)"/g)].map((m) => [
    Number(m[1]),
    m[2],
  ]);
  expect(heights.map(([, fill]) => fill)).toEqual(["#166534", "#92400e", "#b45309", "#991b1b"]);
  const [low, medium, high, critical] = heights.map(([h]) => h as number);
  expect(low).toBe(0);
  expect(high).toBeCloseTo((medium as number) * 4, 5);
  expect(critical).toBe(medium);
  for (const label of ["Low", "Medium", "High", "Critical", ">20<", ">5<"])
    expect(html).toContain(label);
});
