// One declared provider on the map (a fourth party, or a register vendor matched by domain or
// a confirmed name; docs/decisions/242-provider-matching.md): which vendors depend on it, for
// what, with what data, where. Name-only suggestions are confirmed or rejected here.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { getDb } from "~/db.server";
import { invalid, staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import {
  countryNames,
  DATA_KIND_LABELS,
  providerHref,
  SERVICE_LABELS,
  STATE_CONTROL_LABELS,
} from "~/supply-chain/labels";
import { decideMatch, getProvider } from "~/supply-chain/map.server";
import { type StateControl } from "~/supply-chain/types";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.provider.name ?? "Provider"} — Assay` },
  {
    name: "description",
    content:
      "A provider in the declared AI supply chain: the vendors that depend on it, for what, with what data and where.",
  },
];

const KeySchema = z.string().min(1).max(600);

async function load(params: { key?: string }) {
  const key = KeySchema.safeParse(params.key);
  if (!key.success) throw data("There is no such provider on the map.", { status: 404 });
  const provider = await getProvider(await getDb(), key.data);
  if (!provider) throw data("There is no such provider on the map.", { status: 404 });
  return provider;
}

// At most this many flows on the page (the download has them all): a provider that thousands
// of vendors use would otherwise be megabytes of HTML.
const SHOWN_FLOWS = 100;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const provider = await load(params);
  return {
    provider: { ...provider, flows: provider.flows.slice(0, SHOWN_FLOWS) },
    flowCount: provider.flows.length,
  };
}

const DecisionSchema = z.object({
  vendorId: z.string().uuid("Choose a suggested vendor"),
  decision: z.enum(["confirm", "reject"], { errorMap: () => ({ message: "Confirm or reject" }) }),
});

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "vendors:manage", schema: DecisionSchema, record: ({ params }) => load(params) },
    async ({ user, db, record: provider, input }) => {
      if (!provider.suggestions.some((s) => s.vendorId === input.vendorId))
        return invalid({ vendorId: "That vendor is not a suggestion for this provider" });
      await decideMatch(db, user, provider.key, input.vendorId, input.decision === "confirm");
      throw await redirectWithToast(providerHref(provider.key), {
        message: input.decision === "confirm" ? "Match confirmed." : "Suggestion rejected.",
      });
    },
  );
}

export default function ProviderPage() {
  const { provider, flowCount } = useLoaderData<typeof loader>();
  return (
    <div className="panel">
      <p>
        <Link to="/supply-chain">Supply chain</Link>
      </p>
      <h1>{provider.name}</h1>
      <p>
        {provider.domain ? `${provider.domain} · ` : ""}
        {provider.registerVendor ? (
          <>
            In the register as{" "}
            <Link to={`/vendors/${provider.registerVendor.id}`}>
              {provider.registerVendor.name}
            </Link>{" "}
            ({provider.registerVendor.how === "domain" ? "same domain" : "confirmed by a person"})
          </>
        ) : (
          "A fourth party: not in the vendor register."
        )}
      </p>
      {provider.hosts.length > 1 ? (
        <p className="hint">
          Declared as {provider.hosts.join(", ")}: one organisation, grouped by its registered
          domain.
        </p>
      ) : null}
      {provider.suggestions.length > 0 ? (
        <section aria-labelledby="suggestions">
          <h2 id="suggestions">Could this be a vendor in the register?</h2>
          <ul>
            {provider.suggestions.map((s) => (
              <li key={s.vendorId}>
                <Form method="post" className="actions">
                  <input type="hidden" name="vendorId" value={s.vendorId} />
                  <span>
                    {s.name} (name {Math.round(s.confidence * 100)}% alike)
                  </span>
                  <button type="submit" name="decision" value="confirm">
                    Same organisation<span className="visually-hidden">: {s.name}</span>
                  </button>
                  <button
                    type="submit"
                    name="decision"
                    value="reject"
                    className="button--secondary"
                  >
                    Not the same<span className="visually-hidden">: {s.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>Vendors that depend on it ({provider.vendors.length})</h2>
      <ExportLinks what="these dependencies" path={`${providerHref(provider.key)}/export`} />
      <ScrollRegion label="Vendors that depend on it">
        <table>
          <caption className="visually-hidden">Vendors that depend on {provider.name}</caption>
          <thead>
            <tr>
              <th scope="col">Vendor</th>
              <th scope="col">For</th>
              <th scope="col">With our data</th>
              <th scope="col">Where</th>
              <th scope="col">State-controlled</th>
            </tr>
          </thead>
          <tbody>
            {provider.flows.map((f, index) => (
              <tr key={`${f.assessmentId}-${index}`}>
                <th scope="row">
                  <Link to={`/vendors/${f.vendorId}`}>{f.vendorName}</Link>
                </th>
                <td>
                  {f.providerName}
                  {f.domain ? <span className="hint"> {f.domain}</span> : null}
                </td>
                <td>{SERVICE_LABELS[f.service]}</td>
                <td>{f.receives.map((k) => DATA_KIND_LABELS[k]).join(", ")}</td>
                <td>{countryNames(f.countries)}</td>
                <td>
                  {STATE_CONTROL_LABELS[f.stateControlled as StateControl] ?? f.stateControlled}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {flowCount > provider.flows.length ? (
        <p className="hint">
          The first {provider.flows.length} of {flowCount} dependencies; the download has them all.
        </p>
      ) : null}
    </div>
  );
}
