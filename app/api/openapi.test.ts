// docs/openapi.yaml and the API routes describe the same API: every documented path is a
// route file, every API route file is documented, and each operation documents its errors.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";

const root = path.resolve(import.meta.dirname, "..", "..");
const spec = parse(readFileSync(path.join(root, "docs", "openapi.yaml"), "utf8")) as {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters?: unknown[]; responses: Record<string, unknown> }>
  >;
};
const routeFiles = readdirSync(path.join(root, "app", "routes")).filter(
  (file) => file.startsWith("api.v1.") && !file.includes(".test."),
);

/** `/api/v1/assessments/{assessmentId}/scores` → the flat route file names that serve it. */
function candidates(apiPath: string): string[] {
  const segments = apiPath
    .split("/")
    .filter(Boolean)
    .map((s) => s.replace(/^\{(.+)\}$/, "$$$1"));
  const base = segments.join(".");
  return [`${base}.ts`, `${base}._index.ts`];
}

test("the file is OpenAPI 3.1", () => {
  expect(spec.openapi).toBe("3.1.0");
});

test("every documented path has a route file; GET is answered, the other methods are a 405", () => {
  for (const [apiPath, operations] of Object.entries(spec.paths)) {
    const files = candidates(apiPath).filter((file) => routeFiles.includes(file));
    expect({ apiPath, files: files.length }).toEqual({ apiPath, files: 1 });
    expect(Object.keys(operations)).toEqual(["get", "post", "put", "patch", "delete"]);
    for (const method of ["post", "put", "patch", "delete"])
      expect(Object.keys(operations[method]!.responses)).toEqual(["405"]);
    expect(Object.keys(operations.get!.responses)).toEqual(expect.arrayContaining(["200", "401"]));
  }
});

test("every API route file is documented", () => {
  const documented = new Set(Object.keys(spec.paths).flatMap(candidates));
  // The catch-all answers a JSON 404 for anything else; it is not an endpoint.
  const endpoints = routeFiles.filter((file) => file !== "api.v1.$.ts");
  expect(endpoints.length).toBeGreaterThanOrEqual(7);
  expect(endpoints.filter((file) => !documented.has(file))).toEqual([]);
});
