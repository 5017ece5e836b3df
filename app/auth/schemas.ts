// Form schemas shared by the browser (react-hook-form) and the actions.
import { z } from "zod";
import { isWellFormedText, oneLine } from "~/forms/input";
import { ROLES } from "./permissions";

export const emailField = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .min(1, "Enter an email address")
  .max(254, "Email addresses are at most 254 characters")
  .email("Enter an email address in the right format, like name@example.com")
  .transform((v) => v.toLowerCase());

// NIST SP 800-63B §5.1.1: length over composition rules; a generous maximum.
export const newPasswordField = z
  .string({ required_error: "Enter a password" })
  .min(12, "Use at least 12 characters")
  .max(200, "Use at most 200 characters");

// Where relative paths are resolved when no APP_URL is at hand (this module also runs in the
// browser). Any origin works: the test is "does it resolve to the same origin as its base".
const PLACEHOLDER_ORIGIN = "http://assay.invalid";

export const REDIRECT_CONTROL_MESSAGE =
  "The address to return to after signing in contains a line break or control character. Open the link again, or go to the home page.";

/**
 * Only paths inside this app: "/vendors?x=1" yes; "//evil.example", "/\\evil.example",
 * "/\t/evil.example" (browsers drop tabs and line breaks), "https://…" or "/@evil" tricks no.
 * The value is parsed the way a browser will parse the Location header, with
 * `new URL(value, base)`, and kept only if it stays on the base's origin; the normalised path
 * is returned, never the raw text (docs/decisions/121-redirect-targets.md).
 */
export function safeRedirect(
  to: unknown,
  fallback = "/",
  base: string = PLACEHOLDER_ORIGIN,
): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Control characters are dropped by URL parsers (so "/\t/x" becomes "//x") and are not
  // allowed in a header; a backslash counts as a slash in http(s) paths.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(to) || !isWellFormedText(to)) return fallback;
  let url: URL;
  let origin: string;
  try {
    origin = new URL(base).origin;
    url = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // A path that normalises to "//host" would be read as a host on a second pass.
  return path.startsWith("//") ? fallback : path;
}

/** The login page's query: a control character in redirectTo is a broken link (400), not a redirect. */
export const LoginQuerySchema = z.object({
  redirectTo: z
    .string()
    .optional()
    .refine((v) => v === undefined || oneLine(v), REDIRECT_CONTROL_MESSAGE)
    .transform((v) => safeRedirect(v)),
});

export const LoginSchema = z.object({
  email: emailField,
  password: z
    .string({ required_error: "Enter your password" })
    .min(1, "Enter your password")
    .max(200),
  redirectTo: z
    .string()
    .optional()
    .transform((v) => safeRedirect(v)),
});

export const nameField = z
  .string({ required_error: "Enter a name" })
  .trim()
  .min(1, "Enter a name")
  .max(120, "Names are at most 120 characters");

export const roleField = z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) });

export const InviteUserSchema = z.object({ email: emailField, name: nameField, role: roleField });

export const ChangeRoleSchema = z.object({ intent: z.literal("change-role"), role: roleField });

/**
 * The new password and its confirmation, as every password form asks for them (with
 * `NewPasswordFields` in `app/components/new-password-fields.tsx`). `withNewPassword` adds them
 * to a form's own fields and refuses a confirmation that differs.
 */
export const NEW_PASSWORD_FIELDS = {
  newPassword: newPasswordField,
  confirmPassword: z.string({ required_error: "Type the password again" }),
};

export function withNewPassword<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...shape, ...NEW_PASSWORD_FIELDS })
    .refine((v) => v.newPassword === v.confirmPassword, {
      path: ["confirmPassword"],
      message: "The passwords do not match",
    });
}

export const AcceptInvitationSchema = withNewPassword({ name: nameField });

export const ChangePasswordSchema = withNewPassword({
  currentPassword: z.string().min(1, "Enter your current password").max(200),
}).refine((v) => v.newPassword !== v.currentPassword, {
  path: ["newPassword"],
  message: "Choose a password different from the current one",
});

export const ForgotPasswordSchema = z.object({ email: emailField });

export const ResetPasswordSchema = withNewPassword({});
