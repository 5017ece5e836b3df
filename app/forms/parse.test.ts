import { expect, test } from "vitest";
import { z } from "zod";
import { LoginSchema, safeRedirect } from "~/auth/schemas";
import { formDataToObject, parseForm } from "./parse";

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

test("repeated fields become arrays, single fields stay values", () => {
  expect(
    formDataToObject(
      form([
        ["a", "1"],
        ["b", "2"],
        ["b", "3"],
      ]),
    ),
  ).toEqual({ a: "1", b: ["2", "3"] });
});

test("valid input is parsed and transformed by the schema", () => {
  const result = parseForm(
    LoginSchema,
    form([
      ["email", "  Ada@Example.COM "],
      ["password", "x"],
    ]),
  );
  expect(result).toEqual({
    success: true,
    data: { email: "ada@example.com", password: "x", redirectTo: "/" },
  });
});

test("invalid input gives one actionable message per field", () => {
  const result = parseForm(LoginSchema, form([["email", "not-an-email"]]));
  expect(result).toEqual({
    success: false,
    errors: {
      email: "Enter an email address in the right format, like name@example.com",
      password: "Enter your password",
    },
  });
});

test("form-level refinements are reported against their path", () => {
  const schema = z
    .object({ a: z.string(), b: z.string() })
    .refine((v) => v.a === v.b, { path: ["b"], message: "must match" });
  expect(
    parseForm(
      schema,
      form([
        ["a", "x"],
        ["b", "y"],
      ]),
    ),
  ).toEqual({ success: false, errors: { b: "must match" } });
});

test("redirects after login stay inside the app", () => {
  expect(safeRedirect("/vendors?x=1")).toBe("/vendors?x=1");
  expect(safeRedirect("//evil.example/")).toBe("/");
  expect(safeRedirect("/\\evil.example")).toBe("/");
  expect(safeRedirect("https://evil.example")).toBe("/");
  expect(safeRedirect(undefined)).toBe("/");
});
