// A vendor declares a change in their AI supply chain through their link, at any time: a new
// sub-processor, a new country, or a new base model or host
// (docs/decisions/254-supply-chain-api.md, change notices).
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { requireVendorSession } from "~/assessments/respond.server";
import { ErrorSummary, TextAreaField, TextField } from "~/components/form";
import { getEnv } from "~/env.server";
import { parseForm } from "~/forms/parse";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import {
  CHANGE_KIND_LABELS,
  CHANGE_KINDS,
  ChangeNoticeSchema,
} from "~/supply-chain/change-notices";
import { declareChange } from "~/supply-chain/change-notices.server";
import { DATA_KINDS, type DataKind, SERVICE_KINDS, type ServiceKind } from "~/supply-chain/types";

const SERVICE_WORDS: Record<ServiceKind, string> = {
  cloud_compute: "Cloud compute (GPU, hosting)",
  model_api: "Model API",
  storage: "Storage",
  labelling: "Labelling",
  data_source: "Data source",
  other: "Other",
};
const DATA_WORDS: Record<DataKind, string> = {
  none: "None of our data",
  metadata: "Metadata",
  prompts_outputs: "Prompts and outputs",
  training_data: "Training data",
  weights: "Model weights",
};

type ActionResult = { errors: Record<string, string>; values: Record<string, string | string[]> };

export const meta: MetaFunction = () => [
  { title: "Tell us about a change — Assay" },
  {
    name: "description",
    content: "Tell the assessing organisation about a change to your service or its suppliers.",
  },
];

// Only the vendor session: the shell (v.tsx) shows which assessment this is.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireVendorSession(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const form = await request.formData();
  const parsed = parseForm(ChangeNoticeSchema, form);
  if (!parsed.success) {
    const values: ActionResult["values"] = {};
    for (const key of ["kind", "name", "domain", "service", "countries", "description"])
      values[key] = String(form.get(key) ?? "").slice(0, 2_000);
    values.receives = form.getAll("receives").map((v) => String(v).slice(0, 40));
    return data<ActionResult>({ errors: parsed.errors, values }, { status: 400 });
  }
  await declareChange(vendor.db, vendor, parsed.data);
  throw await redirectWithToast("/v", {
    message: "Thank you: your change was sent to the person who looks after your assessment.",
  });
}

export default function ChangeNoticePage() {
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const received = new Set(Array.isArray(values.receives) ? values.receives : []);
  const text = (key: string) => (typeof values[key] === "string" ? (values[key] as string) : "");
  return (
    <>
      <p>
        <Link to="/v">Back to your assessment</Link>
      </p>
      <h1>Tell us about a change in your AI supply chain</h1>
      <p>
        If you start using a new sub-processor, process or store our data in a new country, or
        change the base model or host behind your service, tell us here. It reaches the person who
        looks after your assessment.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate className="panel">
        <fieldset
          className={`field${errors.kind ? " field--error" : ""}`}
          aria-describedby={errors.kind ? "kind-error" : undefined}
        >
          <legend>What changed?</legend>
          {errors.kind ? (
            <p className="field-error" id="kind-error">
              <span className="visually-hidden">Error: </span>
              {errors.kind}
            </p>
          ) : null}
          <div className="radios">
            {CHANGE_KINDS.map((kind, i) => (
              <label key={kind}>
                <input
                  type="radio"
                  name="kind"
                  id={i === 0 ? "kind" : `kind-${kind}`}
                  value={kind}
                  defaultChecked={text("kind") === kind}
                />
                <span>{CHANGE_KIND_LABELS[kind]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          label="Provider's name"
          name="name"
          hint="Not needed for a new country of your own"
          defaultValue={text("name")}
          error={errors.name}
          autoComplete="organization"
        />
        <TextField
          label="Provider's website"
          name="domain"
          optional
          hint="Like gpucloud.example"
          defaultValue={text("domain")}
          error={errors.domain}
        />
        <div className={`field${errors.service ? " field--error" : ""}`}>
          <label htmlFor="service">What it does for you (optional)</label>
          <select id="service" name="service" defaultValue={text("service")}>
            <option value="">Choose…</option>
            {SERVICE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {SERVICE_WORDS[kind]}
              </option>
            ))}
          </select>
        </div>
        <fieldset
          className={`field${errors.receives ? " field--error" : ""}`}
          aria-describedby={errors.receives ? "receives-error" : undefined}
        >
          <legend>What of our data it receives</legend>
          {errors.receives ? (
            <p className="field-error" id="receives-error">
              <span className="visually-hidden">Error: </span>
              {errors.receives}
            </p>
          ) : null}
          {DATA_KINDS.map((kind, i) => (
            <div className="checkbox" key={kind}>
              <input
                type="checkbox"
                name="receives"
                id={i === 0 ? "receives" : `receives-${kind}`}
                value={kind}
                defaultChecked={received.has(kind)}
              />
              <label htmlFor={i === 0 ? "receives" : `receives-${kind}`}>{DATA_WORDS[kind]}</label>
            </div>
          ))}
        </fieldset>
        <TextField
          label="Countries where it processes or stores our data"
          name="countries"
          hint="Names or codes, separated by commas: Germany, US"
          defaultValue={text("countries")}
          error={errors.countries}
        />
        <TextAreaField
          label="Anything else we should know"
          name="description"
          optional
          rows={4}
          defaultValue={text("description")}
          error={errors.description}
        />
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          Send the change
        </button>
      </Form>
    </>
  );
}
