// The forms of a finding's manager: status moves (accepting a risk asks for a justification
// and an expiry), owner/contact/due date/sharing, and the severity with its justification.
import { Form } from "@remix-run/react";
import { SelectField, TextAreaField, TextField } from "~/components/form";
import { type StaffFindingPage } from "~/findings/finding-page.server";
import { SEVERITIES, SEVERITY_LABELS } from "~/findings/status";

type FormProps = {
  page: StaffFindingPage;
  errors: Record<string, string | undefined>;
  busy: boolean;
};

export function StatusForms({ page, errors, busy }: FormProps) {
  const f = page.finding;
  return (
    <>
      {page.manage && page.transitions.length > 0 ? (
        <section aria-labelledby="status-heading">
          <h2 id="status-heading">Change the status</h2>
          {page.transitions.map((t) => (
            <Form method="post" key={t.to} className="stacked-form">
              <input type="hidden" name="intent" value="transition" />
              <input type="hidden" name="to" value={t.to} />
              <input type="hidden" name="revision" value={f.revision} />
              {t.needs === "acceptance" ? (
                <fieldset>
                  <legend>Accept the risk</legend>
                  <TextAreaField
                    label="Justification"
                    name="note"
                    id={`note-${t.to}`}
                    hint="Why the organisation can live with this risk, and any compensating controls."
                    error={errors.note}
                  />
                  <TextField
                    label="The acceptance expires on"
                    name="acceptanceExpiresOn"
                    type="date"
                    min={page.today}
                    hint="The finding reopens by itself on this date."
                    error={errors.acceptanceExpiresOn}
                  />
                </fieldset>
              ) : t.needs === "note" ? (
                <TextAreaField
                  label={`Reason (${t.label.toLowerCase()})`}
                  name="note"
                  id={`note-${t.to}`}
                />
              ) : null}
              <button
                type="submit"
                className={t.to === "risk_accepted" ? "button--secondary" : undefined}
                disabled={busy}
              >
                {t.label}
              </button>
            </Form>
          ))}
        </section>
      ) : null}
    </>
  );
}

export function ManageForms({ page, errors, busy }: FormProps) {
  const f = page.finding;
  return (
    <>
      {page.manage ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">Owner, contact and due date</h2>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="details" />
            <input type="hidden" name="revision" value={f.revision} />
            <SelectField
              label="Internal owner"
              name="ownerId"
              defaultValue={f.ownerId ?? ""}
              error={errors.ownerId}
              options={[
                { value: "", label: "Nobody" },
                ...page.staff.map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
            <SelectField
              label="Vendor contact"
              name="vendorContactId"
              defaultValue={f.vendorContactId ?? ""}
              error={errors.vendorContactId}
              options={[
                { value: "", label: "Nobody" },
                ...page.contacts.map((c) => ({ value: c.id, label: `${c.name} (${c.email})` })),
              ]}
            />
            <TextField
              label="Due date"
              name="dueDate"
              type="date"
              defaultValue={f.dueDate}
              error={errors.dueDate}
            />
            <div className="checkbox">
              <input
                type="checkbox"
                id="sharedWithVendor"
                name="sharedWithVendor"
                defaultChecked={f.sharedWithVendor}
              />
              <label htmlFor="sharedWithVendor">
                Share with the vendor for remediation (they are emailed a link; staff notes and
                internal comments stay internal)
              </label>
            </div>
            <button type="submit" disabled={busy}>
              Save
            </button>
          </Form>

          <h2>Change the severity</h2>
          <Form method="post" className="stacked-form">
            <input type="hidden" name="intent" value="severity" />
            <input type="hidden" name="revision" value={f.revision} />
            <SelectField
              label="New severity"
              name="severity"
              defaultValue={f.severity}
              error={errors.severity}
              options={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
            />
            <TextAreaField
              label="Justification"
              name="justification"
              error={errors.justification}
            />
            <button type="submit" className="button--secondary" disabled={busy}>
              Change severity
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
