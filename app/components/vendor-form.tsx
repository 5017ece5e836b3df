import { Form, Link, useNavigation } from "@remix-run/react";
import { type ComponentPropsWithoutRef, forwardRef } from "react";
import { useWatch } from "react-hook-form";
import { type FieldErrors } from "~/forms/parse";
import { useValidatedForm } from "~/forms/use-validated-form";
import {
  CRITICALITY,
  CRITICALITY_LABELS,
  type Criticality,
  DATA_ACCESS,
  DATA_ACCESS_LABELS,
  type DataAccess,
  inherentTier,
} from "~/scoring/risk";
import { VendorSchema } from "~/vendors/schemas";
import { VENDOR_CATEGORIES, VENDOR_CATEGORY_LABELS, type VendorCategory } from "~/vendors/vendors";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "./form";
import { TierTag } from "./tier-tag";

export type VendorFormDefaults = {
  name?: string;
  website?: string | null;
  category?: VendorCategory;
  dataAccess?: DataAccess;
  criticality?: Criticality;
  ownerId?: string | null;
  notes?: string;
  emailDomains?: string[];
};

export type OwnerOption = { id: string; name: string; active: boolean };

const DATA_ACCESS_HINTS: Record<DataAccess, string> = {
  none: "Nothing of ours beyond what is public.",
  business: "Internal business information that is not confidential.",
  confidential: "Customer or employee personal data, or confidential business data.",
  training_or_model: "Our training data, fine-tuning data or model weights.",
};
const CRITICALITY_HINTS: Record<Criticality, string> = {
  low: "We could do without them for weeks.",
  medium: "Losing them would slow an important process.",
  high: "A product or core process stops without them.",
};

/** The vendor's details and inherent-risk profile, for adding and editing alike. */
export function VendorForm({
  serverErrors,
  defaults = {},
  owners,
  submitLabel,
  cancelTo,
}: {
  serverErrors: FieldErrors | undefined;
  defaults?: VendorFormDefaults;
  owners: OwnerOption[];
  submitLabel: string;
  cancelTo: string;
}) {
  const navigation = useNavigation();
  const { form, errors, onSubmit } = useValidatedForm(VendorSchema, serverErrors);
  return (
    <>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <TextField
          label="Vendor name"
          autoComplete="off"
          defaultValue={defaults.name}
          error={errors.name}
          {...form.register("name")}
        />
        <TextField
          label="Website"
          optional
          type="url"
          autoComplete="off"
          spellCheck={false}
          hint="The full address, starting with https://"
          defaultValue={defaults.website ?? ""}
          error={errors.website}
          {...form.register("website")}
        />
        <SelectField
          label="Category"
          defaultValue={defaults.category ?? ""}
          error={errors.category}
          options={[
            { value: "", label: "Choose a category" },
            ...VENDOR_CATEGORIES.map((c) => ({ value: c, label: VENDOR_CATEGORY_LABELS[c] })),
          ]}
          {...form.register("category")}
        />
        <h2>Inherent risk</h2>
        <p className="hint">
          The risk before any assessment: the worse of what the vendor can reach and how much we
          depend on them.
        </p>
        <Radios
          legend="What data can the vendor access?"
          options={DATA_ACCESS.map((value) => ({
            value,
            label: DATA_ACCESS_LABELS[value],
            hint: DATA_ACCESS_HINTS[value],
          }))}
          defaultValue={defaults.dataAccess}
          error={errors.dataAccess}
          {...form.register("dataAccess")}
        />
        <Radios
          legend="How critical is the vendor to the business?"
          options={CRITICALITY.map((value) => ({
            value,
            label: CRITICALITY_LABELS[value],
            hint: CRITICALITY_HINTS[value],
          }))}
          defaultValue={defaults.criticality}
          error={errors.criticality}
          {...form.register("criticality")}
        />
        <TierPreview control={form.control} defaults={defaults} />
        <h2>Ownership and notes</h2>
        <SelectField
          label="Owner"
          hint="The person who looks after this vendor and its assessments."
          defaultValue={defaults.ownerId ?? ""}
          error={errors.ownerId}
          options={[
            { value: "", label: "No owner" },
            ...owners.map((o) => ({
              value: o.id,
              label: o.active ? o.name : `${o.name} (deactivated)`,
            })),
          ]}
          {...form.register("ownerId")}
        />
        <TextAreaField
          label="Notes"
          optional
          hint="What the vendor does for us, and anything a reviewer should know. At most 5,000 characters."
          rows={5}
          defaultValue={defaults.notes ?? ""}
          error={errors.notes}
          {...form.register("notes")}
        />
        <TextAreaField
          label="Email domains for invited colleagues"
          optional
          hint="Recipients can invite colleagues to help with an assessment. List the vendor's email domains, such as example.com, separated by commas or new lines, to allow only those addresses. Leave empty to allow any address."
          rows={2}
          spellCheck={false}
          defaultValue={(defaults.emailDomains ?? []).join("\n")}
          error={errors.emailDomains}
          {...form.register("emailDomains")}
        />
        <div className="actions">
          <button type="submit" disabled={navigation.state === "submitting"}>
            {submitLabel}
          </button>
          <Link to={cancelTo}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}

// Subscribes to the two profile fields only, so typing in the other fields re-renders nothing.
function TierPreview({
  control,
  defaults,
}: {
  control: ReturnType<typeof useValidatedForm<typeof VendorSchema>>["form"]["control"];
  defaults: VendorFormDefaults;
}) {
  const [dataAccess, criticality] = useWatch({
    control,
    name: ["dataAccess", "criticality"],
    defaultValue: { dataAccess: defaults.dataAccess, criticality: defaults.criticality },
  }) as [DataAccess | undefined, Criticality | undefined];
  const complete =
    DATA_ACCESS.includes(dataAccess as DataAccess) &&
    CRITICALITY.includes(criticality as Criticality);
  return (
    <p className="tier-preview" aria-live="polite">
      Inherent risk from this profile:{" "}
      {complete ? (
        <TierTag tier={inherentTier({ dataAccess: dataAccess!, criticality: criticality! })} />
      ) : (
        "answer both questions above"
      )}
    </p>
  );
}

type RadiosProps = {
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  error?: string;
  defaultValue?: string;
  name: string;
} & Omit<ComponentPropsWithoutRef<"input">, "type" | "defaultValue" | "name">;

/** A radio group in a fieldset; the first radio carries the group's id for error links. */
const Radios = forwardRef<HTMLInputElement, RadiosProps>(function Radios(
  { legend, options, error, defaultValue, name, ...input },
  ref,
) {
  const errorId = `${name}-error`;
  return (
    <fieldset
      className={`field${error ? " field--error" : ""}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend>{legend}</legend>
      {error ? (
        <p className="field-error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <div className="radios">
        {options.map((option, index) => {
          const id = index === 0 ? name : `${name}-${option.value}`;
          return (
            <label key={option.value}>
              <input
                {...input}
                ref={ref}
                type="radio"
                name={name}
                id={id}
                value={option.value}
                defaultChecked={defaultValue === option.value}
                aria-describedby={option.hint ? `${id}-hint` : undefined}
              />
              <span>
                {option.label}
                {option.hint ? (
                  <>
                    {" "}
                    <span className="hint" id={`${id}-hint`}>
                      — {option.hint}
                    </span>
                  </>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
});
