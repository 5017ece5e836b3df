// The buyer's supply-chain policy as stored in settings (docs/decisions/240): for each kind of
// data, where it may go; jurisdictions of concern; whether state control is itself a problem.
// Parsed with zod from the settings form and from the stored value.
import { z } from "zod";
import { getCountry, getRegion } from "./countries";
import { type CountryPolicy } from "./country-rules";
import { DATA_KINDS, type DataKind } from "./types";

/** The kinds of our data a rule can limit ("none" is nothing to limit). */
export const LIMITED_KINDS = DATA_KINDS.filter(
  (kind): kind is Exclude<DataKind, "none"> => kind !== "none",
);

const PlaceSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine((place) => getCountry(place) !== undefined || getRegion(place) !== undefined, {
    message: "Use ISO country codes (DE), EU, EEA or UN M49 region codes (150 for Europe)",
  })
  .transform((place) => getCountry(place)?.code ?? getRegion(place)?.id ?? place);

export const SupplyChainPolicySchema = z
  .object({
    // Absent: that kind of data is not limited.
    allowed: z.record(z.enum(DATA_KINDS), z.array(PlaceSchema).max(300)).default({}),
    concern: z.array(PlaceSchema).max(300).default([]),
    flagStateControlled: z.boolean().default(true),
  })
  .strict();

export type SupplyChainPolicy = z.output<typeof SupplyChainPolicySchema> & CountryPolicy;
export const DEFAULT_POLICY: SupplyChainPolicy = SupplyChainPolicySchema.parse({});

/** "DE, FR; EEA" → ["DE", "FR", "EEA"]: how the settings form writes a list of places. */
export function splitPlaces(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

/**
 * The settings form's fields (`allowed-<kind>`, `concern`, `flag-state-controlled`) as a
 * policy, or the field errors. A kind left blank is not limited.
 */
export function readPolicyForm(
  form: Record<string, unknown>,
): { ok: true; policy: SupplyChainPolicy } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const allowed: Partial<Record<DataKind, string[]>> = {};
  const places = (field: string): string[] | null => {
    const raw = form[field];
    if (raw !== undefined && typeof raw !== "string") {
      errors[field] = "Send one line of places";
      return null;
    }
    const list = splitPlaces(raw ?? "");
    const parsed = z.array(PlaceSchema).max(300, "List at most 300 places").safeParse(list);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const index = typeof issue.path[0] === "number" ? issue.path[0] : null;
      errors[field] = index === null ? issue.message : `“${list[index]}”: ${issue.message}`;
      return null;
    }
    return parsed.data;
  };
  for (const kind of LIMITED_KINDS) {
    const field = `allowed-${kind}`;
    const limited = form[`limit-${kind}`] === "on";
    const list = places(field);
    if (limited && list) allowed[kind] = [...new Set(list)];
  }
  const concern = places("concern");
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    policy: SupplyChainPolicySchema.parse({
      allowed,
      concern: [...new Set(concern ?? [])],
      flagStateControlled: form["flag-state-controlled"] === "on",
    }),
  };
}
