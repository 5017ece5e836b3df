// The declared supply chain in the database (decisions 240, 241): saving a supplier list or
// countries answer rewrites its rows in the same transaction; submitting opens a finding, with
// the question as its source, for every flow the buyer's policy forbids.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { uploadEvidence } from "~/assessments/evidence.server";
import { submitAssessment } from "~/assessments/respond.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import {
  completeRequiredAnswers,
  saveTestAnswers,
  sendTestAssessment,
} from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, libraryVersionId } from "~/test/factories";
import { getSupplyChainPolicy, saveSupplyChainPolicy } from "./declared.server";
import { SupplyChainPolicySchema } from "./policy";

let t: TestDatabase;
let staff: SessionUser;
let versionId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const user = await createUser(t.db, { role: "admin" });
  staff = { id: user.id, email: user.email, name: user.name, role: user.role };
  versionId = await libraryVersionId(t.db, "ai-model-vendor", "2.2.0");
});
afterAll(async () => t.dispose());

const gpu = {
  name: "Acme GPU Cloud",
  domain: "acmegpu.example",
  service: "cloud_compute",
  receives: ["training_data"],
  countries: ["US", "SG"],
  stateControlled: "no",
} as const;

test("saving a supplier list rewrites its rows; N/A leaves none", async () => {
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Declaring Vendor" });
  await saveTestAnswers(t.db, a, {
    "subprocessor-declaration": {
      kind: "value",
      value: {
        suppliers: [
          gpu,
          { ...gpu, name: "Label Co", domain: null, service: "labelling", countries: ["KE"] },
        ],
      },
    },
    "processing-countries": { kind: "value", value: ["IE", "DE"] },
  });
  const rows = await t.db
    .select()
    .from(schema.declaredSuppliers)
    .where(eq(schema.declaredSuppliers.assessmentId, a.assessmentId))
    .orderBy(schema.declaredSuppliers.position);
  expect(rows.map((r) => [r.position, r.name, r.domain, r.countries, r.vendorId])).toEqual([
    [0, "Acme GPU Cloud", "acmegpu.example", ["US", "SG"], a.vendorId],
    [1, "Label Co", null, ["KE"], a.vendorId],
  ]);
  const places = await t.db
    .select({ country: schema.declaredLocations.country })
    .from(schema.declaredLocations)
    .where(eq(schema.declaredLocations.assessmentId, a.assessmentId));
  expect(places.map((p) => p.country).sort()).toEqual(["DE", "IE"]);

  await saveTestAnswers(t.db, a, {
    "subprocessor-declaration": { kind: "na", justification: "No other company handles it." },
  });
  const after = await t.db
    .select()
    .from(schema.declaredSuppliers)
    .where(eq(schema.declaredSuppliers.assessmentId, a.assessmentId));
  expect(after).toEqual([]);
});

test("a flow into a country outside the allowed list opens a policy finding at submission", async () => {
  await saveSupplyChainPolicy(
    t.db,
    { id: staff.id, email: staff.email },
    SupplyChainPolicySchema.parse({ allowed: { training_data: ["EEA"] }, concern: [] }),
  );
  expect((await getSupplyChainPolicy(t.db)).allowed).toEqual({ training_data: ["EEA"] });
  const a = await sendTestAssessment(t.db, staff, versionId, { name: "Flowing Vendor" });
  // Every evidence question gets a file (they allow no N/A), then the declaration.
  const files: Record<string, { kind: "value"; value: string[] }> = {};
  for (const question of a.questionnaire.sections.flatMap((section) => section.questions)) {
    if (question.type !== "evidence") continue;
    const file = await uploadEvidence(
      t.db,
      { ...a.context, status: "in_progress" },
      a.questionnaire,
      {
        questionId: question.id,
        fileName: `${question.id}.pdf`,
        bytes: new TextEncoder().encode("%PDF-1.7\n%%EOF\n"),
      },
    );
    if (!file.ok) throw new Error(file.message);
    files[question.id] = { kind: "value", value: [file.file.id] };
  }
  await saveTestAnswers(t.db, a, {
    ...files,
    "subprocessor-declaration": { kind: "value", value: { suppliers: [gpu] } },
  });
  await completeRequiredAnswers(t.db, a);
  const submitted = await submitAssessment(t.db, a.context);
  expect(submitted).toEqual({ ok: true, alreadySubmitted: false });
  const findings = await t.db
    .select()
    .from(schema.findings)
    .where(
      and(eq(schema.findings.assessmentId, a.assessmentId), eq(schema.findings.origin, "policy")),
    )
    .orderBy(schema.findings.key);
  expect(findings.map((f) => [f.key, f.questionId, f.severity, f.status])).toEqual([
    [
      "subprocessor-declaration/policy:acmegpucloud:training_data:SG",
      "subprocessor-declaration",
      "high",
      "open",
    ],
    [
      "subprocessor-declaration/policy:acmegpucloud:training_data:US",
      "subprocessor-declaration",
      "high",
      "open",
    ],
  ]);
  expect(findings[0]!.title).toBe(
    "Acme GPU Cloud takes training data to a country outside the allowed list (SG)",
  );
  const events = await t.db
    .select()
    .from(schema.findingEvents)
    .where(eq(schema.findingEvents.findingId, findings[0]!.id));
  expect(events.map((e) => e.kind)).toEqual(["opened"]);
  // The rows the map reads are those of the submitted answers.
  const rows = await t.db
    .select({ name: schema.declaredSuppliers.name })
    .from(schema.declaredSuppliers)
    .where(eq(schema.declaredSuppliers.assessmentId, a.assessmentId));
  expect(rows).toEqual([{ name: "Acme GPU Cloud" }]);
});

