// The read-only API end to end through its loaders, on a real migrated database: token
// authentication (missing, malformed, unknown, revoked), pagination, filters, 400s, 404s, the
// shapes of every endpoint, and the API token admin page (shown once, stored hashed, revoke
// audited).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie, hashToken, type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { sendTestAssessment, submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, createVendor, formRequest, PASSWORD } from "~/test/factories";
import { loader as assessmentLoader } from "~/routes/api.v1.assessments.$assessmentId._index";
import { loader as scoresLoader } from "~/routes/api.v1.assessments.$assessmentId.scores";
import { loader as assessmentsLoader } from "~/routes/api.v1.assessments._index";
import { loader as findingLoader } from "~/routes/api.v1.findings.$findingId";
import { loader as findingsLoader } from "~/routes/api.v1.findings._index";
import { loader as vendorLoader } from "~/routes/api.v1.vendors.$vendorId";
import { loader as vendorsLoader } from "~/routes/api.v1.vendors._index";
import { loader as unknownLoader } from "~/routes/api.v1.$";
import { action as tokensAction, loader as tokensPageLoader } from "~/routes/admin.api-tokens";
import { apiMethodRefusal } from "./errors";
import { createApiToken, LAST_USED_RESOLUTION_MS, revokeApiToken } from "./tokens.server";
import { authenticateApiRequest } from "./tokens.server";

let t: TestDatabase;
let admin: SessionUser;
let adminCookie: string;
let token: string;
let vendorA: string;
let submittedId: string;
let draftVendorId: string;
let findingId: string;

type Loader = (args: LoaderFunctionArgs) => Promise<Response>;

async function call(
  loader: Loader,
  path: string,
  params: Record<string, string> = {},
  auth: string | null = `Bearer ${token}`,
) {
  const request = new Request(`http://localhost:3000${path}`, {
    headers: auth === null ? {} : { Authorization: auth },
  });
  const response = await loader({ request, params, context: {} });
  return { response, status: response.status, body: (await response.json()) as any }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const adminRow = await createUser(t.db, { role: "admin", name: "Ada Admin" });
  admin = { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: "admin" };
  const session = await login(t.db, { email: adminRow.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  adminCookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  token = (await createApiToken(t.db, admin, "Test integration")).token;

  const [version] = await t.db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  const submitted = await submittedTestAssessment(
    t.db,
    admin,
    version!.id,
    {
      name: "Apex Labels",
      category: "data_supplier",
      dataAccess: "training_or_model",
      criticality: "high",
    },
    { fixture: "training-data-supplier-1.0.0.mixed" },
  );
  vendorA = submitted.vendorId;
  submittedId = submitted.assessmentId;
  const draft = await sendTestAssessment(t.db, admin, version!.id, {
    name: "Brightline Compute",
    category: "cloud_infrastructure",
    dataAccess: "business",
    criticality: "low",
  });
  draftVendorId = draft.vendorId;
  for (const name of ["Cobalt Models", "Delta Data", "Echo Annotators"]) {
    await createVendor(t.db, {
      name,
      category: "model_api",
      dataAccess: "none",
      criticality: "low",
    });
  }
  await createVendor(t.db, {
    name: "Zulu Archived",
    category: "other",
    dataAccess: "none",
    criticality: "low",
    archivedAt: new Date(),
  });
  const [finding] = await t.db
    .insert(schema.findings)
    .values({
      assessmentId: submittedId,
      vendorId: vendorA,
      origin: "manual",
      key: `manual:${randomUUID()}`,
      questionId: "encryption-at-rest",
      sectionId: "security",
      severity: "high",
      originalSeverity: "high",
      title: "Training data not encrypted at rest",
      references: ["NCSC-SC:4"],
      status: "in_progress",
      dueDate: "2030-01-31",
      createdById: admin.id,
    })
    .returning();
  findingId = finding!.id;
  await t.db.insert(schema.findingComments).values([
    { findingId, visibility: "internal", body: "Staff-only note", authorUserId: admin.id },
    { findingId, visibility: "shared", body: "Please send the KMS policy", authorUserId: admin.id },
  ]);
});
afterAll(async () => t.dispose());

test("a request without a token is refused with 401 JSON and a Bearer challenge", async () => {
  const { status, body, response } = await call(vendorsLoader, "/api/v1/vendors", {}, null);
  expect(status).toBe(401);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("www-authenticate")).toBe('Bearer realm="assay"');
  expect(response.headers.get("cache-control")).toBe("no-store");
  expect(body.error.code).toBe("unauthorized");
  expect(body.error.message).toMatch(/Authorization: Bearer/);
});

