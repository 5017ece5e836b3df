// The imports land in a draft, and a draft made from a real template goes all the way:
// fixture → draft → publish → send → answer (docs/decisions/232-spreadsheet-import-into-draft.md,
// 233-vsaq-import.md). Real database (PGlite, or PostgreSQL with DATABASE_URL).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import {
  createQuestionnaireDraft,
  getDraft,
  publishDraft,
  saveDraft,
} from "~/authoring/drafts.server";
import { loadVendorWorkspace, submitAssessment } from "~/assessments/respond.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import {
  completeRequiredAnswers,
  saveTestAnswers,
  sendTestAssessment,
} from "~/test/assessment-factory";
import { importSpreadsheetDraft } from "./spreadsheet.server";
import { vsaqToDraft } from "./vsaq";
import { draftNotes } from "./import-common";

let t: TestDatabase;
let alice: { id: string; email: string; role: "procurement" };
beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  alice = (await createUser(t.db, { role: "procurement" })) as typeof alice;
});
afterAll(async () => {
  await t.dispose();
});

const FIXTURES = path.join(import.meta.dirname, "fixtures");

test("the CISA template: spreadsheet → draft with its notes → fixed as in the builder → published 1.0.0 → sent → answered and submitted", async () => {
  const imported = await importSpreadsheetDraft(
    await readFile(path.join(FIXTURES, "import", "cisa-ict-scrm-vendor-template.csv")),
    { format: "csv", name: "cisa-ict-scrm-vendor-template" },
  );
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const created = await createQuestionnaireDraft(t.db, {
    user: alice,
    document: imported.document,
    origin: "spreadsheet",
    notes: draftNotes(imported),
  });
  if (!created.ok) throw new Error(created.message);
  const draft = (await getDraft(t.db, created.id))!;
  expect(draft.origin).toBe("spreadsheet");
  expect(draft.content).toEqual(imported.document);
  expect(draft.notes).toContain(
    "Confirm: 'cisa-ict-scrm-vendor-template'!H12 (References): \"NIST-SP-800-161\" is not a framework Assay knows: kept as the organisation reference ORG:NIST-SP-800-161; confirm it",
  );

  // Publishing applies the library's rules too (a "No" that earns nothing must open a finding):
  // the team fixes that in the builder, here as the builder would save it.
  const refused = await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 1 });
  expect(refused.ok).toBe(false);
  expect(!refused.ok && "problems" in refused && refused.problems![0]!.message).toMatch(
    /must open a finding saying what is missing/,
  );
  const document = structuredClone(imported.document) as {
    sections: Array<{
      questions: Array<{ type: string; options?: Array<Record<string, unknown>> }>;
    }>;
  };
  for (const question of document.sections.flatMap((section) => section.questions)) {
    for (const option of question.options ?? []) {
      if (typeof option.credit === "number" && option.credit <= 0.5 && !option.finding) {
        option.finding = {
          severity: "medium",
          title: "Control not in place",
          remediation: "Put it in place.",
        };
      }
    }
  }
  const saved = await saveDraft(t.db, alice, draft.id, { document, revision: 1 });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  const published = await publishDraft(t.db, alice, draft.id, { version: "1.0.0", revision: 2 });
  expect(published, JSON.stringify(published)).toMatchObject({
    ok: true,
    published: true,
    version: "1.0.0",
  });
  if (!published.ok || !published.published) return;

  const assessment = await sendTestAssessment(t.db, alice as never, published.versionId, {
    name: "Imported Template Vendor",
  });
  expect(assessment.questionnaire.slug).toBe("cisa-ict-supply-chain-vendor-template");
  await saveTestAnswers(t.db, assessment, {
    "q-2-1": { kind: "value", value: "yes" },
    "q-2-1-1": { kind: "value", value: "By e-mail within 72 hours." },
    "q-2-2": { kind: "value", value: "alternate" },
    // The template's N/A, carried into the format's: it needs a justification.
    "q-2-3": { kind: "na", justification: "We build no hardware." },
  });
  await completeRequiredAnswers(t.db, assessment);
  const submitted = await submitAssessment(t.db, assessment.context);
  expect(submitted, JSON.stringify(submitted)).toMatchObject({ ok: true });
  const { answers } = await loadVendorWorkspace(t.db, assessment.assessmentId);
  expect(answers["q-2-1"]).toEqual({ kind: "value", value: "yes" });
  expect(answers["q-2-3"]).toEqual({ kind: "na", justification: "We build no hardware." });
  const [row] = await t.db
    .select({ status: schema.assessments.status })
    .from(schema.assessments)
    .where(eq(schema.assessments.id, assessment.assessmentId));
  expect(row!.status).not.toBe("sent");
});

test("VSAQ's questionnaire: JSON → draft → published as it was imported", async () => {
  const imported = vsaqToDraft(
    await readFile(path.join(FIXTURES, "vsaq", "physical_and_datacenter.json")),
  );
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  const created = await createQuestionnaireDraft(t.db, {
    user: alice,
    document: imported.document,
    origin: "vsaq",
    notes: draftNotes(imported),
  });
  if (!created.ok) throw new Error(created.message);
  const published = await publishDraft(t.db, alice, created.id, { version: "1.0.0", revision: 1 });
  expect(published, JSON.stringify(published)).toMatchObject({ ok: true, published: true });
});
