// How a question's answer travels through an HTML form: field names, reading an Answer back
// from FormData, and showing a stored answer in words. Pure; used by the answering page in
// the browser (autosave) and by its action (the no-JavaScript path).
import { type Answer, type AnswerValue } from "~/questionnaire/model";
import { type Question } from "~/questionnaire/definition";
import { type SupplierListValue, type SupplierRow } from "~/supply-chain/types";

export const fieldName = (questionId: string) => `q:${questionId}`;
export const naName = (questionId: string) => `q:${questionId}:na`;
export const naWhyName = (questionId: string) => `q:${questionId}:na-why`;
export const commentName = (questionId: string) => `q:${questionId}:comment`;
export const revisionName = (questionId: string) => `q:${questionId}:rev`;
/** A field of one supplier row of a supplier_list question (docs/decisions/240). */
export const supplierFieldName = (questionId: string, row: number, field: SupplierField) =>
  `q:${questionId}:s:${row}:${field}`;
/** A hidden field whose input event tells autosave that rows were added or removed. */
export const supplierRowsName = (questionId: string) => `q:${questionId}:s:rows`;
export type SupplierField = "name" | "domain" | "service" | "receives" | "countries" | "state";

/** The question id a form field belongs to, or null for fields that are not answers. */
export function questionIdOf(name: string): string | null {
  const match = /^q:([a-z0-9][a-z0-9-]*)(?::(?:na|na-why|comment|s:rows|s:\d+:[a-z]+))?$/.exec(
    name,
  );
  return match ? match[1]! : null;
}

// Generous bounds on the raw fields: the answer's own rules (app/questionnaire/answer-schema.ts)
// give the precise message once the answer is read.
function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** The answer as the form holds it now; null when the question is left empty. */
export function readAnswer(question: Question, formData: FormData): Answer | null {
  if (question.allowNA && formData.get(naName(question.id)) === "1") {
    return { kind: "na", justification: text(formData, naWhyName(question.id)) };
  }
  const name = fieldName(question.id);
  switch (question.type) {
    case "multiple_choice": {
      const chosen = formData.getAll(name).filter((v): v is string => typeof v === "string");
      return chosen.length ? { kind: "value", value: chosen } : null;
    }
    case "maturity": {
      const level = text(formData, name);
      return level === "" ? null : { kind: "value", value: Number(level) };
    }
    case "number": {
      const raw = text(formData, name);
      if (raw === "") return null;
      const number = Number(raw.replace(/,/g, ""));
      // An unparseable entry is kept as text so validation can say what is wrong with it.
      return { kind: "value", value: Number.isFinite(number) ? number : raw };
    }
    case "evidence": {
      const files = formData
        .getAll(name)
        .filter((v): v is string => typeof v === "string" && v !== "");
      return files.length ? { kind: "value", value: files } : null;
    }
    case "countries": {
      const codes = countryCodes(formData.getAll(name));
      return codes.length ? { kind: "value", value: codes } : null;
    }
    case "supplier_list": {
      const suppliers = readSupplierRows(question.id, formData);
      return suppliers.length ? { kind: "value", value: { suppliers } } : null;
    }
    default: {
      const value = text(formData, name);
      return value === "" ? null : { kind: "value", value };
    }
  }
}

// Codes from checkboxes, or typed as "IE, us": upper case, each once; validation says what is
// wrong with anything that is not a code.
function countryCodes(values: FormDataEntryValue[]): string[] {
  const codes = values
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.split(/[\s,;]+/))
    .map((v) => v.trim().toUpperCase())
    .filter((v) => v !== "");
  return [...new Set(codes)];
}

/**
 * The domain a vendor typed, or the host of the web address they pasted instead
 * ("https://www.acmegpu.example/pricing" → "www.acmegpu.example"). Anything else is kept as
 * typed, so the answer's schema can say what is wrong with it.
 */
export function domainFromTyped(typed: string): string | null {
  const value = typed.trim().toLowerCase();
  if (value === "") return null;
  if (/^https?:\/\//.test(value)) {
    try {
      const host = new URL(value).hostname;
      if (host) return host;
    } catch {
      // Not a web address after all: kept as typed.
    }
  }
  return value;
}

