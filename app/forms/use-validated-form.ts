import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { type FormEvent, useEffect, useState } from "react";
import { type FieldValues, type Path, useForm } from "react-hook-form";
import { type z } from "zod";
import { type FieldErrors } from "./parse";

/**
 * react-hook-form on top of a real <Form method="post">: the browser validates with the same
 * zod schema as the action, then Remix submits the form as usual. Without JavaScript the
 * form still posts and the action's errors are shown.
 */
export function useValidatedForm<S extends z.ZodTypeAny>(
  schema: S,
  serverErrors: FieldErrors | undefined,
) {
  type Values = z.input<S> & FieldValues;
  // Validate on submit, then live while fixing: errors appearing on blur would move the submit
  // button under the pointer. Focus goes to the error summary, not the first field (GOV.UK).
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    mode: "onSubmit",
    reValidateMode: "onChange",
    shouldFocusError: false,
  });
  const submit = useSubmit();
  const { setError } = form;
  // Once hydrated, the server's field errors are handed to react-hook-form, which then owns
  // them (a fixed field clears its error). Until then they are shown as they came.
  const [handedOver, setHandedOver] = useState<FieldErrors | undefined>();
  useEffect(() => {
    for (const [name, message] of Object.entries(serverErrors ?? {})) {
      if (name !== "form") setError(name as Path<Values>, { type: "server", message });
    }
    setHandedOver(serverErrors);
  }, [serverErrors, setError]);

  const clientErrors: Record<string, string | undefined> = {};
  for (const [name, error] of Object.entries(form.formState.errors)) {
    if (error && typeof error.message === "string") clientErrors[name] = error.message;
  }
  const errors: Record<string, string | undefined> =
    handedOver === serverErrors
      ? { ...(serverErrors?.form ? { form: serverErrors.form } : {}), ...clientErrors }
      : { ...serverErrors, ...clientErrors };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const target = event.currentTarget;
    void form.handleSubmit(() => submit(target))(event);
  }
  return { form, errors, onSubmit };
}
