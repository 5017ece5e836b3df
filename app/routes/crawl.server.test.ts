// The hostile crawl (docs/decisions/186-hostile-crawl.md): every route of Remix's route
// manifest — read from app/routes by Remix's own flat-routes convention, so a new route is
// crawled without being listed — asked as each staff role, a vendor contact and a stranger,
// with hostile strings in its URL parameters, query string and form fields. No answer may be
// a server error (a thrown exception or a 5xx), and every refusal (4xx) must carry a message.
import path from "node:path";
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type ServerBuild,
} from "@remix-run/node";
import { flatRoutes } from "@remix-run/dev/dist/config/flat-routes.js";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { login } from "~/auth/login.server";
import { commitSessionCookie, type SessionUser } from "~/auth/session.server";
import { schema } from "~/db.server";
import { withRouteErrorHandling } from "~/http/route-errors.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { submittedTestAssessment, sendTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser, PASSWORD } from "~/test/factories";
import { vendorSessionCookie } from "~/test/vendor-session";

type RouteModule = {
  loader?: (args: LoaderFunctionArgs) => unknown;
  action?: (args: ActionFunctionArgs) => unknown;
};
const modules = import.meta.glob<RouteModule>(
  ["./**/*.tsx", "./**/*.ts", "!./**/*.test.ts", "!./**/*.test.tsx"],
  { eager: true },
);

/** The hostile strings: overlong, NUL, broken Unicode, injections, wrong types and forms. */
export const HOSTILE = [
  "a".repeat(10_000),
  "\u0000",
  "x\u0000y",
  "\ud800",
  "\u202e\u0301\ufeff👩‍👩‍👧",
  "' OR '1'='1'; DROP TABLE users; --",
  '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
  "-1",
  "99999999999999999999",
  "1e309",
  "NaN",
  "0x10",
  "../../../etc/passwd",
  "%00%2e%2e%2f",
  "{}",
  "[]",
  "\r\nSet-Cookie: x=1",
  "",
] as const;

// Form fields posted to every action: the names the app's forms use, each set to the hostile
// value; `intent` is tried with every intent the app knows as well as the hostile value.
const FIELDS = [
  "id",
  "name",
  "email",
  "username",
  "password",
  "newPassword",
  "currentPassword",
  "confirmPassword",
  "role",
  "questionId",
  "fileId",
  "contactId",
  "contactIds",
  "userId",
  "vendorId",
  "mailId",
  "tokenId",
  "dueDate",
  "message",
  "note",
  "body",
  "plan",
  "targetDate",
  "revision",
  "question",
  "severity",
  "status",
  "to",
  "title",
  "description",
  "website",
  "category",
  "dataAccess",
  "criticality",
  "reason",
  "reply",
  "label",
  "expiresAt",
  "questionnaireVersionId",
  "confirm",
  "value",
  "job",
  "asOf",
  "redirectTo",
];
const INTENTS = [
  "accept",
  "add-contact",
  "archive",
  "assign",
  "cancel",
  "change-role",
  "clarify",
  "close",
  "comment",
  "create",
  "deactivate",
  "delete",
  "details",
  "disable",
  "enable",
  "extend",
  "finding",
  "fixed",
  "invite",
  "later",
  "note",
  "plan",
  "reactivate",
  "redeliver",
  "remove",
  "remove-contact",
  "reply",
  "resend",
  "resend-invitation",
  "restore",
  "retry",
  "retry-mail",
  "revoke",
  "send",
  "severity",
  "start",
  "test",
  "transition",
  "update-contact",
  "upload",
];
const QUERY_KEYS = [
  "q",
  "page",
  "sort",
  "dir",
  "status",
  "from",
  "to",
  "export",
  "vendor",
  "assessment",
  "category",
  "tier",
  "owner",
  "before",
  "action",
  "copy",
  "contact",
  "revoke",
  "version",
  "vendorId",
  "vendorQ",
  "redirectTo",
  "limit",
  "severity",
];

type Route = { id: string; path: string; file: string; module: RouteModule };

