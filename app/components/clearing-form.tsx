// Remix's Form that clears itself once its send succeeded (useClearOnSuccess): for forms in a
// list, where a hook per form cannot be called.
import { Form, type FormProps } from "@remix-run/react";
import { useClearOnSuccess } from "~/forms/clear-on-success";

export function ClearingForm(props: Omit<FormProps, "ref">) {
  const { ref, onSubmit } = useClearOnSuccess();
  return (
    <Form
      {...props}
      ref={ref}
      onSubmit={(event) => {
        props.onSubmit?.(event);
        onSubmit(event);
      }}
    />
  );
}
