// Form schemas shared by the browser (react-hook-form) and the actions.
import { z } from "zod";
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

/** Only paths inside this app: "/vendors" yes, "//evil.example" or "https://…" no. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (
    typeof to !== "string" ||
    !to.startsWith("/") ||
    to.startsWith("//") ||
    to.startsWith("/\\")
  ) {
    return fallback;
  }
  return to;
}

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

export const AcceptInvitationSchema = z
  .object({ name: nameField, password: newPasswordField, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match",
  });

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: newPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The new passwords do not match",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });
