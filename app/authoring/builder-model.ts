// The builder's view of a draft document: loose (it may be invalid while being written), with
// templates for new questions and the field list of each question type read from the format's
// zod schema, so a type added to the format gets at least a basic editor. Pure.
import { z } from "zod";
import { QuestionSchema } from "~/questionnaire/definition";
import { parsePath } from "~/questionnaire/validate";

export type DraftQuestion = Record<string, unknown> & { id?: string; type?: string; text?: string };
export type DraftSection = {
  id?: string;
  title?: string;
  description?: string;
  weight?: number;
  questions?: DraftQuestion[];
} & Record<string, unknown>;
export type DraftDoc = Record<string, unknown> & { sections?: DraftSection[] };

/** Where the editor is: the questionnaire's own fields, a section, or one question. */
export type Selection =
  | { kind: "questionnaire" }
  | { kind: "section"; s: number }
  | { kind: "question"; s: number; q: number };

type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Every question type of the format, in the schema's order. */
export function questionTypes(): string[] {
  return QuestionSchema.options.map(
    (option) => (option as ObjectSchema).shape.type!._def.value as string,
  );
}

function shapeOf(type: string): z.ZodRawShape | null {
  const option = QuestionSchema.options.find(
    (candidate) => (candidate as ObjectSchema).shape.type!._def.value === type,
  ) as ObjectSchema | undefined;
  return option ? option.shape : null;
}

/** Fields every question has, edited by the common part of the editor. */
export const COMMON_FIELDS = [
  "id",
  "type",
  "text",
  "help",
  "required",
  "allowNA",
  "references",
  "evidence",
  "showIf",
  "weight",
] as const;

/** Fields with an editor of their own; any other field of a type gets the generic one. */
export const KNOWN_FIELDS = new Set<string>([
  ...COMMON_FIELDS,
  "options",
  "levels",
  "bands",
  "unit",
  "min",
  "max",
  "integer",
  "scoredOnPresence",
]);

export type FieldKind = "text" | "number" | "boolean" | "enum" | "json";

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap();
    else if (current instanceof z.ZodDefault) current = current._def.innerType;
    else if (current instanceof z.ZodEffects) current = current.innerType();
    else return current;
  }
}

/** The fields of a type that the editor has no dedicated control for, and how to edit each. */
export function extraFields(
  type: string,
): Array<{ name: string; kind: FieldKind; options?: string[]; description?: string }> {
  const shape = shapeOf(type);
  if (!shape) return [];
  return Object.entries(shape)
    .filter(([name]) => !KNOWN_FIELDS.has(name))
    .map(([name, schema]) => {
      const inner = unwrap(schema as z.ZodTypeAny);
      const description = (schema as z.ZodTypeAny).description ?? inner.description;
      if (inner instanceof z.ZodString) return { name, kind: "text" as const, description };
      if (inner instanceof z.ZodNumber) return { name, kind: "number" as const, description };
      if (inner instanceof z.ZodBoolean) return { name, kind: "boolean" as const, description };
      if (inner instanceof z.ZodEnum)
        return { name, kind: "enum" as const, options: inner.options as string[], description };
      return { name, kind: "json" as const, description };
    });
}

export function hasField(type: string, field: string): boolean {
  return !!shapeOf(type)?.[field];
}

function emptyFor(schema: z.ZodTypeAny): unknown {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) return undefined;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodString) return "";
  if (inner instanceof z.ZodNumber) return 0;
  if (inner instanceof z.ZodBoolean) return false;
  if (inner instanceof z.ZodArray) return [];
  if (inner instanceof z.ZodEnum) return inner.options[0];
  return undefined;
}

const finding = (title: string) => ({ severity: "medium", title, remediation: "" });

/** A new question of `type`, keeping what carries over from `from` (id, text, help, …). */
export function questionTemplate(type: string, from: DraftQuestion = {}): DraftQuestion {
  const kept = {
    id: from.id ?? "new-question",
    text: from.text ?? "",
    ...(from.help ? { help: from.help } : {}),
    references: Array.isArray(from.references) ? from.references : [],
  };
  switch (type) {
    case "yes_no":
      return {
        ...kept,
        type,
        weight: 3,
        options: [
          { value: "yes", credit: 1 },
          { value: "no", credit: 0, finding: finding("") },
        ],
      };
    case "single_choice":
    case "multiple_choice":
      return {
        ...kept,
        type,
        weight: 2,
        options: [
          { value: "option-1", label: "", credit: 1 },
          { value: "option-2", label: "", credit: 0, finding: finding("") },
        ],
      };
    case "maturity":
      return {
        ...kept,
        type,
        weight: 3,
        levels: [0, 1, 2, 3].map((level) => ({
          level,
          description: "",
          ...(level === 0 ? { finding: finding("") } : {}),
        })),
      };
    // Unscored until the author adds bands and a weight: a weight without bands is refused.
    case "number":
      return { ...kept, type, weight: 0, unit: "", bands: [] };
    case "date":
      return { ...kept, type, weight: 0, allowNA: true, bands: [] };
  }
  // Any other type: the schema's required fields with empty values.
  const shape = shapeOf(type) ?? {};
  const question: DraftQuestion = { ...kept, type };
  for (const [name, schema] of Object.entries(shape)) {
    if (name in question) continue;
    const value = emptyFor(schema as z.ZodTypeAny);
    if (value !== undefined) question[name] = value;
  }
  return question;
}

/** DOM id of the control for a path, e.g. sections[0].questions[2].text → f-sections-0-questions-2-text. */
export function fieldId(path: string): string {
  return `f-${path.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-")}`;
}

/** Which item of the builder a problem's path belongs to. */
export function selectionFor(path: string): Selection {
  const segments = parsePath(path);
  if (segments[0] === "sections" && typeof segments[1] === "number") {
    if (segments[2] === "questions" && typeof segments[3] === "number")
      return { kind: "question", s: segments[1], q: segments[3] };
    return { kind: "section", s: segments[1] };
  }
  return { kind: "questionnaire" };
}

export function selectionPath(selection: Selection): string {
  if (selection.kind === "question") return `sections[${selection.s}].questions[${selection.q}]`;
  if (selection.kind === "section") return `sections[${selection.s}]`;
  return "";
}

/** Moves item `from` of a list to `to` (both in range), returning a new list. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * Question `q` of section `from` moved to the end of section `to`, in a new document. Its id
 * stays, so answers carry over between versions and conditions on it still hold (a condition
 * now pointing at a later question is reported by the draft check like any other).
 */
export function moveToSection(doc: DraftDoc, from: number, q: number, to: number): DraftDoc {
  const sections = doc.sections ?? [];
  const question = sections[from]?.questions?.[q];
  if (!question || from === to || !sections[to]) return doc;
  return {
    ...doc,
    sections: sections.map((section, i) =>
      i === from
        ? { ...section, questions: (section.questions ?? []).filter((_, j) => j !== q) }
        : i === to
          ? { ...section, questions: [...(section.questions ?? []), question] }
          : section,
    ),
  };
}

/** An id not yet used by any question, from a base such as "new-question". */
export function unusedQuestionId(doc: DraftDoc, base = "new-question"): string {
  const used = new Set(
    (doc.sections ?? []).flatMap((section) => (section.questions ?? []).map((q) => q.id)),
  );
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
