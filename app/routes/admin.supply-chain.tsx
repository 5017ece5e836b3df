// Settings → Supply chain: the buyer's country rules (docs/decisions/240): for each kind of our
// data the countries or regions it may go to, jurisdictions of concern, and whether a
// state-controlled supplier is itself a problem. Findings open from these at submission.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary } from "~/components/form";
import { getDb } from "~/db.server";
import { formDataToObject } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { getSupplyChainPolicy } from "~/supply-chain/declared.server";
import { changeSupplyChainPolicy } from "~/supply-chain/rejudge.server";
import { DATA_KIND_LABELS } from "~/supply-chain/labels";
import { LIMITED_KINDS, readPolicyForm } from "~/supply-chain/policy";

export const meta: MetaFunction = () => [
  { title: "Supply-chain rules — Assay" },
  {
    name: "description",
    content:
      "Where each kind of our data may go, and the jurisdictions of concern, for findings on declared supply chains.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "settings:manage" }, context);
  return { policy: await getSupplyChainPolicy(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireUser(request, { permission: "settings:manage" });
  const read = readPolicyForm(formDataToObject(await request.formData()));
  if (!read.ok) return data({ errors: read.errors }, { status: 400 });
  // Saved and applied to what vendors already declared, in one transaction (decision 333).
  const result = await changeSupplyChainPolicy(
    await getDb(),
    { id: admin.id, email: admin.email },
    read.policy,
  );
  const plural = (n: number) => (n === 1 ? "finding" : "findings");
  throw await redirectWithToast("/admin/supply-chain", {
    message: `Supply-chain rules saved. Re-checked ${result.assessments} submitted ${result.assessments === 1 ? "assessment" : "assessments"}: ${result.opened} ${plural(result.opened)} opened, ${result.closed} closed.`,
  });
}

export default function SupplyChainSettings() {
  const { policy } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? {};
  const allowed = policy.allowed as Partial<Record<string, string[]>>;
  return (
    <div className="panel narrow">
      <p>
        <Link to="/admin/settings">Settings</Link>
      </p>
      <h1>Supply-chain rules</h1>
      <p>
        When a vendor submits an assessment that declares where our data goes, each flow these rules
        forbid opens a finding on the question that declared it. Places are ISO country codes (DE,
        US), EU, EEA or UN M49 region codes (150 for Europe), separated by commas. Saving applies
        the rules to each vendor’s latest submitted assessment at once: flows they now forbid open
        findings, and open findings for flows they now allow are closed.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        {LIMITED_KINDS.map((kind) => (
          <fieldset key={kind} className="field">
            <legend>{DATA_KIND_LABELS[kind]}</legend>
            <label>
              <input
                type="checkbox"
                name={`limit-${kind}`}
                defaultChecked={allowed[kind] !== undefined}
              />{" "}
              Only allow these places
            </label>
            <label htmlFor={`allowed-${kind}`}>
              Allowed places for {DATA_KIND_LABELS[kind].toLowerCase()}
            </label>
            {errors[`allowed-${kind}`] ? (
              <p className="field-error" id={`allowed-${kind}-error`}>
                <span className="visually-hidden">Error: </span>
                {errors[`allowed-${kind}`]}
              </p>
            ) : null}
            <input
              id={`allowed-${kind}`}
              name={`allowed-${kind}`}
              defaultValue={(allowed[kind] ?? []).join(", ")}
              aria-invalid={errors[`allowed-${kind}`] ? true : undefined}
              aria-describedby={errors[`allowed-${kind}`] ? `allowed-${kind}-error` : undefined}
            />
          </fieldset>
        ))}
        <div className="field">
          <label htmlFor="concern">Jurisdictions of concern</label>
          <p className="hint">No data of ours should reach these places.</p>
          {errors.concern ? (
            <p className="field-error" id="concern-error">
              <span className="visually-hidden">Error: </span>
              {errors.concern}
            </p>
          ) : null}
          <input
            id="concern"
            name="concern"
            defaultValue={policy.concern.join(", ")}
            aria-invalid={errors.concern ? true : undefined}
            aria-describedby={errors.concern ? "concern-error" : undefined}
          />
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="flag-state-controlled"
              defaultChecked={policy.flagStateControlled}
            />{" "}
            A state-controlled supplier that receives our data opens a finding
          </label>
        </div>
        <button type="submit">Save rules</button>
      </Form>
    </div>
  );
}
