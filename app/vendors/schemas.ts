// Vendor and contact forms, and the vendor list's query string: shared by the browser
// (react-hook-form) and the actions and loaders. Pure: no I/O.
import { describeErrors, parseQuery } from "~/forms/parse";
import { z } from "zod";
import { emailField } from "~/auth/schemas";
import { CRITICALITY, DATA_ACCESS, TIERS } from "~/scoring/risk";
import { VENDOR_CATEGORIES } from "./vendors";
import { UUID_PATTERN, isUuid } from "~/uuid";

/** Only http(s): a stored website is rendered as a link, so "javascript:" must never get in. */
export function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.length > 0;
  } catch {
    return false;
  }
}

// Empty form fields arrive as "" (or not at all without JavaScript): both mean "none".
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v ?? "");

// A domain as people type it in an address: labels of letters, digits and hyphens, a dot
// between each, ending in a label of letters (example.com, mail.example.co.uk).
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * The vendor's email domains, separated by commas, spaces or new lines, as lower-case domains
 * ("@Example.COM" becomes "example.com"). Empty: colleagues may be invited from any address.
 */
export const emailDomainsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.join("\n") : (v ?? "")))
  .transform((v) =>
    v
      .split(/[\s,;]+/)
      .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
      .filter(Boolean),
  )
  .superRefine((domains, ctx) => {
    const bad = domains.filter((d) => !DOMAIN.test(d));
    if (bad.length > 0)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `Enter domains like example.com, separated by commas or new lines: “${bad[0]}” is not a domain`,
      });
    if (new Set(domains).size > 20)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter at most 20 email domains" });
  })
  .transform((domains) => [...new Set(domains)]);

/** Whether an address may be invited, given the vendor's domains (subdomains count). */
export function emailInDomains(email: string, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const domain = email.toLowerCase().split("@").pop() ?? "";
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}

export const VendorSchema = z.object({
  name: z
    .string({ required_error: "Enter the vendor's name" })
    .trim()
    .min(1, "Enter the vendor's name")
    .max(200, "Vendor names are at most 200 characters"),
  website: optionalText(500, "Website addresses are at most 500 characters")
    .refine((v) => v === "" || isWebAddress(v), {
      message: "Enter a website address that starts with https://, like https://example.com",
    })
    .transform((v) => v || null),
  category: z.enum(VENDOR_CATEGORIES, { errorMap: () => ({ message: "Choose a category" }) }),
  dataAccess: z.enum(DATA_ACCESS, {
    errorMap: () => ({ message: "Choose what data the vendor can access" }),
  }),
  criticality: z.enum(CRITICALITY, {
    errorMap: () => ({ message: "Choose how critical the vendor is to the business" }),
  }),
  // Whether the user exists and is active is checked by the server (createVendor/updateVendor).
  ownerId: optionalText(36, "Choose an owner from the list")
    .refine((v) => v === "" || isUuid(v), { message: "Choose an owner from the list" })
    .transform((v) => (v ? v.toLowerCase() : null)),
  notes: optionalText(5000, "Notes are at most 5,000 characters"),
  emailDomains: emailDomainsField,
});
export type VendorInput = z.output<typeof VendorSchema>;

export const ContactSchema = z.object({
  name: z
    .string({ required_error: "Enter the contact's name" })
    .trim()
    .min(1, "Enter the contact's name")
    .max(120, "Names are at most 120 characters"),
  email: emailField,
  role: optionalText(120, "Roles are at most 120 characters"),
});
export type ContactInput = z.output<typeof ContactSchema>;

export const VENDOR_SORTS = ["name", "category", "tier", "owner", "created"] as const;
export type VendorSort = (typeof VENDOR_SORTS)[number];
export type SortDirection = "asc" | "desc";

/** The direction a column sorts in when first chosen: riskiest and newest first. */
export const DEFAULT_DIRECTION: Record<VendorSort, SortDirection> = {
  name: "asc",
  category: "asc",
  tier: "desc",
  owner: "asc",
  created: "desc",
};

export const ARCHIVED_FILTERS = ["exclude", "only", "include"] as const;
export const VENDORS_PER_PAGE = 50;

// A bookmarked or hand-edited URL never breaks the page: each bad value falls back to its
// default on its own, and the rest of the query still applies.
export const VendorListQuerySchema = z
  .object({
    q: z.string().trim().max(200).catch("").default(""),
    category: z.enum(VENDOR_CATEGORIES).optional().catch(undefined),
    dataAccess: z.enum(DATA_ACCESS).optional().catch(undefined),
    criticality: z.enum(CRITICALITY).optional().catch(undefined),
    tier: z.enum(TIERS).optional().catch(undefined),
    owner: z
      .union([z.literal("none"), z.string().regex(UUID_PATTERN).toLowerCase()])
      .optional()
      .catch(undefined),
    archived: z.enum(ARCHIVED_FILTERS).catch("exclude").default("exclude"),
    sort: z.enum(VENDOR_SORTS).catch("name").default("name"),
    dir: z.enum(["asc", "desc"]).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  })
  .transform((query) => ({ ...query, dir: query.dir ?? DEFAULT_DIRECTION[query.sort] }));
export type VendorListQuery = z.output<typeof VendorListQuerySchema>;

export function parseVendorListQuery(searchParams: URLSearchParams): VendorListQuery {
  // The shared reader applies the edge rule (docs/decisions/120-input-at-the-edge.md): a NUL
  // or broken character in a search is a 400 with a message, never a database error. Every
  // other bad value falls back to its default in the schema.
  const parsed = parseQuery(VendorListQuerySchema, searchParams);
  if (!parsed.success) {
    throw new Response(`This search cannot be run: ${describeErrors(parsed.errors)}.`, {
      status: 400,
    });
  }
  return parsed.data;
}

/** The query string for a list URL, leaving out defaults so bookmarks stay short. */
export function vendorListSearch(query: VendorListQuery): string {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  for (const key of ["category", "dataAccess", "criticality", "tier", "owner"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.archived !== "exclude") params.set("archived", query.archived);
  if (query.sort !== "name") params.set("sort", query.sort);
  if (query.dir !== DEFAULT_DIRECTION[query.sort]) params.set("dir", query.dir);
  if (query.page > 1) params.set("page", String(query.page));
  const search = params.toString();
  return search ? `?${search}` : "";
}
