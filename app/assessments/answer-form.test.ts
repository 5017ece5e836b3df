import { expect, test } from "vitest";
import { QuestionSchema } from "~/questionnaire/definition";
import { parseForm } from "~/forms/parse";
import {
  commentName,
  describeAnswerWith,
  domainFromTyped,
  fieldName,
  naName,
  naWhyName,
  questionIdOf,
  readAnswer,
  revisionName,
} from "./answer-form";
import { answerFieldErrors, answerFieldsSchema } from "./answer-form-schema";
import { describeAnswer } from "./answer-words";
import { type Answer } from "~/questionnaire/model";

const q = (input: unknown) => QuestionSchema.parse(input);
const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};

const multi = q({
  id: "certs",
  type: "multiple_choice",
  text: "Which?",
  weight: 1,
  options: [
    { value: "iso", label: "ISO 27001", credit: 0.5 },
    { value: "soc2", label: "SOC 2", credit: 0.5 },
  ],
});
const days = q({
  id: "days",
  type: "number",
  text: "How long?",
  unit: "days",
  weight: 0,
  allowNA: true,
});

test("field names map back to their question", () => {
  for (const name of [fieldName("a-b"), naName("a-b"), naWhyName("a-b"), commentName("a-b")]) {
    expect(questionIdOf(name)).toBe("a-b");
  }
  expect(questionIdOf("intent")).toBeNull();
  expect(questionIdOf("q:a-b:rev")).toBeNull();
});

test("each type reads back as the stored answer shape; empty is null", () => {
  expect(
    readAnswer(
      multi,
      form([
        [fieldName("certs"), "iso"],
        [fieldName("certs"), "soc2"],
      ]),
    ),
  ).toEqual({
    kind: "value",
    value: ["iso", "soc2"],
  });
  expect(readAnswer(multi, form([]))).toBeNull();
  expect(readAnswer(days, form([[fieldName("days"), " 1,200 "]]))).toEqual({
    kind: "value",
    value: 1200,
  });
  expect(readAnswer(days, form([[fieldName("days"), "soon"]]))).toEqual({
    kind: "value",
    value: "soon",
  });
  expect(readAnswer(days, form([[fieldName("days"), ""]]))).toBeNull();
});

test("N/A wins over a value where allowed, with its justification", () => {
  const data = form([
    [fieldName("days"), "30"],
    [naName("days"), "1"],
    [naWhyName("days"), " We keep nothing "],
  ]);
  expect(readAnswer(days, data)).toEqual({ kind: "na", justification: "We keep nothing" });
  // Where N/A is not allowed the checkbox is ignored.
  expect(readAnswer(multi, form([[naName("certs"), "1"]]))).toBeNull();
});

test("answers are described in words", () => {
  expect(describeAnswer(multi, { kind: "value", value: ["soc2"] })).toBe("SOC 2");
  expect(describeAnswer(days, { kind: "value", value: 30 })).toBe("30 days");
  expect(describeAnswer(days, { kind: "na", justification: "n/a here" })).toBe(
    "Not applicable: n/a here",
  );
  expect(describeAnswer(days, null)).toBe("Not answered");
});

test("countries and supplier lists read with their names on the server, as codes and names without the country list", () => {
  const where = QuestionSchema.parse({ id: "where", type: "countries", text: "Where?" });
  const who = QuestionSchema.parse({ id: "who", type: "supplier_list", text: "Who?" });
  const countries = { kind: "value" as const, value: ["DE", "IE"] };
  const suppliers: Answer = {
    kind: "value",
    value: {
      suppliers: [
        {
          name: "Kestrel GPU Cloud",
          domain: "kestrel.example",
          service: "cloud_compute",
          receives: ["prompts_outputs"],
          countries: ["IE"],
          stateControlled: "no",
        },
      ],
    },
  };
  expect(describeAnswer(where, countries)).toBe("Germany, Ireland");
  expect(describeAnswer(who, suppliers)).toMatch(
    /^Kestrel GPU Cloud \(kestrel\.example\): .* in Ireland$/,
  );
  expect(describeAnswerWith(null, where, countries)).toBe("DE, IE");
  expect(describeAnswerWith(null, who, suppliers)).toBe("Kestrel GPU Cloud");
});

test("a no-JavaScript answer post goes through the edge rule and zod: NUL, broken revisions and repeated single values are refused", () => {
  const schema = answerFieldsSchema([multi, days]);
  const parse = (entries: [string, string][]) => parseForm(schema, form(entries));
  const ok = parse([
    [fieldName("certs"), "iso"],
    [fieldName("certs"), "soc2"],
    [fieldName(days.id), "30"],
    [revisionName(days.id), "7"],
  ]);
  expect(ok.success && ok.data[revisionName(days.id)]).toBe(7);
  for (const revision of ["Infinity", "1e3", "-1", "0x10", "99999999999999999999", "7.5"]) {
    const bad = parse([[revisionName(days.id), revision]]);
    expect({ revision, success: bad.success }).toEqual({ revision, success: false });
  }
  const nul = parse([[commentName(days.id), "a\u0000b"]]);
  expect(nul.success).toBe(false);
  const twice = parse([
    [fieldName(days.id), "1"],
    [fieldName(days.id), "2"],
  ]);
  expect(twice.success).toBe(false);
  if (!twice.success)
    expect(answerFieldErrors(twice.errors, [multi, days])).toEqual({
      [`q-${days.id}`]: expect.stringContaining(days.text),
    });
});

test("a supplier's domain: typed as a host, or the host of a pasted web address", () => {
  expect(domainFromTyped(" AcmeGPU.example ")).toBe("acmegpu.example");
  expect(domainFromTyped("https://www.AcmeGPU.example/pricing?x=1")).toBe("www.acmegpu.example");
  expect(domainFromTyped("http://acmegpu.example:8443")).toBe("acmegpu.example");
  expect(domainFromTyped("")).toBeNull();
  // Not a web address: kept, for the answer's schema to explain.
  expect(domainFromTyped("ftp://acmegpu.example")).toBe("ftp://acmegpu.example");
  expect(domainFromTyped("https://")).toBe("https://");
});
