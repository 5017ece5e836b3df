// The dashboard's filters: a plain GET form, so a filtered dashboard is a link.
import { Form, Link } from "@remix-run/react";
import { SelectField, TextField } from "~/components/form";
import { type PortfolioFilter } from "~/dashboard/filters";
import { TIERS } from "~/scoring/risk";
import { VENDOR_CATEGORIES, VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";

export function FilterForm({
  filter,
  options,
}: {
  filter: PortfolioFilter;
  options: {
    questionnaires: { slug: string; title: string }[];
    owners: { id: string; name: string }[];
  };
}) {
  return (
    <Form method="get" className="inline-form filters" aria-label="Filter the dashboard">
      <SelectField
        label="Vendor category"
        name="category"
        defaultValue={filter.category ?? ""}
        options={[
          { value: "", label: "All categories" },
          ...VENDOR_CATEGORIES.map((c) => ({ value: c, label: VENDOR_CATEGORY_LABELS[c] })),
        ]}
      />
      <SelectField
        label="Questionnaire"
        name="questionnaire"
        defaultValue={filter.questionnaire ?? ""}
        options={[
          { value: "", label: "All questionnaires" },
          ...options.questionnaires.map((q) => ({ value: q.slug, label: q.title })),
        ]}
      />
      <SelectField
        label="Residual tier"
        name="tier"
        defaultValue={filter.tier ?? ""}
        options={[{ value: "", label: "All tiers" }, ...TIERS.map((t) => ({ value: t, label: t }))]}
      />
      <SelectField
        label="Vendor owner"
        name="owner"
        defaultValue={filter.owner ?? ""}
        options={[
          { value: "", label: "Anyone" },
          { value: "none", label: "No owner" },
          ...options.owners.map((o) => ({ value: o.id, label: o.name })),
        ]}
      />
      <TextField
        label="Submitted from"
        name="from"
        type="date"
        optional
        defaultValue={filter.from ?? ""}
      />
      <TextField
        label="Submitted to"
        name="to"
        type="date"
        optional
        defaultValue={filter.to ?? ""}
      />
      <div className="field">
        <button type="submit">Filter</button> <Link to="/dashboard">Clear</Link>
      </div>
    </Form>
  );
}