test("malformed, unknown and revoked tokens are refused with 401 JSON saying why", async () => {
  const cases: Array<[string, RegExp]> = [
    [`Basic ${Buffer.from("a:b").toString("base64")}`, /malformed/],
    ["Bearer", /malformed/],
    ["Bearer not-a-token", /not an Assay API token/],
    [`Bearer ${token.slice(0, -1)}`, /not an Assay API token/],
    [`Bearer assay_${"A".repeat(43)}`, /not known/],
  ];
  for (const [header, message] of cases) {
    const { status, body, response } = await call(vendorsLoader, "/api/v1/vendors", {}, header);
    expect({ header, status }).toEqual({ header, status: 401 });
    expect(body.error.message).toMatch(message);
    expect(response.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="assay", error="invalid_token"$/,
    );
  }
  const doomed = await createApiToken(t.db, admin, "Doomed");
  expect((await call(vendorsLoader, "/api/v1/vendors", {}, `Bearer ${doomed.token}`)).status).toBe(
    200,
  );
  await revokeApiToken(t.db, admin, doomed.id);
  const revoked = await call(vendorsLoader, "/api/v1/vendors", {}, `Bearer ${doomed.token}`);
  expect(revoked.status).toBe(401);
  expect(revoked.body.error.message).toMatch(/revoked/);
});

test("a token stops working when the admin who created it is deactivated", async () => {
  const other = await createUser(t.db, { role: "admin" });
  const made = await createApiToken(t.db, { id: other.id, email: other.email }, "Leaver's");
  expect((await call(vendorsLoader, "/api/v1/vendors", {}, `Bearer ${made.token}`)).status).toBe(
    200,
  );
  await t.db
    .update(schema.users)
    .set({ status: "deactivated" })
    .where(eq(schema.users.id, other.id));
  const refused = await call(vendorsLoader, "/api/v1/vendors", {}, `Bearer ${made.token}`);
  expect(refused.status).toBe(401);
  expect(refused.body.error.message).toMatch(/no longer active/);
});

test("last use is recorded, at most once a minute", async () => {
  const made = await createApiToken(t.db, admin, "Clocked");
  const lastUsed = async () =>
    (await t.db.select().from(schema.apiTokens).where(eq(schema.apiTokens.id, made.id)))[0]!
      .lastUsedAt;
  const request = () =>
    new Request("http://localhost/api/v1/vendors", {
      headers: { Authorization: `Bearer ${made.token}` },
    });
  const t0 = new Date("2030-01-01T10:00:00Z");
  await authenticateApiRequest(t.db, request(), t0);
  expect(await lastUsed()).toEqual(t0);
  await authenticateApiRequest(t.db, request(), new Date(t0.getTime() + 30_000));
  expect(await lastUsed()).toEqual(t0);
  const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS + 1);
  await authenticateApiRequest(t.db, request(), later);
  expect(await lastUsed()).toEqual(later);
});

