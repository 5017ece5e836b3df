// Change notices on a real database: the declared row reaches the map's tables, the owner's
// mail is queued, and the buyer's rule opens a finding or drafts a re-assessment — all in
// one transaction.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { getSettings, updateSettings } from "~/settings/settings.server";
import {
  sendTestAssessment,
  submittedTestAssessment,
  type TestAssessment,
} from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { ChangeNoticeSchema, CHANGE_NOTICE_QUESTION } from "./change-notices";
import { declareChange } from "./change-notices.server";

let t: TestDatabase;
let owner: SessionUser;
let submitted: TestAssessment;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "admin", name: "Olive Owner" });
  owner = { id: user.id, email: user.email, name: user.name, role: "admin" };
  versionId = await libraryVersionId(t.db, "training-data-supplier", "1.0.0");
  submitted = await submittedTestAssessment(
    t.db,
    owner,
    versionId,
    { name: "Nimbus AI" },
    { fixture: "training-data-supplier-1.0.0.mixed" },
  );
}, 120_000);
afterAll(async () => t?.dispose());

function notice(input: Record<string, unknown>) {
  return ChangeNoticeSchema.parse(input);
}

test("the form's schema: names or codes for countries, a domain from a URL, what is required per kind", () => {
  expect(
    notice({
      kind: "new_subprocessor",
      name: " GPU Cloud ",
      domain: "https://www.gpucloud.example/x",
      receives: ["weights", "training_data"],
      countries: "Germany, us",
      service: "cloud_compute",
    }),
  ).toEqual({
    kind: "new_subprocessor",
    name: "GPU Cloud",
    domain: "gpucloud.example",
    service: "cloud_compute",
    receives: ["training_data", "weights"],
    countries: ["DE", "US"],
    description: "",
  });
  expect(
    notice({ kind: "new_model_or_host", name: "Model Labs", receives: "prompts_outputs" }).service,
  ).toBe("model_api");
  const bad = ChangeNoticeSchema.safeParse({
    kind: "new_subprocessor",
    domain: "not a site",
    countries: "Atlantis",
  });
  expect(bad.success).toBe(false);
  expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
    ["countries", "“Atlantis” is not a country: use names like Germany or codes like DE"],
    ["domain", "Enter a website like gpucloud.example"],
    ["name", "Enter the provider's name"],
    ["receives", "Choose what of our data it receives (or “none”)"],
  ]);
  expect(
    ChangeNoticeSchema.safeParse({ kind: "new_country", countries: "" }).error?.issues[0]?.message,
  ).toBe("Enter the new country");
  expect(ChangeNoticeSchema.safeParse({ kind: "sideways" }).error?.issues[0]?.message).toBe(
    "Choose what changed",
  );
});

test("a new sub-processor: a row on the latest submitted assessment, a finding, the owner mailed, audited", async () => {
  const link = await sendTestAssessment(t.db, owner, versionId, { name: "Other Vendor" });
  // The contact of a later, still open assessment of the same vendor declares it.
  const later = await sendTestAssessment(t.db, owner, versionId, { name: "Nimbus AI 2" });
  expect(later.vendorId).not.toBe(submitted.vendorId);
  const outcome = await declareChange(
    t.db,
    submitted.context,
    notice({
      kind: "new_subprocessor",
      name: "GPU Cloud",
      domain: "gpucloud.example",
      receives: ["training_data"],
      countries: "SG",
      description: "Extra capacity for fine-tuning.",
    }),
  );
  expect(outcome.rule).toBe("finding");
  const rows = await t.db
    .select()
    .from(schema.declaredSuppliers)
    .where(
      and(
        eq(schema.declaredSuppliers.assessmentId, submitted.assessmentId),
        eq(schema.declaredSuppliers.questionId, CHANGE_NOTICE_QUESTION),
      ),
    );
  expect(rows).toMatchObject([
    {
      position: 0,
      name: "GPU Cloud",
      domain: "gpucloud.example",
      receives: ["training_data"],
      countries: ["SG"],
      source: "change_notice",
    },
  ]);
  const [finding] = await t.db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.id, "findingId" in outcome ? outcome.findingId : ""));
  expect(finding).toMatchObject({
    origin: "policy",
    severity: "high",
    status: "open",
    ownerId: owner.id,
    title: "Change notice — A new sub-processor: GPU Cloud (gpucloud.example), in Singapore",
    guidance: "The vendor wrote: Extra capacity for fine-tuning.",
  });
  const mails = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.kind, "supply_chain_change_notice"));
  expect(mails).toHaveLength(1);
  expect(mails[0]).toMatchObject({
    to: owner.email,
    subject: "Nimbus AI declared a supply-chain change",
  });
  expect(mails[0]?.text).toContain(
    "declared a change in their AI supply chain: A new sub-processor: GPU Cloud (gpucloud.example), in Singapore.",
  );
  expect(mails[0]?.text).toContain(`/findings/${finding!.id}`);
  const audit = await t.db
    .select()
    .from(schema.auditEvents)
    .where(eq(schema.auditEvents.action, "supply_chain.change_declared"));
  expect(audit).toHaveLength(1);
  // A second notice takes the next position.
  await declareChange(
    t.db,
    submitted.context,
    notice({ kind: "new_model_or_host", name: "Model Labs", receives: "none" }),
  );
  const positions = await t.db
    .select({
      position: schema.declaredSuppliers.position,
      service: schema.declaredSuppliers.service,
    })
    .from(schema.declaredSuppliers)
    .where(eq(schema.declaredSuppliers.questionId, CHANGE_NOTICE_QUESTION));
  expect(positions.sort((a, b) => a.position - b.position)).toEqual([
    { position: 0, service: "other" },
    { position: 1, service: "model_api" },
  ]);
  expect(link.vendorId).toBeTruthy();
});