/** The supplier rows the form holds, in row order; rows left entirely blank are skipped. */
function readSupplierRows(questionId: string, formData: FormData): SupplierRow[] {
  const prefix = `q:${questionId}:s:`;
  const rows = new Set<number>();
  for (const key of formData.keys()) {
    if (!key.startsWith(prefix)) continue;
    const row = /^(\d+):/.exec(key.slice(prefix.length))?.[1];
    if (row !== undefined && row.length < 5) rows.add(Number(row));
  }
  const field = (row: number, name: SupplierField) =>
    text(formData, supplierFieldName(questionId, row, name));
  const list = (row: number, name: SupplierField) =>
    formData
      .getAll(supplierFieldName(questionId, row, name))
      .filter((v): v is string => typeof v === "string" && v !== "");
  const suppliers: SupplierRow[] = [];
  for (const row of [...rows].sort((a, b) => a - b)) {
    const name = field(row, "name");
    const domain = field(row, "domain");
    const receives = list(row, "receives");
    const countries = countryCodes(list(row, "countries"));
    if (name === "" && domain === "" && receives.length === 0 && countries.length === 0) continue;
    // Kept as typed (the answer's schema says what is wrong); the types are the stored shape.
    suppliers.push({
      name,
      domain: domainFromTyped(domain),
      service: field(row, "service") as SupplierRow["service"],
      receives: receives as SupplierRow["receives"],
      countries,
      stateControlled: field(row, "state") as SupplierRow["stateControlled"],
    });
  }
  return suppliers;
}

export function readComment(question: Question, formData: FormData): string {
  return text(formData, commentName(question.id));
}

export function sameAnswer(a: Answer | null | undefined, b: Answer | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * How countries and supplier lists read in words. The country names are not imported here: this
 * module is part of the answering page's browser code, which loads them only on a page with a
 * countries or supplier-list question (docs/decisions/360-supply-chain-controls-on-demand.md).
 * `describeAnswer` in answer-words.ts passes them; without them a country reads as its code.
 */
export type SupplyChainWords = {
  country(code: string): string;
  suppliers(value: SupplierListValue): string;
};

function describe(question: Question, value: AnswerValue, words: SupplyChainWords | null): string {
  if (
    question.type === "yes_no" ||
    question.type === "single_choice" ||
    question.type === "multiple_choice"
  ) {
    const labels = new Map(question.options.map((o) => [o.value, o.label]));
    const values = Array.isArray(value) ? value : [value];
    return values.map((v) => labels.get(String(v)) ?? String(v)).join(", ");
  }
  if (question.type === "maturity") {
    const level = question.levels.find((l) => l.level === Number(value));
    return level ? `Level ${level.level}: ${level.description}` : String(value);
  }
  if (question.type === "number") return `${value}${question.unit ? ` ${question.unit}` : ""}`;
  if (question.type === "evidence") {
    const files = Array.isArray(value) ? value.length : 0;
    return files === 1 ? "1 file" : `${files} files`;
  }
  if (question.type === "countries" && Array.isArray(value)) {
    return (value as string[]).map((code) => words?.country(code) ?? code).join(", ");
  }
  if (question.type === "supplier_list" && typeof value === "object" && !Array.isArray(value)) {
    const list = value as SupplierListValue;
    return words
      ? words.suppliers(list)
      : list.suppliers.map((row) => row.name || "Unnamed supplier").join("; ");
  }
  return String(value);
}

/**
 * A stored answer in words, with the supply-chain words given (or codes and names alone). Staff
 * views and the check page use `describeAnswer` from answer-words.ts, which always has them.
 */
export function describeAnswerWith(
  words: SupplyChainWords | null,
  question: Question,
  answer: Answer | null | undefined,
): string {
  if (!answer) return "Not answered";
  if (answer.kind === "na") return `Not applicable: ${answer.justification}`;
  return describe(question, answer.value, words);
}