test("vendors: filters like the UI list, paginated with a next link that keeps the filters", async () => {
  const all = await call(vendorsLoader, "/api/v1/vendors");
  expect(all.status).toBe(200);
  expect(all.body.data.map((v: { name: string }) => v.name)).toEqual([
    "Apex Labels",
    "Brightline Compute",
    "Cobalt Models",
    "Delta Data",
    "Echo Annotators",
  ]);
  expect(all.body.next).toBeNull();

  const first = await call(
    vendorsLoader,
    "/api/v1/vendors?limit=2&category=model_api&archived=include",
  );
  expect(first.body.data.map((v: { name: string }) => v.name)).toEqual([
    "Cobalt Models",
    "Delta Data",
  ]);
  expect(first.body.total).toBe(3);
  const next = new URL(first.body.next, "http://localhost:3000");
  expect(Object.fromEntries(next.searchParams)).toEqual({
    limit: "2",
    category: "model_api",
    archived: "include",
    page: "2",
  });
  const second = await call(vendorsLoader, `${next.pathname}${next.search}`);
  expect(second.body.data.map((v: { name: string }) => v.name)).toEqual(["Echo Annotators"]);
  expect(second.body.next).toBeNull();

  const archived = await call(vendorsLoader, "/api/v1/vendors?archived=only");
  expect(archived.body.data.map((v: { name: string }) => v.name)).toEqual(["Zulu Archived"]);
  const searched = await call(vendorsLoader, "/api/v1/vendors?q=bright");
  expect(searched.body.data).toHaveLength(1);
  expect(searched.body.data[0]).toMatchObject({
    name: "Brightline Compute",
    category: "cloud_infrastructure",
    inherentTier: "Medium",
  });
});

test("bad query parameters are a 400 with the parameter named", async () => {
  for (const [path, parameter] of [
    ["/api/v1/vendors?limit=500", "limit"],
    ["/api/v1/vendors?limit=0", "limit"],
    ["/api/v1/vendors?page=abc", "page"],
    ["/api/v1/vendors?page=1000001", "page"],
    // Integers are plain decimal digits, as docs/openapi.yaml says (not read as 16, 7, 10, 7).
    ["/api/v1/vendors?limit=0x10", "limit"],
    ["/api/v1/vendors?limit=%2B7", "limit"],
    ["/api/v1/vendors?limit=1e1", "limit"],
    ["/api/v1/vendors?limit=7.0", "limit"],
    ["/api/v1/vendors?category=robots", "category"],
    ["/api/v1/vendors?colour=blue", "colour"],
    ["/api/v1/assessments?vendorId=nope", "vendorId"],
    ["/api/v1/findings?severity=apocalyptic", "severity"],
  ] as const) {
    const loader = path.startsWith("/api/v1/vendors")
      ? vendorsLoader
      : path.startsWith("/api/v1/assessments")
        ? assessmentsLoader
        : findingsLoader;
    const { status, body } = await call(loader, path);
    expect({ path, status }).toEqual({ path, status: 400 });
    expect(body.error.code).toBe("invalid_query");
    expect(body.error.message).toContain(parameter);
    expect(body.error.details.issues.length).toBeGreaterThan(0);
  }
  const repeated = await call(vendorsLoader, "/api/v1/vendors?limit=1&limit=2");
  expect(repeated.status).toBe(400);
  expect(repeated.body.error.message).toMatch(/once: limit/);
});

test("unknown or malformed ids are a 404 JSON", async () => {
  const missing = randomUUID();
  for (const [loader, name, value] of [
    [vendorLoader, "vendorId", missing],
    [vendorLoader, "vendorId", "not-a-uuid"],
    [assessmentLoader, "assessmentId", missing],
    [scoresLoader, "assessmentId", missing],
    [findingLoader, "findingId", missing],
  ] as const) {
    const { status, body, response } = await call(loader, `/api/v1/x/${value}`, { [name]: value });
    expect({ name, value, status }).toEqual({ name, value, status: 404 });
    expect(body.error.code).toBe("not_found");
    expect(response.headers.get("content-type")).toMatch(/json/);
  }
  const elsewhere = await call(unknownLoader, "/api/v1/nothing-here");
  expect(elsewhere.status).toBe(404);
  expect(elsewhere.body.error.message).toMatch(/no API endpoint/);
});

test("a vendor, with its contacts", async () => {
  const { status, body } = await call(vendorLoader, `/api/v1/vendors/${vendorA}`, {
    vendorId: vendorA,
  });
  expect(status).toBe(200);
  expect(body.data).toMatchObject({ id: vendorA, name: "Apex Labels", inherentTier: "Critical" });
  expect(body.data.contacts).toHaveLength(1);
});

