// The one new-password part of the invitation, reset and change-password forms, and the one
// schema behind it.
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { AcceptInvitationSchema, ChangePasswordSchema, ResetPasswordSchema } from "~/auth/schemas";
import { NewPasswordFields } from "./new-password-fields";

const register = (name: "newPassword" | "confirmPassword") => ({
  name,
  onChange: async () => {},
  onBlur: async () => {},
  ref: () => {},
});

test("two labelled new-password fields, errors tied to them, the address for password managers", () => {
  const html = renderToStaticMarkup(
    <NewPasswordFields
      register={register}
      errors={{ confirmPassword: "The passwords do not match" }}
      email="robin@example.com"
      label="Choose a password"
      confirmLabel="Type the password again"
    />,
  );
  expect(html).toContain('name="username"');
  expect(html).toContain('value="robin@example.com"');
  expect(html.match(/autoComplete="new-password"|autocomplete="new-password"/g)).toHaveLength(2);
  expect(html).toMatch(/<label[^>]*for="newPassword"[^>]*>Choose a password/);
  expect(html).toMatch(/<label[^>]*for="confirmPassword"[^>]*>Type the password again/);
  expect(html).toMatch(/id="confirmPassword"[^>]*aria-invalid="true"/);
  expect(html).toContain("The passwords do not match");
  // Without an address, no hidden username field.
  expect(renderToStaticMarkup(<NewPasswordFields register={register} errors={{}} />)).not.toContain(
    "username",
  );
});

test("every password form posts newPassword and confirmPassword and refuses a mismatch the same way", () => {
  const pair = { newPassword: "a long enough password", confirmPassword: "a long enough password" };
  const typo = { ...pair, confirmPassword: "a long enough passwort" };
  const forms = [
    [AcceptInvitationSchema, { name: "Robin" }],
    [ResetPasswordSchema, {}],
    [ChangePasswordSchema, { currentPassword: "the old password" }],
  ] as const;
  for (const [schema, rest] of forms) {
    expect(schema.safeParse({ ...rest, ...pair }).success).toBe(true);
    const refused = schema.safeParse({ ...rest, ...typo });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues).toEqual([
      expect.objectContaining({ path: ["confirmPassword"], message: "The passwords do not match" }),
    ]);
    const short = schema.safeParse({ ...rest, newPassword: "short", confirmPassword: "short" });
    expect(short.error?.issues[0]).toMatchObject({
      path: ["newPassword"],
      message: "Use at least 12 characters",
    });
  }
});
