import { Form, Link, useNavigation } from "@remix-run/react";
import { type FieldErrors } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import { ContactSchema } from "~/vendors/schemas";
import { ErrorSummary, TextField } from "./form";

/**
 * Adds or edits one vendor contact. `idPrefix` keeps field ids unique on a page that has
 * more than one contact form; the hidden fields say which action this is.
 */
export function ContactForm({
  idPrefix,
  serverErrors,
  defaults = {},
  hidden,
  submitLabel,
  cancelTo,
}: {
  idPrefix: string;
  serverErrors: FieldErrors | undefined;
  defaults?: { name?: string; email?: string; role?: string };
  hidden: Record<string, string>;
  submitLabel: string;
  cancelTo?: string;
}) {
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(ContactSchema, serverErrors);
  const ids = { name: `${idPrefix}-name`, email: `${idPrefix}-email`, role: `${idPrefix}-role` };
  return (
    <>
      <ErrorSummary errors={errors} fieldIds={ids} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <TextField
          label="Full name"
          id={ids.name}
          autoComplete="off"
          defaultValue={defaults.name}
          error={errors.name}
          {...form.register("name")}
        />
        <TextField
          label="Email address"
          id={ids.email}
          type="email"
          autoComplete="off"
          spellCheck={false}
          defaultValue={defaults.email}
          error={errors.email}
          {...form.register("email")}
        />
        <TextField
          label="Role"
          optional
          id={ids.role}
          autoComplete="off"
          hint="Their job, like Head of security"
          defaultValue={defaults.role}
          error={errors.role}
          {...form.register("role")}
        />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {submitLabel}
          </button>
          {cancelTo ? <Link to={cancelTo}>Cancel</Link> : null}
        </div>
      </Form>
    </>
  );
}