test("assessments: filtered by vendor and status, with score summaries; one with its answers", async () => {
  const byVendor = await call(assessmentsLoader, `/api/v1/assessments?vendorId=${vendorA}`);
  expect(byVendor.body.data).toHaveLength(1);
  const [row] = byVendor.body.data;
  const [stored] = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(
      and(
        eq(schema.assessmentScores.assessmentId, submittedId),
        eq(schema.assessmentScores.kind, "submitted"),
      ),
    );
  expect(row).toMatchObject({
    id: submittedId,
    vendorName: "Apex Labels",
    status: "submitted",
    questionnaire: { slug: "training-data-supplier", version: "1.0.0" },
  });
  expect(row.scores.submitted.overall).toBe(stored!.overall);
  expect(row.scores.current).not.toBeNull();

  const sent = await call(assessmentsLoader, "/api/v1/assessments?status=sent");
  expect(sent.body.data.map((a: { vendorId: string }) => a.vendorId)).toEqual([draftVendorId]);
  expect(sent.body.data[0].scores).toEqual({ submitted: null, current: null });

  const paged = await call(assessmentsLoader, "/api/v1/assessments?limit=1");
  expect(paged.body.data).toHaveLength(1);
  expect(paged.body.next).toBe("/api/v1/assessments?limit=1&page=2");

  const one = await call(assessmentLoader, `/api/v1/assessments/${submittedId}`, {
    assessmentId: submittedId,
  });
  expect(one.status).toBe(200);
  expect(one.body.data.answers.length).toBeGreaterThan(5);
  const answer = one.body.data.answers[0];
  expect(answer).toHaveProperty("questionId");
  expect(answer).toHaveProperty("answerText");
  expect(answer.answer).toHaveProperty("kind");
  expect(Array.isArray(one.body.data.evidence)).toBe(true);
});

test("scores: the submitted and current results, with the explanation", async () => {
  const { status, body } = await call(scoresLoader, `/api/v1/assessments/${submittedId}/scores`, {
    assessmentId: submittedId,
  });
  expect(status).toBe(200);
  const [stored] = await t.db
    .select()
    .from(schema.assessmentScores)
    .where(
      and(
        eq(schema.assessmentScores.assessmentId, submittedId),
        eq(schema.assessmentScores.kind, "submitted"),
      ),
    );
  expect(body.data.submitted.overall).toBe(stored!.overall);
  expect(body.data.submitted.questions.length).toBeGreaterThan(5);
  expect(body.data.submitted.questions[0]).toHaveProperty("overallLost");
  expect(body.data.current.kind).toBe("current");
  const lost = body.data.submitted.questions.reduce(
    (sum: number, q: { overallLost: number }) => sum + q.overallLost,
    0,
  );
  expect(lost).toBeCloseTo(100 - stored!.overall!, 6);
});

test("findings: filters, and one finding with its history and both kinds of comment", async () => {
  const high = await call(findingsLoader, "/api/v1/findings?severity=high&status=in_progress");
  expect(high.body.data.map((f: { id: string }) => f.id)).toContain(findingId);
  const low = await call(findingsLoader, "/api/v1/findings?severity=low&status=in_progress");
  expect(low.body.data.map((f: { id: string }) => f.id)).not.toContain(findingId);
  const byAssessment = await call(findingsLoader, `/api/v1/findings?assessmentId=${submittedId}`);
  expect(
    byAssessment.body.data.every((f: { assessmentId: string }) => f.assessmentId === submittedId),
  ).toBe(true);
  const otherVendor = await call(findingsLoader, `/api/v1/findings?vendorId=${draftVendorId}`);
  expect(otherVendor.body.data).toEqual([]);

  const one = await call(findingLoader, `/api/v1/findings/${findingId}`, { findingId });
  expect(one.body.data).toMatchObject({
    title: "Training data not encrypted at rest",
    status: "in_progress",
    severity: "high",
    dueDate: "2030-01-31",
    references: ["NCSC-SC:4"],
    sharedWithVendor: false,
  });
  expect(one.body.data.comments.map((c: { visibility: string }) => c.visibility).sort()).toEqual([
    "internal",
    "shared",
  ]);
});

