// The printable report and its PDF: who may read them, and that the PDF is a real PDF whose
// text carries the vendor, the overall score, findings and evidence hashes.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie, type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { loader as pdfLoader } from "~/routes/assessments.$assessmentId_.report[.pdf]";
import { loader as reportLoader } from "~/routes/assessments.$assessmentId_.report/route";
import { formatScore } from "~/format";
import { sendTestAssessment, submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { pdfText } from "~/test/pdf-text";
import { renderReportPdf } from "./report-pdf.server";
import { getAssessmentReport } from "./report.server";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;
let assessmentId: string;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  for (const role of ["admin", "procurement", "risk_officer"] as const) {
    const user = await createUser(t.db, { role });
    if (role === "procurement") staff = { id: user.id, email: user.email, name: user.name, role };
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    cookies[role] = (await commitSessionCookie(session.token)).split(";")[0]!;
  }
  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  versionId = version!.id;
  const a = await submittedTestAssessment(
    t.db,
    staff,
    versionId,
    { name: "Quill Labelling", dataAccess: "training_or_model", criticality: "high" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  assessmentId = a.assessmentId;
  await t.db.insert(schema.findings).values({
    assessmentId,
    vendorId: a.vendorId,
    origin: "manual",
    key: `manual:${randomUUID()}`,
    questionId: "encryption-at-rest",
    sectionId: "security",
    severity: "critical",
    originalSeverity: "critical",
    title: "Model weights stored unencrypted",
    status: "risk_accepted",
    acceptedById: staff.id,
    acceptanceJustification: "Compensating controls",
    acceptanceExpiresOn: "2031-01-01",
    dueDate: "2030-06-30",
  });
  await t.db.insert(schema.evidenceFiles).values({
    assessmentId,
    questionId: "certificate",
    storageKey: `test/${randomUUID()}`,
    fileName: "iso-27001.pdf",
    contentType: "application/pdf",
    size: 2048,
    sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  });
});
afterAll(async () => t.dispose());

async function outcome(run: () => Promise<unknown>) {
  try {
    const value = await run();
    return { status: value instanceof Response ? value.status : 200, value };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("location") };
    if (thrown && typeof thrown === "object" && "init" in thrown)
      return { status: (thrown as { init?: { status?: number } }).init?.status ?? 500 };
    throw thrown;
  }
}

