// The new-password part of every password form: accepting an invitation, resetting a
// forgotten password, changing one's own. Posts `newPassword` and `confirmPassword`, the fields
// of `withNewPassword` (app/auth/schemas.ts), which the action and the browser both check.
import { type UseFormRegisterReturn } from "react-hook-form";
import { TextField } from "./form";

type Names = "newPassword" | "confirmPassword";

export function NewPasswordFields({
  register,
  errors,
  email,
  label = "New password",
  confirmLabel = "Type the new password again",
  hint = "At least 12 characters. A few unrelated words make a strong one.",
}: {
  /** react-hook-form's `register` of a form whose schema has the two fields. */
  register: (name: Names) => UseFormRegisterReturn<Names>;
  errors: Partial<Record<string, string | undefined>>;
  /** The account's address: a hidden username field, so password managers store the pair. */
  email?: string;
  label?: string;
  confirmLabel?: string;
  hint?: string;
}) {
  return (
    <>
      {email ? (
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      ) : null}
      <TextField
        label={label}
        type="password"
        autoComplete="new-password"
        hint={hint}
        error={errors.newPassword}
        {...register("newPassword")}
      />
      <TextField
        label={confirmLabel}
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
        {...register("confirmPassword")}
      />
    </>
  );
}
