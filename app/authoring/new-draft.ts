// The documents a new draft starts from: a blank questionnaire with one question to fill in, or
// the object read from an imported YAML file (checked by the builder, not here).
import { parseDocument } from "yaml";
import { z } from "zod";
import { IdSchema } from "~/questionnaire/definition";

export const NewDraftSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("blank"),
    title: z.string().trim().min(1, "Enter a title").max(200, "Use at most 200 characters"),
    slug: IdSchema,
  }),
  z.object({ intent: z.literal("yaml") }),
]);

export function blankDocument(input: { slug: string; title: string }) {
  return {
    slug: input.slug,
    title: input.title,
    description: "",
    audience: "any",
    changelog: "First version.",
    sections: [
      {
        id: "general",
        title: "General",
        weight: 1,
        questions: [
          {
            id: "first-question",
            type: "yes_no",
            text: "",
            weight: 3,
            references: [],
            options: [
              { value: "yes", credit: 1 },
              { value: "no", credit: 0 },
            ],
          },
        ],
      },
    ],
  };
}

/** YAML text → the object it holds, or why it cannot be read. Validation is the builder's. */
export function readYamlDocument(
  text: string,
): { ok: true; document: Record<string, unknown> } | { ok: false; message: string } {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0)
    return { ok: false, message: `YAML syntax: ${document.errors[0]!.message.split("\n")[0]}` };
  let value: unknown;
  try {
    // yaml refuses aliases that expand past its limit (a "billion laughs" file).
    value = document.toJS();
  } catch (error) {
    return { ok: false, message: `The YAML cannot be read: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return {
      ok: false,
      message: "The file does not hold a questionnaire (slug, title, sections, …)",
    };
  return { ok: true, document: value as Record<string, unknown> };
}
