// The single sign-on form an admin fills in (docs/decisions/280-oidc-in-admin-settings.md):
// one zod schema for the browser and the server. The client secret is write-only: left empty,
// the stored one is kept.
import { z } from "zod";
import { ROLES } from "./permissions";

const MAX_ROLE_ROWS = 50;

const text = (max: number, required: string, tooLong: string) =>
  z.string({ required_error: required }).trim().min(1, required).max(max, tooLong);

/** Repeated form fields arrive as a string or an array of strings. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const OidcSettingsFormSchema = z
  .object({
    issuer: z
      .string({ required_error: "Enter the provider's issuer URL" })
      .trim()
      .min(1, "Enter the provider's issuer URL")
      .max(500, "Use at most 500 characters")
      .url("Enter the issuer as a full URL, such as https://login.example.com/realms/staff"),
    clientId: text(
      500,
      "Enter the client ID the provider gave Assay",
      "Use at most 500 characters",
    ),
    clientSecret: z.string().trim().max(2000, "Use at most 2000 characters").default(""),
    displayName: text(60, "Enter the name the sign-in button shows", "Use at most 60 characters"),
    scopes: z
      .string()
      .trim()
      .max(500, "Use at most 500 characters")
      .default("openid email profile")
      .refine((v) => /(^| )openid( |$)/.test(v), 'The scopes must include "openid"'),
    rolesClaim: text(
      200,
      "Enter the claim that holds groups or roles",
      "Use at most 200 characters",
    ),
    jitRole: z
      .union([z.literal(""), z.enum(ROLES)], {
        errorMap: () => ({ message: "Choose the role new staff get, or none" }),
      })
      .default(""),
    mapGroup: list,
    mapRole: list,
  })
  .transform((input, ctx) => {
    const roleMap: Record<string, (typeof ROLES)[number]> = {};
    const rows = Math.max(input.mapGroup.length, input.mapRole.length);
    if (rows > MAX_ROLE_ROWS) {
      ctx.addIssue({
        code: "custom",
        path: ["mapGroup"],
        message: `Map at most ${MAX_ROLE_ROWS} groups`,
      });
      return z.NEVER;
    }
    for (let i = 0; i < rows; i++) {
      const group = (input.mapGroup[i] ?? "").trim();
      const role = (input.mapRole[i] ?? "").trim();
      if (!group && !role) continue;
      if (!group || group.length > 500) {
        ctx.addIssue({
          code: "custom",
          path: ["mapGroup"],
          message: `Row ${i + 1}: enter the provider's group name (at most 500 characters)`,
        });
        continue;
      }
      if (!(ROLES as readonly string[]).includes(role)) {
        ctx.addIssue({
          code: "custom",
          path: ["mapRole"],
          message: `Row ${i + 1}: choose the Assay role for ${group}`,
        });
        continue;
      }
      roleMap[group] = role as (typeof ROLES)[number];
    }
    return {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret: input.clientSecret,
      displayName: input.displayName,
      scopes: input.scopes.split(/\s+/).filter(Boolean).join(" "),
      rolesClaim: input.rolesClaim,
      jitRole: input.jitRole === "" ? null : input.jitRole,
      roleMap,
    };
  });

export type OidcSettingsInput = z.output<typeof OidcSettingsFormSchema>;
