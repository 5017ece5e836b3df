// The contract test (docs/decisions/187-api-spec-and-code-agree.md): fast-check generates
// requests from docs/openapi.yaml itself — every operation, its documented parameters with
// valid values, out-of-range and hostile ones, unknown parameters, good and bad tokens, and the
// methods the API refuses — sends them through the real route modules on a real database, and
// checks that each answer's status is documented for that operation and its body validates
// against the documented schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 uses).
import { readFileSync } from "node:fs";
import path from "node:path";
import { type LoaderFunctionArgs } from "@remix-run/node";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { and, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test } from "vitest";
import { parse } from "yaml";
import { schema } from "~/db.server";
import { syncQuestionnaireLibrary } from "~/library/sync.server";
import { submittedTestAssessment } from "~/test/assessment-factory";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { createUser } from "~/test/factories";
import { apiMethodRefusal } from "./errors";
import { createApiToken } from "./tokens.server";

type Json = Record<string, unknown>;
type Parameter = { name: string; in: "query" | "path"; schema: Json; $ref?: string };
type Operation = { parameters?: Parameter[]; responses: Record<string, Json> };

const root = path.resolve(import.meta.dirname, "..", "..");
const spec = parse(readFileSync(path.join(root, "docs", "openapi.yaml"), "utf8")) as {
  paths: Record<string, Record<string, Operation>>;
  components: Json;
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: "https://assay.example/openapi.json", components: spec.components });

function resolve<T>(value: T & { $ref?: string }): T {
  if (!value.$ref) return value;
  const target = value.$ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, key) => (node as Json)[key], spec);
  return resolve(target as T & { $ref?: string });
}

const validators = new Map<object, ReturnType<typeof ajv.compile>>();
function validatorFor(bodySchema: Json) {
  let validate = validators.get(bodySchema);
  if (!validate) {
    validate = ajv.compile({
      $id: `https://assay.example/response-${validators.size}.json`,
      ...JSON.parse(
        JSON.stringify(bodySchema).replaceAll(
          '"#/components/',
          '"https://assay.example/openapi.json#/components/',
        ),
      ),
    });
    validators.set(bodySchema, validate);
  }
  return validate;
}

// The route modules that serve each documented path, found the way Remix names flat routes.
type RouteModule = { loader: (args: LoaderFunctionArgs) => Promise<Response> };
const modules = import.meta.glob<RouteModule>("../routes/api.v1.*.ts", { eager: true });
function moduleFor(apiPath: string): RouteModule {
  const base = apiPath
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/^\{(.+)\}$/, "$$$1"))
    .join(".");
  const found = modules[`../routes/${base}.ts`] ?? modules[`../routes/${base}._index.ts`];
  if (!found) throw new Error(`no route module for ${apiPath}`);
  return found;
}

const HOSTILE = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\u0000", "\ud800", "-1", "0", "0x10", "+7", "1e1", "7.0", "1000001", "abc"),
  fc.constantFrom("99999999999999999999", "' OR 1=1 --", "<script>", "a".repeat(300), ""),
);

/** Valid values for a parameter's schema, and sometimes anything at all. */
function valueFor(parameterSchema: Json): fc.Arbitrary<string> {
  const s = resolve(parameterSchema as Json & { $ref?: string });
  const valid: fc.Arbitrary<string>[] = [];
  if (Array.isArray(s.enum)) valid.push(fc.constantFrom(...(s.enum as string[])));
  if (s.type === "integer")
    valid.push(
      fc
        .integer({
          min: (s.minimum as number) ?? 0,
          max: Math.min((s.maximum as number) ?? 50, 50),
        })
        .map(String),
    );
  if (s.type === "string" && s.format === "uuid") valid.push(fc.uuid());
  if (s.type === "string" && !s.format && !s.enum) valid.push(fc.string({ maxLength: 20 }));
  return fc.oneof({ arbitrary: fc.oneof(...valid), weight: 3 }, { arbitrary: HOSTILE, weight: 1 });
}

