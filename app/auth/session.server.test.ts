// One staff session lookup per page view (docs/decisions/383-staff-page-server-cost.md): the
// root loader and the page's loader of one GET share it through the request's load context;
// another request, an action, or a caller without a context looks the session up afresh.
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, formRequest, PASSWORD } from "~/test/factories";
import { loader as rootLoader } from "~/root";
import { loader as dashboardLoader } from "~/routes/dashboard/route";
import { readPortfolioRevision } from "~/dashboard/portfolio-cache.server";
import { schema } from "~/db.server";
import {
  commitSessionCookie,
  deleteSession,
  getUser,
  requestRevisions,
  requireUser,
} from "./session.server";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

async function signIn(name: string) {
  const user = await createUser(t.db, { role: "procurement", name });
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  return { user, token: session.token, cookie };
}

const get = (cookie: string) =>
  new Request("http://localhost:3000/dashboard", { headers: { Cookie: cookie } });

test("the loaders of one GET share one lookup; the next request sees the session gone", async () => {
  const { user, token, cookie } = await signIn("Shared Lookup");
  const context = {};
  expect((await getUser(get(cookie), context))?.id).toBe(user.id);
  await deleteSession(t.db, token);
  // The page's loader in the same request: the root loader's lookup, made before the sign-out.
  expect((await requireUser(get(cookie), {}, context)).id).toBe(user.id);
  // Any other request, or a caller without the request's context, looks again.
  expect(await getUser(get(cookie), {})).toBeNull();
  expect(await getUser(get(cookie))).toBeNull();
  await expect(requireUser(get(cookie), {}, {})).rejects.toMatchObject({ status: 302 });
});

test("an action's lookup is not shared: the loaders after it look again", async () => {
  const { user, token, cookie } = await signIn("Action Lookup");
  const context = {};
  const post = formRequest("/account/password", {}, { Cookie: cookie });
  expect((await requireUser(post, {}, context)).id).toBe(user.id);
  await deleteSession(t.db, token);
  // The action ended the session: the loaders of the same request see it gone.
  expect(await getUser(get(cookie), context)).toBeNull();
});

test("the root loader and a staff page's loader of one request make one lookup", async () => {
  const { user, token, cookie } = await signIn("Root And Page");
  const context = {};
  const root = await rootLoader({ request: get(cookie), params: {}, context });
  expect(root.data.user?.id).toBe(user.id);
  await deleteSession(t.db, token);
  const page = await dashboardLoader({ request: get(cookie), params: {}, context });
  expect(page).toMatchObject({ error: null });
  // A new request is sent to sign in.
  await expect(
    dashboardLoader({ request: get(cookie), params: {}, context: {} }),
  ).rejects.toMatchObject({ status: 302 });
});

test("a GET's kept values are checked against the revisions its session lookup read (decision 439)", async () => {
  const { cookie } = await signIn("Revisions With Session");
  const context = {};
  await requireUser(get(cookie), {}, context);
  const before = String(await readPortfolioRevision(t.db));
  const revisions = requestRevisions(get(cookie), context, t.db);
  expect(await revisions.read(["portfolio_revision"])).toBe(before);
  expect(await revisions.read(["portfolio_revision", "supply_chain_revision"])).toMatch(
    new RegExp(`^${before}/\\d+$`),
  );
  // A change committed later in the request is not seen by it; the next request sees it.
  await t.db.insert(schema.vendors).values({
    name: "Moves The Revision",
    category: "model_api",
    dataAccess: "none",
    criticality: "low",
  });
  const after = String(await readPortfolioRevision(t.db));
  expect(after).not.toBe(before);
  expect(await requestRevisions(get(cookie), context, t.db).read(["portfolio_revision"])).toBe(
    before,
  );
  const next = {};
  await requireUser(get(cookie), {}, next);
  expect(await requestRevisions(get(cookie), next, t.db).read(["portfolio_revision"])).toBe(after);
  // An action, or a caller without the request's context, reads them afresh.
  const post = formRequest("/vendors", {}, { Cookie: cookie });
  expect(await requestRevisions(post, context, t.db).read(["portfolio_revision"])).toBe(after);
  expect(await requestRevisions(get(cookie), undefined, t.db).read(["portfolio_revision"])).toBe(
    after,
  );
});
