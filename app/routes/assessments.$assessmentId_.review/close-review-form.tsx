// Closing the review with a decision and a note (required for conditions or a rejection).
import { Form } from "@remix-run/react";
import { TextAreaField } from "~/components/form";
import { DECISION_LABELS } from "~/review/labels";

export function CloseReviewForm({
  errors,
  busy,
}: {
  errors: Record<string, string | undefined>;
  busy: boolean;
}) {
  return (
    <section aria-labelledby="close-heading">
      <h2 id="close-heading">Close the review</h2>
      <Form method="post" className="stacked-form">
        <input type="hidden" name="intent" value="close" />
        <fieldset className={errors.decision ? "field--error" : undefined}>
          <legend>Decision</legend>
          {errors.decision ? (
            <p className="field-error" id="decision">
              {errors.decision}
            </p>
          ) : null}
          {(["approved", "approved_with_conditions", "rejected"] as const).map((d) => (
            <label key={d}>
              <input type="radio" name="decision" value={d} /> {DECISION_LABELS[d]}
            </label>
          ))}
        </fieldset>
        <TextAreaField
          label="Note"
          name="note"
          id="close-note"
          hint="Required for conditions or a rejection: say what they are."
          error={errors.note}
        />
        <button type="submit" disabled={busy}>
          Close the review
        </button>
      </Form>
    </section>
  );
}