let t: TestDatabase;
let token: string;
let realIds: Record<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  await syncQuestionnaireLibrary(t.db);
  const admin = await createUser(t.db, { role: "admin" });
  const staff = { id: admin.id, email: admin.email, name: admin.name, role: admin.role };
  token = (await createApiToken(t.db, staff, "Contract test")).token;
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
    staff,
    version!.id,
    { name: "Contract Vendor" },
    { fixture: "training-data-supplier-1.0.0.worst" },
  );
  const [finding] = await t.db
    .select()
    .from(schema.findings)
    .where(eq(schema.findings.assessmentId, submitted.assessmentId));
  realIds = {
    vendorId: submitted.vendorId,
    assessmentId: submitted.assessmentId,
    findingId: finding!.id,
  };
}, 120_000);
afterAll(async () => t?.dispose());

async function expectDocumented(
  where: string,
  response: Response,
  responses: Record<string, Json>,
) {
  const status = String(response.status);
  expect(Object.keys(responses), `${where}: ${status} is not documented`).toContain(status);
  const documented = resolve(responses[status] as Json & { $ref?: string }) as {
    content?: Record<string, { schema: Json }>;
    headers?: Record<string, unknown>;
  };
  for (const header of Object.keys(documented.headers ?? {}))
    expect(response.headers.has(header), `${where}: ${status} without ${header}`).toBe(true);
  const bodySchema = documented.content?.["application/json"]?.schema;
  if (!bodySchema) return;
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = await response.json();
  const validate = validatorFor(bodySchema);
  const valid = validate(body);
  expect(
    valid ? [] : validate.errors,
    `${where}: the ${status} body does not match docs/openapi.yaml`,
  ).toEqual([]);
}

const operations = Object.entries(spec.paths).map(([apiPath, methods]) => ({
  apiPath,
  get: methods.get!,
  module: moduleFor(apiPath),
}));

test("the spec names every API route module", () => {
  expect(operations.length).toBeGreaterThanOrEqual(7);
});

test("every generated request gets a documented status and a body that matches the spec", async () => {
  for (const { apiPath, get, module } of operations) {
    const parameters = (get.parameters ?? []).map((p) =>
      resolve(p as Parameter & { $ref?: string }),
    );
    const pathParameters = parameters.filter((p) => p.in === "path");
    const queryParameters = parameters.filter((p) => p.in === "query");
    const request = fc.record({
      path: fc.record(
        Object.fromEntries(
          pathParameters.map((p) => [
            p.name,
            fc.oneof(
              { arbitrary: fc.constant(realIds[p.name] ?? ""), weight: 4 },
              { arbitrary: valueFor(p.schema), weight: 1 },
            ),
          ]),
        ),
      ),
      query: fc.record(
        Object.fromEntries(queryParameters.map((p) => [p.name, valueFor(p.schema)])),
        { requiredKeys: [] },
      ),
      unknown: fc.option(fc.constantFrom("colour", "limit[]", "sort"), { freq: 5 }),
      auth: fc.oneof(
        { arbitrary: fc.constant("good"), weight: 8 },
        { arbitrary: fc.constantFrom("none", "Bearer assay_nope", "Basic eA=="), weight: 1 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ path: params, query, unknown, auth }) => {
        let url = apiPath.replace(/\{(\w+)\}/g, (_, name: string) =>
          // A lone surrogate cannot be percent-encoded: as a browser would, send U+FFFD.
          encodeURIComponent((params[name] ?? "").replace(/[\ud800-\udfff]/g, "\ufffd")),
        );
        const search = new URLSearchParams(query as Record<string, string>);
        if (unknown) search.append(unknown, "1");
        if (search.size) url += `?${search}`;
        const headers: Record<string, string> = {};
        if (auth === "good") headers.Authorization = `Bearer ${token}`;
        else if (auth !== "none") headers.Authorization = auth;
        const response = await module.loader({
          request: new Request(`http://localhost:3000${url}`, { headers }),
          params: params as Record<string, string>,
          context: {},
        });
        await expectDocumented(`GET ${url}`, response, get.responses);
      }),
      { numRuns: 60 },
    );
  }
}, 300_000);

test("the methods the API refuses are answered as the spec says", async () => {
  for (const [apiPath, methods] of Object.entries(spec.paths)) {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      const url = apiPath.replace(/\{\w+\}/g, "x");
      const response = apiMethodRefusal(method, url);
      expect(response).not.toBeNull();
      await expectDocumented(
        `${method} ${url}`,
        response!,
        methods[method.toLowerCase()]!.responses,
      );
    }
  }
});
