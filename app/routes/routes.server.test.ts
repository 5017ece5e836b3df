// Cross-cutting rules checked against every route module, so a new route cannot forget them.
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { commitSessionCookie } from "~/auth/session.server";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};
// Route folders count too: their route module is route.tsx (docs/architecture.md).
const modules = import.meta.glob<RouteModule>(
  ["./*.tsx", "./*.ts", "./*/route.tsx", "./*/route.ts", "!./*.test.ts"],
  { eager: true },
);

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

async function outcome(run: () => unknown): Promise<{ status: number; location?: string | null }> {
  try {
    const value = await run();
    if (value instanceof Response)
      return { status: value.status, location: value.headers.get("location") };
    if (value && typeof value === "object" && "init" in value) {
      return { status: (value as { init?: { status?: number } }).init?.status ?? 200 };
    }
    return { status: 200 };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, location: thrown.headers.get("location") };
    if (thrown && typeof thrown === "object" && "init" in thrown) {
      return { status: (thrown as { init?: { status?: number } }).init?.status ?? 500 };
    }
    throw thrown;
  }
}

const params = { userId: "00000000-0000-4000-8000-000000000000", token: "x", "*": "x" };

test("there are route modules with actions to check", () => {
  const withActions = Object.entries(modules).filter(([, m]) => m.action);
  expect(withActions.map(([file]) => file)).toEqual(
    expect.arrayContaining([
      "./login.tsx",
      "./logout.tsx",
      "./admin.users.new.tsx",
      "./account.password.tsx",
      "./admin.api-tokens.tsx",
      "./v.team.tsx",
      "./v.findings.$findingId/route.tsx",
      "./findings.$findingId/route.tsx",
      "./v.clarifications/route.tsx",
    ]),
  );
});

test("every action refuses a cross-site POST with 403 before doing anything", async () => {
  const user = await createUser(t.db, { role: "admin" });
  const session = await login(t.db, { email: user.email, password: PASSWORD });
  if (!session.ok) throw new Error("login failed");
  const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
  for (const [file, mod] of Object.entries(modules)) {
    if (!mod.action) continue;
    const attempts: Record<string, string>[] = [
      { Origin: "https://evil.example" },
      { "Sec-Fetch-Site": "cross-site" },
      {},
    ];
    for (const headers of attempts) {
      const request = new Request("http://localhost:3000/x", {
        method: "POST",
        headers: {
          ...headers,
          Cookie: cookie,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "intent=deactivate&email=a@b.example&password=x",
      });
      const result = await outcome(() => mod.action!({ request, params, context: {} }));
      expect({ file, headers, status: result.status }).toEqual({ file, headers, status: 403 });
    }
  }
});

test("staff pages send a signed-out visitor to the login page and come back after", async () => {
  for (const path of [
    "_index.tsx",
    "admin.users._index.tsx",
    "admin.audit.tsx",
    "vendors._index.tsx",
    "outbox.tsx",
  ]) {
    const mod = modules[`./${path}`]!;
    const request = new Request("http://localhost:3000/admin/audit?action=auth.login");
    const result = await outcome(() => mod.loader!({ request, params, context: {} }));
    expect(result.status).toBe(302);
    expect(result.location).toBe(
      `/login?redirectTo=${encodeURIComponent("/admin/audit?action=auth.login")}`,
    );
  }
});

test("admin pages refuse other roles with 403 and let admins in", async () => {
  const adminOnly = [
    "admin.users._index.tsx",
    "admin.users.new.tsx",
    "admin.audit.tsx",
    "admin.settings.tsx",
    "admin.api-tokens.tsx",
    "admin.jobs.tsx",
    "outbox.tsx",
  ];
  for (const role of ["procurement", "risk_officer", "admin"] as const) {
    const user = await createUser(t.db, { role });
    const session = await login(t.db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    const cookie = (await commitSessionCookie(session.token)).split(";")[0]!;
    for (const path of adminOnly) {
      const request = new Request("http://localhost:3000/x", { headers: { Cookie: cookie } });
      const result = await outcome(() =>
        modules[`./${path}`]!.loader!({ request, params, context: {} }),
      );
      expect({ role, path, status: result.status }).toEqual({
        role,
        path,
        status: role === "admin" ? 200 : 403,
      });
    }
  }
});

test("a signed-out POST to a staff action gets 401, not a redirect", async () => {
  const request = new Request("http://localhost:3000/admin/users/new", {
    method: "POST",
    headers: {
      Origin: "http://localhost:3000",
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "email=a@b.example&name=A&role=admin",
  });
  expect(
    await outcome(() =>
      modules["./admin.users.new.tsx"]!.action!({ request, params, context: {} }),
    ),
  ).toEqual({
    status: 401,
  });
});

test("unknown URLs are a 404", async () => {
  const request = new Request("http://localhost:3000/no/such/page");
  expect(
    (await outcome(() => modules["./$.tsx"]!.loader!({ request, params, context: {} }))).status,
  ).toBe(404);
});