test("the map: two vendors declaring one GPU cloud share one fourth party; its countries and a name suggestion", async () => {
  const { listProviders, listLocations, decideMatch, getProvider } = await import("./map.server");
  const cloud = {
    ...gpu,
    name: "Shared GPU Cloud",
    domain: "sharedgpu.example",
    countries: ["IE"],
  };
  for (const name of ["Map Vendor One", "Map Vendor Two"]) {
    const a = await sendTestAssessment(t.db, staff, versionId, { name });
    const files: Record<string, { kind: "value"; value: string[] }> = {};
    for (const question of a.questionnaire.sections.flatMap((section) => section.questions)) {
      if (question.type !== "evidence") continue;
      const file = await uploadEvidence(
        t.db,
        { ...a.context, status: "in_progress" },
        a.questionnaire,
        {
          questionId: question.id,
          fileName: `${question.id}.pdf`,
          bytes: new TextEncoder().encode("%PDF-1.7\n%%EOF\n"),
        },
      );
      if (!file.ok) throw new Error(file.message);
      files[question.id] = { kind: "value", value: [file.file.id] };
    }
    await saveTestAnswers(t.db, a, {
      ...files,
      "subprocessor-declaration": {
        kind: "value",
        value: {
          suppliers: [
            // One organisation under two hosts: one supplier on the map (decision 330).
            name === "Map Vendor Two"
              ? { ...cloud, name: "SharedGPU API", domain: "eu.api.sharedgpu.example" }
              : cloud,
            { ...gpu, name: "Flowing Vendr", domain: null, countries: ["IE"] },
          ],
        },
      },
    });
    await completeRequiredAnswers(t.db, a);
    expect((await submitAssessment(t.db, a.context)).ok).toBe(true);
  }
  const providers = await listProviders(t.db);
  const shared = providers.find((p) => p.key === "domain:sharedgpu.example")!;
  expect(shared.vendors.map((v) => v.name).sort()).toEqual(["Map Vendor One", "Map Vendor Two"]);
  expect(shared.hosts).toEqual(["eu.api.sharedgpu.example", "sharedgpu.example"]);
  expect(shared.domain).toBe("sharedgpu.example");
  expect(shared.registerVendor).toBeNull();
  expect(shared.criticalData).toBe(2);
  expect(providers[0]!.vendors.length).toBeGreaterThanOrEqual(2);
  // A name only: the register's "Flowing Vendor" is a suggestion until a person confirms it.
  const byName = providers.find((p) => p.key.startsWith("name:"))!;
  expect(byName.registerVendor).toBeNull();
  // The list works out no name suggestions (decision 365): the provider's own page does.
  expect(byName.suggestions).toEqual([]);
  const page = await getProvider(t.db, byName.key);
  expect(page?.flows.length).toBe(byName.flows.length);
  const suggestion = page!.suggestions.find((s) => s.name === "Flowing Vendor");
  expect(suggestion).toBeDefined();
  await decideMatch(t.db, staff, byName.key, suggestion!.vendorId, true);
  const after = (await listProviders(t.db)).find((p) => p.key === byName.key)!;
  expect(after.registerVendor).toMatchObject({ name: "Flowing Vendor", how: "confirmed" });
  // The map is cached against the supply-chain revision (decision 365): a rename moves it.
  await t.db
    .update(schema.vendors)
    .set({ name: "Map Vendor Uno" })
    .where(eq(schema.vendors.name, "Map Vendor One"));
  const renamed = (await listProviders(t.db)).find((p) => p.key === "domain:sharedgpu.example")!;
  expect(renamed.vendors.map((v) => v.name).sort()).toEqual(["Map Vendor Two", "Map Vendor Uno"]);
  const ireland = (await listLocations(t.db)).find((l) => l.country === "IE")!;
  expect(ireland.vendors).toBeGreaterThanOrEqual(2);
});

test("data locations read each vendor's latest submitted assessment, as the flows do", async () => {
  const { listLocations } = await import("./map.server");
  const { createAssessment } = await import("~/assessments/assessments.server");
  const first = await sendTestAssessment(t.db, staff, versionId, { name: "Moving Vendor" });
  const again = await createAssessment(t.db, staff, {
    vendorId: first.vendorId,
    questionnaireVersionId: versionId,
    dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
    message: "",
    contactIds: [],
    send: false,
  });
  if (!again.ok) throw new Error(again.message);
  const submit = (id: string, at: string) =>
    t.db
      .update(schema.assessments)
      .set({ status: "submitted", submittedAt: new Date(at) })
      .where(eq(schema.assessments.id, id));
  await submit(first.assessmentId, "2026-01-05T10:00:00Z");
  await submit(again.assessmentId, "2026-06-05T10:00:00Z");
  // Fiji then, Tonga now: the vendor has left Fiji.
  await t.db.insert(schema.declaredLocations).values([
    {
      assessmentId: first.assessmentId,
      vendorId: first.vendorId,
      questionId: "processing-countries",
      country: "FJ",
    },
    {
      assessmentId: again.assessmentId,
      vendorId: first.vendorId,
      questionId: "processing-countries",
      country: "TO",
    },
  ]);
  const places = await listLocations(t.db);
  expect(places.find((p) => p.country === "TO")?.vendors).toBe(1);
  expect(places.find((p) => p.country === "FJ")).toBeUndefined();
});
