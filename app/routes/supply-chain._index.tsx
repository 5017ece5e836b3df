// The supply-chain map (docs/decisions/241, 242): concentration — declared providers ranked by
// how many vendors, and how many sending training data or weights, depend on them — and the
// dependency table of every vendor → provider flow.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { getDb } from "~/db.server";
import {
  countryNames,
  DATA_KIND_LABELS,
  providerHref,
  SERVICE_LABELS,
} from "~/supply-chain/labels";
import { listProviders } from "~/supply-chain/map.server";

export const meta: MetaFunction = () => [{ title: "Supply chain — Assay" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" });
  const providers = await listProviders(await getDb());
  return { providers };
}

export default function SupplyChainMap() {
  const { providers } = useLoaderData<typeof loader>();
  const flows = providers.flatMap((p) => p.flows.map((f) => ({ ...f, provider: p })));
  return (
    <div className="panel">
      <h1>Supply chain</h1>
      <p>
        What vendors declared in their latest submitted assessments.{" "}
        <Link to="/supply-chain/locations">Data locations</Link>
      </p>
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
            <tbody>
              {providers.map((p) => (
                <tr key={p.key}>
                  <th scope="row">
                    <Link to={providerHref(p.key)}>{p.name}</Link>
                    {p.domain ? <span className="hint"> {p.domain}</span> : null}
                  </th>
                  <td>
                    {p.registerVendor ? (
                      <Link to={`/vendors/${p.registerVendor.id}`}>{p.registerVendor.name}</Link>
                    ) : (
                      "Fourth party"
                    )}
                  </td>
                  <td>{p.vendors.length}</td>
                  <td>{p.criticalData}</td>
                  <td>{countryNames(p.countries)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
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
            <tbody>
              {flows.map((f, index) => (
                <tr key={`${f.assessmentId}-${index}`}>
                  <th scope="row">
                    <Link to={`/vendors/${f.vendorId}`}>{f.vendorName}</Link>
                  </th>
                  <td>
                    <Link to={providerHref(f.provider.key)}>{f.providerName}</Link>
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
    </div>
  );
}
