// The supply-chain map (docs/decisions/241, 242): concentration — declared providers ranked by
// how many vendors, and how many sending training data or weights, depend on them — and the
// dependency table of every vendor → provider flow, drawn as a graph too (decision 332; an image
// made once per map revision and filter, decision 429), all narrowed by a filter on names and
// countries.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { SupplyChainGraph } from "~/components/supply-chain-graph";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { RowLink, useRowLinks } from "~/components/row-link";
import { ScrollRegion } from "~/components/scroll-region";
import { getDb } from "~/db.server";
import {
  countryNames,
  DATA_KIND_LABELS,
  providerHref,
  SERVICE_LABELS,
} from "~/supply-chain/labels";
import { type Flow, getProviderList } from "~/supply-chain/map.server";
import { graphSource, isFiltered, mapView, parseMapQuery } from "~/supply-chain/map-view.server";

export const meta: MetaFunction = () => [
  { title: "Supply chain — Assay" },
  {
    name: "description",
    content:
      "The AI supply chain your vendors declared: shared providers, fourth parties, a dependency graph and where data flows.",
  },
];

const SHOWN_PROVIDERS = 50;
const SHOWN_FLOWS = 100;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const query = parseMapQuery(new URL(request.url).searchParams);
  const db = await getDb();
  // Checked against the revision the session lookup read (decision 439).
  const { list, drawing } = mapView(
    await getProviderList(db, requestRevisions(request, context, db)),
    query,
  );
  const { providers, flowCount } = list;
  const { markup: _, version: __, ...figure } = drawing;
  // The page lists at most SHOWN_PROVIDERS and SHOWN_FLOWS rows (the downloads have every
  // row, the filter narrows): at 10,000 vendors the full lists would be megabytes of HTML.
  // Only the rows shown are built, and only they are visited: at 10,000 vendors there are some
  // 50,000 flows (decisions 365, 393).
  const flows: Pick<
    Flow,
    | "vendorId"
    | "vendorName"
    | "providerKey"
    | "providerName"
    | "service"
    | "receives"
    | "countries"
  >[] = [];
  rows: for (const p of providers)
    for (const f of p.flows) {
      if (flows.length >= SHOWN_FLOWS) break rows;
      flows.push({
        vendorId: f.vendorId,
        vendorName: f.vendorName,
        providerKey: p.key,
        providerName: f.providerName,
        service: f.service,
        receives: f.receives,
        countries: f.countries,
      });
    }
  const body = {
    providers: providers.slice(0, SHOWN_PROVIDERS).map((p) => ({
      key: p.key,
      name: p.name,
      domain: p.domain,
      registerVendor: p.registerVendor,
      vendorCount: p.vendors.length,
      criticalData: p.criticalData,
      countries: p.countries,
    })),
    providerCount: providers.length,
    flows,
    flowCount,
    // The drawing's figures and address; its markup is the image's (/supply-chain/graph.svg).
    graph: { src: graphSource(query, drawing), ...figure },
    filter: { q: query.q, country: query.countryText },
    filtered: isFiltered(query),
    error: query.error,
  };
  return query.error ? data(body, { status: 400 }) : body;
}

export default function SupplyChainMap() {
  const providerLinks = useRowLinks<HTMLTableSectionElement>();
  const flowLinks = useRowLinks<HTMLTableSectionElement>();
  const { providers, providerCount, flows, flowCount, graph, filter, filtered, error } =
    useLoaderData<typeof loader>();
  return (
    <div className="panel">
      <h1>Supply chain</h1>
      <p>
        What vendors declared in their latest submitted assessments.{" "}
        <Link to="/supply-chain/locations">Data locations</Link>
      </p>
      <Form method="get" className="filters" role="search" aria-label="Filter the map">
        {error ? (
          <p className="field-error" id="filter-error" role="alert">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="map-q">Provider or vendor</label>
          <input id="map-q" name="q" type="search" defaultValue={filter.q} />
        </div>
        <div className="field">
          <label htmlFor="map-country">Country data reaches</label>
          <input
            id="map-country"
            name="country"
            defaultValue={filter.country}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "filter-error" : undefined}
          />
        </div>
        <div className="actions">
          <button type="submit">Filter</button>
          {filtered ? <Link to="/supply-chain">Show everything</Link> : null}
        </div>
      </Form>
      {filtered ? (
        <p role="status">
          {providerCount} {providerCount === 1 ? "provider matches" : "providers match"}.
        </p>
      ) : null}
      <h2>Dependency graph</h2>
      {providers.length === 0 ? null : <SupplyChainGraph drawing={graph} />}
      <h2>Concentration</h2>
      <ExportLinks what="the concentration table" path="/supply-chain/concentration/export" />
      {providers.length === 0 ? (
        <p>No vendor has declared a supplier in a submitted assessment yet.</p>
      ) : (
        <ScrollRegion label="Concentration">
          <table>
            <caption className="visually-hidden">
              Providers ranked by the vendors depending on them
            </caption>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">In the register</th>
                <th scope="col">Vendors</th>
                <th scope="col">Sending training data or weights</th>
                <th scope="col">Countries</th>
              </tr>
            </thead>
            <tbody ref={providerLinks}>
              {providers.map((p) => (
                <tr key={p.key}>
                  <th scope="row">
                    <RowLink to={providerHref(p.key)}>{p.name}</RowLink>
                    {p.domain ? <span className="hint"> {p.domain}</span> : null}
                  </th>
                  <td>
                    {p.registerVendor ? (
                      <RowLink to={`/vendors/${p.registerVendor.id}`}>
                        {p.registerVendor.name}
                      </RowLink>
                    ) : (
                      "Fourth party"
                    )}
                  </td>
                  <td>{p.vendorCount}</td>
                  <td>{p.criticalData}</td>
                  <td>{countryNames(p.countries)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {providerCount > providers.length ? (
        <p className="hint">
          The {providers.length} most depended-on of {providerCount} providers; the download has
          them all, and the filter narrows the list.
        </p>
      ) : null}
      <h2>Dependencies</h2>
      <ExportLinks what="the dependency table" path="/supply-chain/dependencies/export" />
      {flows.length === 0 ? null : (
        <ScrollRegion label="Dependencies">
          <table>
            <caption className="visually-hidden">
              Each vendor and the providers it depends on
            </caption>
            <thead>
              <tr>
                <th scope="col">Vendor</th>
                <th scope="col">Provider</th>
                <th scope="col">Service</th>
                <th scope="col">Data that flows</th>
                <th scope="col">Countries</th>
              </tr>
            </thead>
            <tbody ref={flowLinks}>
              {flows.map((f, index) => (
                <tr key={`${f.vendorId}-${f.providerKey}-${index}`}>
                  <th scope="row">
                    <RowLink to={`/vendors/${f.vendorId}`}>{f.vendorName}</RowLink>
                  </th>
                  <td>
                    <RowLink to={providerHref(f.providerKey)}>{f.providerName}</RowLink>
                  </td>
                  <td>{SERVICE_LABELS[f.service]}</td>
                  <td>{f.receives.map((k) => DATA_KIND_LABELS[k]).join(", ")}</td>
                  <td>{countryNames(f.countries)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {flowCount > flows.length ? (
        <p className="hint">
          The first {flows.length} of {flowCount} flows; the download has them all, and the filter
          narrows the list.
        </p>
      ) : null}
    </div>
  );
}
