// API tokens as people see them: the format, the form that names one. Pure: no I/O.
import { z } from "zod";

/** Every token starts with this, so a leaked one is recognisable (and secret scanners can match it). */
export const TOKEN_PREFIX = "assay_";
/** How many leading characters are kept in clear, to tell tokens apart in the list. */
export const PREFIX_LENGTH = 12;
/** `assay_` and 32 random bytes in base64url (43 characters, no padding). */
export const TOKEN_PATTERN = /^assay_[A-Za-z0-9_-]{43}$/;

export const CreateApiTokenSchema = z.object({
  intent: z.literal("create"),
  name: z
    .string({ required_error: "Enter a name for the token" })
    .trim()
    .min(1, "Enter a name for the token")
    .max(100, "Token names are at most 100 characters"),
});

export const RevokeApiTokenSchema = z.object({
  intent: z.literal("revoke"),
  tokenId: z.string().uuid("Choose a token to revoke"),
});

export const ApiTokenActionSchema = z.discriminatedUnion("intent", [
  CreateApiTokenSchema,
  RevokeApiTokenSchema,
]);