/** Remix's manifest for app/routes, each route with its full path and its module. */
function manifestRoutes(): Route[] {
  const appDir = path.resolve(__dirname, "..");
  const manifest = flatRoutes(appDir, ["**/*.test.*", "**/.*"]);
  const fullPath = (id: string): string => {
    const route = manifest[id]!;
    const own = route.path ?? "";
    const parent = route.parentId && route.parentId !== "root" ? fullPath(route.parentId) : "";
    return [parent, own].filter(Boolean).join("/");
  };
  // Each loader and action wrapped as the server wraps them (app/http/route-errors.server.ts).
  const build = {
    routes: Object.fromEntries(
      Object.values(manifest).map((route) => {
        const key = `./${path.relative("routes", route.file)}`;
        const module = modules[key];
        if (!module) throw new Error(`no module for ${route.file} (${key})`);
        return [route.id, { ...route, module }];
      }),
    ),
  } as unknown as ServerBuild;
  const served = withRouteErrorHandling(build).routes;
  return Object.values(manifest).map((route) => ({
    id: route.id,
    path: fullPath(route.id),
    file: route.file,
    module: served[route.id]!.module as RouteModule,
  }));
}

type Actor = { name: string; cookie: string | null };
let t: TestDatabase;
let actors: Actor[];
let real: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  await syncQuestionnaireLibrary(db);
  const staff: Record<string, SessionUser & { cookie: string }> = {};
  for (const role of ["admin", "procurement", "risk_officer"] as const) {
    const user = await createUser(db, { role });
    const session = await login(db, { email: user.email, password: PASSWORD });
    if (!session.ok) throw new Error("login failed");
    staff[role] = {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      cookie: (await commitSessionCookie(session.token)).split(";")[0]!,
    };
  }
  const [version] = await db
    .select()
    .from(schema.questionnaireVersions)
    .where(
      and(
        eq(schema.questionnaireVersions.slug, "training-data-supplier"),
        eq(schema.questionnaireVersions.version, "1.0.0"),
      ),
    );
  const submitted = await submittedTestAssessment(
    db,
    staff.procurement!,
    version!.id,
    { name: "Crawled Vendor" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  const open = await sendTestAssessment(db, staff.procurement!, version!.id, {
    name: "Crawled Open Vendor",
  });
  const [finding] = await db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, submitted.assessmentId));
  actors = [
    { name: "stranger", cookie: null },
    { name: "admin", cookie: staff.admin!.cookie },
    { name: "procurement", cookie: staff.procurement!.cookie },
    { name: "risk officer", cookie: staff.risk_officer!.cookie },
    { name: "vendor", cookie: await vendorSessionCookie(db, open) },
  ];
  // Real values for the URL parameters, so a crawl also reaches past the "not found".
  real = {
    assessmentId: submitted.assessmentId,
    vendorId: submitted.vendorId,
    findingId: finding?.id ?? submitted.assessmentId,
    sectionId: open.questionnaire.sections[0]!.id,
    userId: staff.procurement!.id,
    slug: "training-data-supplier",
    version: "1.0.0",
    table: "findings",
    fileId: "00000000-0000-4000-8000-000000000000",
    token: "x",
    id: submitted.assessmentId,
    "*": "x",
  };
}, 240_000);
afterAll(async () => t?.dispose());

type Outcome = { status: number; message: string | null; error?: string };

async function bodyMessage(value: unknown): Promise<string | null> {
  if (value instanceof Response) {
    const text = await value.clone().text();
    return text.trim() ? text : null;
  }
  if (typeof value === "string") return value.trim() ? value : null;
  if (value && typeof value === "object") return JSON.stringify(value);
  return null;
}

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    const value = await run();
    if (value instanceof Response)
      return { status: value.status, message: await bodyMessage(value) };
    if (value && typeof value === "object" && "init" in value && "data" in value) {
      const { init, data } = value as { init?: { status?: number }; data: unknown };
      return { status: init?.status ?? 200, message: await bodyMessage(data) };
    }
    return { status: 200, message: null };
  } catch (thrown) {
    if (thrown instanceof Response)
      return { status: thrown.status, message: await bodyMessage(thrown) };
    if (thrown && typeof thrown === "object" && "init" in thrown && "data" in thrown) {
      const { init, data } = thrown as { init?: { status?: number }; data: unknown };
      return { status: init?.status ?? 500, message: await bodyMessage(data) };
    }
    return {
      status: 500,
      message: null,
      error: thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown),
    };
  }
}

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as its WTF-8 bytes. */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "")) + "%ED%A0%80";
  }
}

/** The route's path with its parameters filled in, and the params object Remix would pass. */
function fill(route: Route, value: (name: string) => string) {
  const params: Record<string, string> = {};
  const segments = route.path.split("/").map((segment) => {
    if (segment === "*") {
      params["*"] = value("*");
      return encodeSegment(params["*"]);
    }
    const match = /^:(\w+)(\.\w+)?$/.exec(segment) ?? /^:(\w+)$/.exec(segment);
    if (!match) return segment;
    params[match[1]!] = value(match[1]!);
    return encodeSegment(params[match[1]!]!) + (match[2] ?? "");
  });
  return { urlPath: `/${segments.join("/")}`, params };
}