test("a new country lands in declared locations", async () => {
  await declareChange(
    t.db,
    submitted.context,
    notice({ kind: "new_country", countries: "India; Brazil" }),
  );
  const rows = await t.db
    .select({ country: schema.declaredLocations.country, source: schema.declaredLocations.source })
    .from(schema.declaredLocations)
    .where(eq(schema.declaredLocations.assessmentId, submitted.assessmentId));
  expect(rows.sort((a, b) => a.country.localeCompare(b.country))).toEqual([
    { country: "BR", source: "change_notice" },
    { country: "IN", source: "change_notice" },
  ]);
});

test("with the re-assessment rule a draft re-assessment is made for the owner instead of a finding", async () => {
  await updateSettings(t.db, owner, {
    ...(await getSettings(t.db)),
    changeNoticeRule: "reassessment",
  });
  const before = (await t.db.select().from(schema.findings)).length;
  const outcome = await declareChange(
    t.db,
    submitted.context,
    notice({ kind: "new_model_or_host", name: "Host Co", receives: "weights" }),
  );
  expect(outcome.rule).toBe("reassessment");
  const [draft] = await t.db
    .select()
    .from(schema.assessments)
    .where(eq(schema.assessments.id, "assessmentId" in outcome ? outcome.assessmentId : ""));
  expect(draft).toMatchObject({
    vendorId: submitted.vendorId,
    status: "draft",
    questionnaireVersionId: versionId,
  });
  expect((await t.db.select().from(schema.findings)).length).toBe(before);
  const mails = await t.db
    .select()
    .from(schema.mailOutbox)
    .where(eq(schema.mailOutbox.kind, "supply_chain_change_notice"));
  expect(mails.at(-1)?.text).toContain("a draft is ready for you to check and send");
  await updateSettings(t.db, owner, { ...(await getSettings(t.db)), changeNoticeRule: "finding" });
});

test("nothing is half-saved: a failure after the row is written rolls the row back too", async () => {
  const count = async () => (await t.db.select().from(schema.declaredSuppliers)).length;
  const before = await count();
  await expect(
    declareChange(
      t.db,
      { ...submitted.context, assessmentId: "00000000-0000-4000-8000-000000000000" },
      notice({ kind: "new_subprocessor", name: "X", receives: "none" }),
    ),
  ).rejects.toThrow(/There is no assessment/);
  // The row goes in first; the finding then fails (PostgreSQL refuses NUL in text), so the
  // row must go too.
  const poisoned = notice({
    kind: "new_subprocessor",
    name: "Y",
    receives: "none",
    description: "bad\u0000byte",
  });
  await expect(declareChange(t.db, submitted.context, poisoned)).rejects.toThrow();
  expect(await count()).toBe(before);
  await t.db
    .update(schema.vendors)
    .set({ ownerId: owner.id })
    .where(eq(schema.vendors.id, submitted.vendorId));
});
