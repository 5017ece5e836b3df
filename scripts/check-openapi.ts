// `npm run lint` checks docs/openapi.yaml (docs/decisions/187-api-spec-and-code-agree.md):
//   - it is a valid OpenAPI 3.1 document with resolvable references (@apidevtools/swagger-parser);
//   - no key has an empty value: in a YAML flow mapping an unquoted comma ends a description
//     and turns the rest into a stray key (how two descriptions were once cut short);
//   - every operation documents 500 and 503, every GET its 401, and every path answers the
//     other methods with 405.
import { readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse } from "yaml";

const file = path.resolve(import.meta.dirname, "..", "docs", "openapi.yaml");

export function specProblems(text: string): string[] {
  const problems: string[] = [];
  const spec = parse(text) as Record<string, unknown>;
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (value && typeof value === "object")
      for (const [key, item] of Object.entries(value)) {
        if (item === null)
          problems.push(
            `${at}.${key} has no value: a description cut at an unquoted comma? Quote it.`,
          );
        walk(item, `${at}.${key}`);
      }
  };
  walk(spec, "#");
  const paths = (spec.paths ?? {}) as Record<string, Record<string, { responses?: object }>>;
  for (const [apiPath, operations] of Object.entries(paths)) {
    for (const method of ["post", "put", "patch", "delete"])
      if (!operations[method]?.responses || !("405" in operations[method].responses!))
        problems.push(`${apiPath}: ${method.toUpperCase()} must be documented as a 405`);
    const responses = operations.get?.responses ?? {};
    for (const status of ["200", "401", "500", "503"])
      if (!(status in responses)) problems.push(`${apiPath}: GET does not document ${status}`);
  }
  return problems;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const problems = specProblems(readFileSync(file, "utf8"));
  try {
    await SwaggerParser.validate(file);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length) {
    console.error(`docs/openapi.yaml:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exit(1);
  }
}
