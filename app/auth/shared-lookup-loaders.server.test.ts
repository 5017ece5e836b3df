// Every staff page's loader shares the root loader's session lookup of the same GET
// (docs/decisions/383-staff-page-server-cost.md, 393): after the root loader has looked the
// session up, ending the session does not send the page's loader of that request to sign in.
// A loader that looked the session up again would redirect to /login here.
import { type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { loader as rootLoader } from "~/root";
import { loader as home } from "~/routes/_index";
import { loader as accountPassword } from "~/routes/account.password";
import { loader as apiTokens } from "~/routes/admin.api-tokens";
import { loader as audit } from "~/routes/admin.audit";
import { loader as jobs } from "~/routes/admin.jobs";
import { loader as organisation } from "~/routes/admin.organisation";
import { loader as settings } from "~/routes/admin.settings";
import { loader as singleSignOn } from "~/routes/admin.single-sign-on";
import { loader as supplyChainSettings } from "~/routes/admin.supply-chain";
import { loader as adminUser } from "~/routes/admin.users.$userId";
import { loader as adminUsers } from "~/routes/admin.users._index";
import { loader as inviteUser } from "~/routes/admin.users.new";
import { loader as webhook } from "~/routes/admin.webhooks.$endpointId";
import { loader as webhooks } from "~/routes/admin.webhooks._index";
import { loader as report } from "~/routes/assessments.$assessmentId_.report/route";
import { loader as result } from "~/routes/assessments.$assessmentId_.result/route";
import { loader as review } from "~/routes/assessments.$assessmentId_.review/route";
import { loader as newAssessment } from "~/routes/assessments.new";
import { loader as compare } from "~/routes/compare/route";
import { loader as finding } from "~/routes/findings.$findingId/route";
import { loader as findings } from "~/routes/findings._index";
import { loader as outbox } from "~/routes/outbox";
import { loader as questionnaire } from "~/routes/questionnaires.$slug.$version";
import { loader as questionnaireDiff } from "~/routes/questionnaires.$slug.diff";
import { loader as library } from "~/routes/questionnaires._index";
import { loader as draft } from "~/routes/questionnaires.drafts.$draftId";
import { loader as draftPreview } from "~/routes/questionnaires.drafts.$draftId_.preview";
import { loader as draftPublish } from "~/routes/questionnaires.drafts.$draftId_.publish";
import { loader as draftImport } from "~/routes/questionnaires.drafts.import";
import { loader as newDraft } from "~/routes/questionnaires.drafts.new";
import { loader as questionnaireImport } from "~/routes/questionnaires.import";
import { loader as supplyChain } from "~/routes/supply-chain._index";
import { loader as locations } from "~/routes/supply-chain.locations";
import { loader as provider } from "~/routes/supply-chain.providers.$key";
import { loader as vendor } from "~/routes/vendors.$vendorId._index/route";
import { loader as editVendor } from "~/routes/vendors.$vendorId.edit";
import { loader as trend } from "~/routes/vendors.$vendorId.trend";
import { loader as newVendor } from "~/routes/vendors.new";
import { commitSessionCookie, deleteSession } from "./session.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

const NONE = "00000000-0000-4000-8000-000000000000";
type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

// Page routes (the root loader runs beside them), with a path and params each loader accepts;
// records that do not exist are a 404 after the session check, which is all this test needs.
const PAGES: [string, Loader, Record<string, string>][] = [
  ["/", home, {}],
  ["/account/password", accountPassword, {}],
  ["/admin/api-tokens", apiTokens, {}],
  ["/admin/audit", audit, {}],
  ["/admin/jobs", jobs, {}],
  ["/admin/organisation", organisation, {}],
  ["/admin/settings", settings, {}],
  ["/admin/single-sign-on", singleSignOn, {}],
  ["/admin/supply-chain", supplyChainSettings, {}],
  [`/admin/users/${NONE}`, adminUser, { userId: NONE }],
  ["/admin/users", adminUsers, {}],
  ["/admin/users/new", inviteUser, {}],
  [`/admin/webhooks/${NONE}`, webhook, { endpointId: NONE }],
  ["/admin/webhooks", webhooks, {}],
  [`/assessments/${NONE}/report`, report, { assessmentId: NONE }],
  [`/assessments/${NONE}/result`, result, { assessmentId: NONE }],
  [`/assessments/${NONE}/review`, review, { assessmentId: NONE }],
  ["/assessments/new", newAssessment, {}],
  ["/compare", compare, {}],
  [`/findings/${NONE}`, finding, { findingId: NONE }],
  ["/findings", findings, {}],
  ["/outbox", outbox, {}],
  ["/questionnaires/none/1.0.0", questionnaire, { slug: "none", version: "1.0.0" }],
  ["/questionnaires/none/diff", questionnaireDiff, { slug: "none" }],
  ["/questionnaires", library, {}],
  [`/questionnaires/drafts/${NONE}`, draft, { draftId: NONE }],
  [`/questionnaires/drafts/${NONE}/preview`, draftPreview, { draftId: NONE }],
  [`/questionnaires/drafts/${NONE}/publish`, draftPublish, { draftId: NONE }],
  ["/questionnaires/drafts/import", draftImport, {}],
  ["/questionnaires/drafts/new", newDraft, {}],
  ["/questionnaires/import", questionnaireImport, {}],
  ["/supply-chain", supplyChain, {}],
  ["/supply-chain/locations", locations, {}],
  ["/supply-chain/providers/domain%3Anone.example", provider, { key: "domain:none.example" }],
  [`/vendors/${NONE}`, vendor, { vendorId: NONE }],
  [`/vendors/${NONE}/edit`, editVendor, { vendorId: NONE }],
  [`/vendors/${NONE}/trend`, trend, { vendorId: NONE }],
  ["/vendors/new", newVendor, {}],
];

async function signedIn(path: string) {
  const user = await createUser(t.db, { role: "admin", name: `Shared ${path}` });
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  return { user, token: session.token, cookie };
}

/** Where the loader sent the request, if it redirected. */
async function redirectOf(run: Promise<unknown>): Promise<string | null> {
  try {
    const value = await run;
    return value instanceof Response && value.status >= 300 && value.status < 400
      ? value.headers.get("Location")
      : null;
  } catch (thrown) {
    return thrown instanceof Response && thrown.status >= 300 && thrown.status < 400
      ? thrown.headers.get("Location")
      : null;
  }
}

test.each(PAGES)(
  "%s: the page's loader uses the root loader's lookup of the same GET",
  async (path, loader, params) => {
    const { user, token, cookie } = await signedIn(path);
    const request = () =>
      new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } });
    const context = {};
    const root = await rootLoader({ request: request(), params, context });
    expect(root.data.user?.id).toBe(user.id);
    await deleteSession(t.db, token);
    expect(await redirectOf(loader({ request: request(), params, context }))).toBeNull();
    // The next request looks again and is sent to sign in.
    expect(await redirectOf(loader({ request: request(), params, context: {} }))).toMatch(
      /^\/login\?/,
    );
  },
);

test("the sign-in page of a request whose header showed a signed-in user sends them on", async () => {
  const { loader: signIn } = await import("~/routes/login");
  const { token, cookie } = await signedIn("/login");
  const request = () =>
    new Request("http://localhost:3000/login?redirectTo=%2Fvendors", {
      headers: { Cookie: cookie },
    });
  const context = {};
  await rootLoader({ request: request(), params: {}, context });
  await deleteSession(t.db, token);
  expect(await redirectOf(signIn({ request: request(), params: {}, context }))).toBe("/vendors");
  expect(await redirectOf(signIn({ request: request(), params: {}, context: {} }))).toBeNull();
});