function query(hostile: string, { arrays = false } = {}) {
  const search = new URLSearchParams();
  for (const key of QUERY_KEYS) {
    search.append(key, hostile);
    if (arrays) search.append(key, hostile);
  }
  return search.toString();
}

function form(hostile: string, intent: string) {
  const body = new URLSearchParams();
  body.append("intent", intent);
  for (const field of FIELDS) body.append(field, hostile);
  // The answering page's fields for its first question, and a repeated value.
  const questionId = "q1";
  body.append(`q:${questionId}`, hostile);
  body.append(`q:${questionId}:rev`, hostile);
  body.append("contactIds", hostile);
  return body;
}

function headersFor(actor: Actor, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = {
    Origin: "http://localhost:3000",
    Host: "localhost:3000",
    ...extra,
  };
  if (actor.cookie) headers.Cookie = actor.cookie;
  return headers;
}

const failures: string[] = [];
function check(what: string, result: Outcome) {
  if (result.status >= 500 || result.error)
    failures.push(
      `${what}: ${result.status}${result.error ? `\n${result.error.split("\n").slice(0, 4).join("\n")}` : ""}`,
    );
  else if (result.status >= 400 && !result.message)
    failures.push(`${what}: ${result.status} without a message`);
}

test("the manifest has the app's routes", () => {
  const paths = manifestRoutes().map((r) => r.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      "login",
      "vendors/:vendorId",
      "api/v1/vendors",
      "v/sections/:sectionId",
    ]),
  );
});

test("every route, as every actor, with hostile parameters, queries and form fields: no 5xx, every 4xx says why", async () => {
  const routes = manifestRoutes().filter((r) => r.module.loader || r.module.action);
  let requests = 0;
  for (const route of routes) {
    for (const actor of actors) {
      for (const [index, hostile] of HOSTILE.entries()) {
        const label = (kind: string, urlPath: string) =>
          `${kind} ${urlPath.slice(0, 80)} as ${actor.name} with ${JSON.stringify(hostile.slice(0, 30))}`;
        // Hostile URL parameters and query; then real parameters with the hostile query
        // (repeated keys every other time: arrays where one value is expected).
        const variants = [fill(route, () => hostile), fill(route, (name) => real[name] ?? hostile)];
        for (const [v, { urlPath, params }] of variants.entries()) {
          if (route.module.loader) {
            const url = `http://localhost:3000${urlPath}?${query(hostile, { arrays: (index + v) % 2 === 1 })}`;
            const request = new Request(url, { headers: headersFor(actor) });
            requests++;
            check(
              label("GET", urlPath),
              await outcome(() =>
                route.module.loader!({ request, params, context: { clientIp: "127.0.0.1" } }),
              ),
            );
          }
        }
        if (route.module.action) {
          const { urlPath, params } = variants[1]!;
          // The hostile value as the intent, and a known intent in turn with hostile fields.
          for (const intent of [
            hostile,
            INTENTS[index % INTENTS.length]!,
            INTENTS[(index + HOSTILE.length) % INTENTS.length]!,
          ]) {
            const post = (body: BodyInit, type: string) =>
              new Request(`http://localhost:3000${urlPath}`, {
                method: "POST",
                headers: headersFor(actor, { "Content-Type": type }),
                body,
              });
            requests++;
            check(
              label(`POST intent=${intent.slice(0, 20)}`, urlPath),
              await outcome(() =>
                route.module.action!({
                  request: post(form(hostile, intent), "application/x-www-form-urlencoded"),
                  params,
                  context: { clientIp: "127.0.0.1" },
                }),
              ),
            );
          }
          // A JSON body of the wrong shape (the autosave endpoint reads JSON).
          requests++;
          check(
            label("POST json", urlPath),
            await outcome(() =>
              route.module.action!({
                request: new Request(`http://localhost:3000${urlPath}`, {
                  method: "POST",
                  headers: headersFor(actor, { "Content-Type": "application/json" }),
                  // 1e309 in the text: a number JSON.parse reads as Infinity.
                  body: JSON.stringify({
                    questionId: hostile,
                    answer: { kind: hostile, value: [hostile, "BIG"] },
                    baseRevision: hostile,
                  }).replace('"BIG"', "1e309"),
                }),
                params,
                context: { clientIp: "127.0.0.1" },
              }),
            ),
          );
        }
      }
    }
  }
  expect(requests).toBeGreaterThan(1000);
  expect(failures).toEqual([]);
}, 900_000);
