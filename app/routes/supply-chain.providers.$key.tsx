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
import { requireUser, requestRevisions } from "~/auth/session.server";
import { type RevisionSnapshot } from "~/dashboard/portfolio-cache.server";
import { ExportLinks } from "~/components/export-links";
import { RowLink, useRowLinks } from "~/components/row-link";
import { Pager } from "~/components/pager";
import { ScrollRegion } from "~/components/scroll-region";
import { type Db, getDb } from "~/db.server";
import { boundedIntField } from "~/forms/input";
import { requireQuery } from "~/forms/parse";
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

async function load(params: { key?: string }, revisions?: (db: Db) => RevisionSnapshot) {
  const key = KeySchema.safeParse(params.key);
  if (!key.success) throw data("There is no such provider on the map.", { status: 404 });
  const db = await getDb();
  const provider = await getProvider(db, key.data, revisions?.(db));
  if (!provider) throw data("There is no such provider on the map.", { status: 404 });
  return provider;
}

// The dependencies a page shows (the download has them all): a provider that thousands of
// vendors use would otherwise be megabytes of HTML.
const DEPENDENCIES_PER_PAGE = 100;

const PageQuerySchema = z.object({
  page: boundedIntField(1, 100_000, "“page” must be a page number").default("1"),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const { page } = requireQuery(PageQuerySchema, request);
  // Checked against the revision the session lookup read (decision 439).
  const provider = await load(params, (db) => requestRevisions(request, context, db));
  const first = (page - 1) * DEPENDENCIES_PER_PAGE;
  // Only what the page shows (decision 394): the provider's heading, its suggestions and one
  // page of its dependencies with the columns of the table. Its full vendor list and every
  // flow stay on the server (the download has them); the browser gets their counts.
  return {
    provider: {
      key: provider.key,
      name: provider.name,
      domain: provider.domain,
      hosts: provider.hosts,
      registerVendor: provider.registerVendor,
      suggestions: provider.suggestions,
      vendorCount: provider.vendors.length,
    },
    flows: provider.flows.slice(first, first + DEPENDENCIES_PER_PAGE).map((f) => ({
      vendorId: f.vendorId,
      vendorName: f.vendorName,
      providerName: f.providerName,
      domain: f.domain,
      service: f.service,
      receives: f.receives,
      countries: f.countries,
      stateControlled: f.stateControlled,
    })),
    flowCount: provider.flows.length,
    page,
    pageCount: Math.max(1, Math.ceil(provider.flows.length / DEPENDENCIES_PER_PAGE)),
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
  const { provider, flows, flowCount, page, pageCount } = useLoaderData<typeof loader>();
  const first = (page - 1) * DEPENDENCIES_PER_PAGE;
  const pageHref = (to: number) => `${providerHref(provider.key)}${to > 1 ? `?page=${to}` : ""}`;
  // Up to 100 rows, each linking its vendor: plain anchors and one listener (decision 419).
  const rowLinks = useRowLinks<HTMLTableSectionElement>();
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
      <h2>Vendors that depend on it ({provider.vendorCount})</h2>
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
          <tbody ref={rowLinks}>
            {flows.map((f, index) => (
              <tr key={`${f.vendorId}-${first + index}`}>
                <th scope="row">
                  <RowLink to={`/vendors/${f.vendorId}`}>{f.vendorName}</RowLink>
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
      {flowCount > DEPENDENCIES_PER_PAGE ? (
        <p className="hint">
          {flows.length > 0
            ? `Dependencies ${first + 1}–${first + flows.length} of ${flowCount}; the download has them all.`
            : `There are ${flowCount} dependencies, none on page ${page}.`}
        </p>
      ) : null}
      {flows.length === 0 && flowCount > 0 ? (
        <p>
          <Link to={pageHref(1)}>Go to the first page</Link>
        </p>
      ) : null}
      <Pager page={page} pageCount={pageCount} href={pageHref} />
    </div>
  );
}