test("anything but GET on /api/ is a 405 JSON before any origin check", async () => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]) {
    const refusal = apiMethodRefusal(method, "/api/v1/vendors")!;
    expect(refusal.status).toBe(405);
    expect(refusal.headers.get("allow")).toBe("GET, HEAD");
    expect(((await refusal.json()) as { error: { code: string } }).error.code).toBe(
      "method_not_allowed",
    );
  }
  expect(apiMethodRefusal("GET", "/api/v1/vendors")).toBeNull();
  expect(apiMethodRefusal("HEAD", "/api/v1/vendors")).toBeNull();
  expect(apiMethodRefusal("POST", "/admin/api-tokens")).toBeNull();
});

test("admins create a token that is shown once and stored only as its hash; revoking is audited", async () => {
  const response = await tokensAction({
    request: formRequest(
      "/admin/api-tokens",
      { intent: "create", name: "GRC sync" },
      { Cookie: adminCookie },
    ),
    params: {},
    context: {},
  });
  const created = (response as unknown as { data: { created: { token: string; name: string } } })
    .data.created;
  expect(created.name).toBe("GRC sync");
  expect(created.token).toMatch(/^assay_[A-Za-z0-9_-]{43}$/);
  const [row] = await t.db
    .select()
    .from(schema.apiTokens)
    .where(eq(schema.apiTokens.name, "GRC sync"));
  expect(row!.tokenHash).toBe(hashToken(created.token));
  expect(row!.prefix).toBe(created.token.slice(0, 12));
  expect(JSON.stringify(row)).not.toContain(created.token);
  expect(row!.createdById).toBe(admin.id);

  // The list never carries the token or its hash.
  const page = await tokensPageLoader({
    request: new Request("http://localhost:3000/admin/api-tokens", {
      headers: { Cookie: adminCookie },
    }),
    params: {},
    context: {},
  });
  const listed = JSON.stringify(page);
  expect(listed).toContain("GRC sync");
  expect(listed).not.toContain(created.token);
  expect(listed).not.toContain(row!.tokenHash);

  let thrown: unknown;
  try {
    await tokensAction({
      request: formRequest(
        "/admin/api-tokens",
        { intent: "revoke", tokenId: row!.id },
        { Cookie: adminCookie },
      ),
      params: {},
      context: {},
    });
  } catch (error) {
    thrown = error;
  }
  expect((thrown as Response).status).toBe(302);
  const [after] = await t.db
    .select()
    .from(schema.apiTokens)
    .where(eq(schema.apiTokens.id, row!.id));
  expect(after!.revokedAt).not.toBeNull();
  const events = await t.db
    .select()
    .from(schema.auditEvents)
    .where(
      and(eq(schema.auditEvents.targetType, "api_token"), eq(schema.auditEvents.targetId, row!.id)),
    );
  expect(events.map((e) => e.action).sort()).toEqual(["api_token.created", "api_token.revoked"]);
  const revoked = events.find((e) => e.action === "api_token.revoked")!;
  expect(revoked.actorUserId).toBe(admin.id);
  expect(revoked.before).toMatchObject({ revokedAt: null });
  expect(JSON.stringify(events)).not.toContain(created.token);
  expect((await call(vendorsLoader, "/api/v1/vendors", {}, `Bearer ${created.token}`)).status).toBe(
    401,
  );
});

test("an empty token name is refused with a message", async () => {
  const response = await tokensAction({
    request: formRequest(
      "/admin/api-tokens",
      { intent: "create", name: "  " },
      { Cookie: adminCookie },
    ),
    params: {},
    context: {},
  });
  const result = response as unknown as {
    data: { errors: Record<string, string> };
    init: { status: number };
  };
  expect(result.init.status).toBe(400);
  expect(result.data.errors.name).toBe("Enter a name for the token");
});

test("only admins reach the API token page", async () => {
  for (const role of ["procurement", "risk_officer"] as const) {
    const user = await createUser(t.db, { role });
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
    let status = 200;
    try {
      await tokensPageLoader({
        request: new Request("http://localhost:3000/admin/api-tokens", {
          headers: { Cookie: cookie },
        }),
        params: {},
        context: {},
      });
    } catch (thrown) {
      status = (thrown as { init?: { status?: number } }).init?.status ?? 500;
    }
    expect({ role, status }).toEqual({ role, status: 403 });
  }
});
