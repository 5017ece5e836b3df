// "Why this score", one component for the result page and the printable report.
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test, vi } from "vitest";
import { type EvidenceItem } from "~/assessments/evidence-view";
import { type WhyRow } from "~/assessments/result-view";
import { WhyThisScore } from "./why-this-score";

// The export links read the router's location; outside a router they are shown as their path.
vi.mock("./export-links", () => ({
  ExportLinks: ({ path }: { path: string }) => <p className="export-links">{path}</p>,
}));

const row = (questionId: string, over: Partial<WhyRow> = {}): WhyRow => ({
  questionId,
  text: `Question ${questionId}?`,
  sectionTitle: "Data",
  applicability: "scored",
  answer: "No",
  rule: "“No” earns 0 credit.",
  weight: 2,
  sectionWeight: 3,
  credit: 1 / 3,
  pointsEarned: 0,
  pointsPossible: 2,
  overallLost: 4.25,
  references: ["ISO 42001 A.7.2"],
  knockout: false,
  verified: false,
  ...over,
});
const view = {
  why: [row("dpa", { knockout: true })],
  notCounted: [row("hosted", { rule: "Answered N/A, so left out of the score." })],
  warnings: [{ questionId: "extra", message: "Not a question of this version" }],
};
const evidence: Record<string, EvidenceItem[]> = {
  dpa: [
    {
      id: "f1",
      assessmentId: "a1",
      questionId: "dpa",
      findingId: null,
      fileName: "dpa.pdf",
      contentType: "application/pdf",
      size: 1200,
      sha256: "ab".repeat(32),
      uploadedAt: "2026-12-01T10:00:00.000Z",
      uploadedBy: "Rae",
      href: "/x/f1",
    },
  ],
};

test("the page: export links, scroll regions, evidence beside answers, left-out questions folded", () => {
  const html = renderToStaticMarkup(<WhyThisScore view={view} evidence={evidence} />);
  expect(html).toContain('class="panel"');
  expect(html).toContain("result/export/why");
  expect(html).toContain('role="region"');
  expect(html).toContain("dpa.pdf");
  expect(html).toMatch(
    /<details class="not-counted"><summary>Questions left out of the score \(1\)/,
  );
  expect(html).toContain("Answers the score ignored");
});

test("the report: the same rows and rules, every part shown, no export links; wide tables scroll on a phone", () => {
  const html = renderToStaticMarkup(<WhyThisScore view={view} print />);
  expect(html).toContain('class="report-part"');
  expect(html).not.toContain("result/export/why");
  expect(html).toContain('role="region"');
  expect(html).not.toContain("<details");
  expect(html).toMatch(
    /<h3>Questions left out of the score \(1\)<\/h3><div class="table-wrap"[^>]*><table class="report-table">/,
  );
  for (const text of [
    "Question dpa?",
    "Knockout",
    "4.3",
    "0.33",
    "3 × 2",
    "ISO 42001 A.7.2",
    "Answered N/A, so left out of the score.",
    "Not a question of this version",
  ])
    expect(html).toContain(text);
  // The credit and points are formatted once, the same way as on the page.
  const page = renderToStaticMarkup(<WhyThisScore view={view} />);
  const cells = (s: string) => s.match(/<td class="num">[^<]*<\/td>/g);
  expect(cells(html)).toEqual(cells(page));
});