function request(path: string, cookie?: string) {
  return new Request(`http://localhost:3000${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

test("every staff role reads the report; signed-out visitors and vendors go to the login page", async () => {
  for (const role of ["admin", "procurement", "risk_officer"]) {
    const result = await outcome(() =>
      reportLoader({
        request: request(`/assessments/${assessmentId}/report`, cookies[role]),
        params: { assessmentId },
        context: {},
      }),
    );
    expect({ role, status: result.status }).toEqual({ role, status: 200 });
  }
  // A vendor has only the vendor session cookie, which is not a staff session.
  for (const cookie of [undefined, "assay_vendor=something"]) {
    for (const loader of [reportLoader, pdfLoader]) {
      const result = await outcome(() =>
        loader({
          request: request(`/assessments/${assessmentId}/report`, cookie),
          params: { assessmentId },
          context: {},
        }),
      );
      expect(result.status).toBe(302);
      expect(result.location).toMatch(/^\/login\?redirectTo=/);
    }
  }
  for (const id of [randomUUID(), "nope"]) {
    for (const loader of [reportLoader, pdfLoader]) {
      const result = await outcome(() =>
        loader({
          request: request(`/assessments/${id}/report`, cookies.risk_officer),
          params: { assessmentId: id },
          context: {},
        }),
      );
      expect(result.status).toBe(404);
    }
  }
});

test("the report has the summary, both scores, the explanation by points lost, findings with status and evidence hashes", async () => {
  const report = (await getAssessmentReport(t.db, assessmentId))!;
  const [stored] = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(
      and(
        eq(schema.assessmentScores.assessmentId, assessmentId),
        eq(schema.assessmentScores.kind, "submitted"),
      ),
    );
  expect(report.assessment.vendorName).toBe("Quill Labelling");
  expect(report.basis).toBe("submitted");
  expect(report.view.overall).toBe(stored!.overall);
  expect(report.scores.submitted!.overall).toBe(stored!.overall);
  expect(report.scores.current).not.toBeNull();
  const lost = report.view.why.map((row) => row.overallLost);
  expect(lost).toEqual([...lost].sort((a, b) => b - a));
  // Read from the findings register (submission may open more rows of its own).
  expect(report.findings).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        title: "Model weights stored unencrypted",
        severity: "critical",
        status: "risk_accepted",
        dueDate: "2030-06-30",
      }),
    ]),
  );
  const rank = { critical: 0, high: 1, medium: 2, low: 3 };
  const ranks = report.findings.map((f) => rank[f.severity]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(report.evidence).toEqual([
    expect.objectContaining({
      fileName: "iso-27001.pdf",
      size: 2048,
      sha256: expect.stringMatching(/^9f86d0/),
    }),
  ]);
});

test("without rows in the findings register, the report lists the engine's findings as not tracked yet", async () => {
  const other = await submittedTestAssessment(
    t.db,
    staff,
    versionId,
    { name: "Untracked Vendor" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  await t.db.delete(schema.findings).where(eq(schema.findings.assessmentId, other.assessmentId));
  const report = (await getAssessmentReport(t.db, other.assessmentId))!;
  expect(report.findings.length).toBeGreaterThan(0);
  expect(report.findings.every((f) => f.status === null && f.id === null)).toBe(true);
});

test("a provisional report for an assessment still being answered says so", async () => {
  const open = await sendTestAssessment(t.db, staff, versionId, { name: "Still Answering" });
  const report = (await getAssessmentReport(t.db, open.assessmentId))!;
  expect(report.basis).toBe("provisional");
  expect(report.scores).toEqual({ submitted: null, current: null });
  expect(pdfText(await renderReportPdf(report, { compress: false }))).toContain(
    "Provisional: not submitted.",
  );
});

test("the PDF is a PDF whose text has the vendor, the overall score, a finding and an evidence hash", async () => {
  const report = (await getAssessmentReport(t.db, assessmentId))!;
  const pdf = await renderReportPdf(report, { compress: false });
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.subarray(-6).toString("latin1")).toMatch(/%%EOF/);
  const text = pdfText(pdf);
  expect(text).toContain("Assessment report: Quill Labelling");
  expect(text).toContain(
    `Overall score: ${formatScore(report.view.overall)} out of 100`.replace("Overall score: ", ""),
  );
  expect(text).toContain("Model weights stored unencrypted");
  expect(text).toContain("Risk accepted");
  expect(text).toContain(
    "SHA-256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  );
  expect(text).toContain(report.view.why[0]!.text.slice(0, 20));
});

test("the PDF route answers a compressed PDF download", async () => {
  const response = (await pdfLoader({
    request: request(`/assessments/${assessmentId}/report.pdf`, cookies.risk_officer),
    params: { assessmentId },
    context: {},
  })) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  expect(response.headers.get("content-disposition")).toMatch(
    /^attachment; filename="assessment-report-quill-labelling-\d{4}-\d{2}-\d{2}\.pdf"; filename\*=UTF-8''assessment-report-quill-labelling-\d{4}-\d{2}-\d{2}\.pdf$/,
  );
  expect(response.headers.get("cache-control")).toBe("private, no-store");
  const body = Buffer.from(await response.arrayBuffer());
  expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(body.toString("latin1")).toContain("/FlateDecode");
});

test("arrows, accents, Chinese, Japanese and Korean print as written, in embedded fonts", async () => {
  const report = (await getAssessmentReport(t.db, assessmentId))!;
  const names = {
    vendor: "Zürich Łódź Şişli → 北京 ひかり 한국",
    finding: "Weights → unencrypted ⇒ “critical” — ≥ 3 copies, ½ off-site, 5 − 3",
  };
  const pdf = await renderReportPdf(
    {
      ...report,
      assessment: { ...report.assessment, vendorName: names.vendor },
      findings: [{ ...report.findings[0]!, title: names.finding }],
    },
    { compress: false },
  );
  const text = pdfText(pdf);
  expect(text).toContain(`Assessment report: ${names.vendor}`);
  expect(text).toContain(names.finding);
  expect(text).not.toContain("\uFFFD");
  // The fonts are embedded (subsets of the Noto families), not the standard 14.
  const source = pdf.toString("latin1");
  for (const family of ["NotoSans-Bold", "NotoSansHans-Bold", "NotoSansKR-Bold"]) {
    expect(source).toMatch(new RegExp(`/BaseFont /[A-Z]{6}\\+${family}`));
  }
  expect(source).toMatch(/\/FontFile[23]? \d+ 0 R/);
  expect(source).not.toContain("/BaseFont /Helvetica");
});

test("a character no embedded font has becomes a question mark, nothing else does", async () => {
  const report = (await getAssessmentReport(t.db, assessmentId))!;
  const pdf = await renderReportPdf(
    { ...report, assessment: { ...report.assessment, vendorName: "Tick ✓ → done 🙂" } },
    { compress: false },
  );
  expect(pdfText(pdf)).toContain("Assessment report: Tick ✓ → done ?");
});
