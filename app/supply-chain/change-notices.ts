// A vendor's change notice (docs/decisions/254-supply-chain-api.md, change notices): a new
// sub-processor, a new country, or a new base model or host, declared through the vendor's
// link at any time. The form's schema, shared by the page and the action.
import { z } from "zod";
import { findCountry } from "./countries";
import { normaliseDomain } from "./matching";
import { DATA_KINDS, SERVICE_KINDS } from "./types";

export const CHANGE_KINDS = ["new_subprocessor", "new_country", "new_model_or_host"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  new_subprocessor: "A new sub-processor",
  new_country: "A new country where you process or store our data",
  new_model_or_host: "A new base model or hosting provider",
};

/** What the buyer's settings do with a change notice. */
export const CHANGE_NOTICE_RULES = ["finding", "reassessment"] as const;
export type ChangeNoticeRule = (typeof CHANGE_NOTICE_RULES)[number];

/** The question id under which declared rows of change notices are kept (decision 241's tables). */
export const CHANGE_NOTICE_QUESTION = "change-notices";

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const ChangeNoticeSchema = z
  .object({
    kind: z.enum(CHANGE_KINDS, { errorMap: () => ({ message: "Choose what changed" }) }),
    name: z.string().trim().max(200, "Names are at most 200 characters").optional().default(""),
    domain: z
      .string()
      .trim()
      .max(500, "Websites are at most 500 characters")
      .optional()
      .default(""),
    // The page's "Choose…" option sends "": not chosen.
    service: z
      .union([
        z.literal(""),
        z.enum(SERVICE_KINDS, {
          errorMap: () => ({ message: "Choose what it does from the list" }),
        }),
      ])
      .optional()
      .transform((v) => v || undefined),
    receives: list.pipe(
      z
        .array(
          z.enum(DATA_KINDS, {
            errorMap: () => ({ message: "Choose what it receives from the list" }),
          }),
        )
        .max(5),
    ),
    // Comma-separated names or codes, as people type them ("Germany, US").
    countries: z
      .string()
      .trim()
      .max(1_000, "List at most a few dozen countries")
      .optional()
      .default(""),
    description: z
      .string()
      .trim()
      .max(2_000, "Describe the change in at most 2,000 characters")
      .optional()
      .default(""),
  })
  .transform((v, ctx) => {
    const countries: string[] = [];
    for (const part of v.countries
      .split(/[,;\n]+/)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const country = findCountry(part);
      if (country) countries.push(country.code);
      else
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["countries"],
          message: `“${part.slice(0, 60)}” is not a country: use names like Germany or codes like DE`,
        });
    }
    const domain = v.domain ? normaliseDomain(v.domain) : null;
    if (v.domain && !domain)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["domain"],
        message: "Enter a website like gpucloud.example",
      });
    if (v.kind === "new_country" && countries.length === 0)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["countries"],
        message: "Enter the new country",
      });
    if (v.kind !== "new_country" && v.name === "")
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["name"],
        message: "Enter the provider's name",
      });
    if (v.kind !== "new_country" && v.receives.length === 0)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["receives"],
        message: "Choose what of our data it receives (or “none”)",
      });
    return {
      kind: v.kind,
      name: v.name,
      domain,
      service:
        v.service ?? (v.kind === "new_model_or_host" ? ("model_api" as const) : ("other" as const)),
      receives: DATA_KINDS.filter((k) => v.receives.includes(k)),
      countries: [...new Set(countries)].sort(),
      description: v.description,
    };
  });
export type ChangeNotice = z.output<typeof ChangeNoticeSchema>;
