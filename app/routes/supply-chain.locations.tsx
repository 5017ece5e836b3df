// Data locations: the countries our data reaches through vendors and their declared
// providers; jurisdictions of concern (Settings → Supply chain) first and marked.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { ExportLinks } from "~/components/export-links";
import { ScrollRegion } from "~/components/scroll-region";
import { getDb } from "~/db.server";
import { DATA_KIND_LABELS } from "~/supply-chain/labels";
import { listLocations } from "~/supply-chain/map.server";

export const meta: MetaFunction = () => [
  { title: "Data locations — Assay" },
  {
    name: "description",
    content:
      "The countries our data reaches through vendors and their declared providers, jurisdictions of concern first.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "vendors:read" }, context);
  const db = await getDb();
  // Checked against the revision the session lookup read (decision 439).
  return { locations: await listLocations(db, requestRevisions(request, context, db)) };
}

export default function DataLocations() {
  const { locations } = useLoaderData<typeof loader>();
  return (
    <div className="panel">
      <p>
        <Link to="/supply-chain">Supply chain</Link>
      </p>
      <h1>Data locations</h1>
      <ExportLinks what="the data locations" path="/supply-chain/locations/export" />
      {locations.length === 0 ? (
        <p>No submitted assessment declares where our data goes yet.</p>
      ) : (
        <ScrollRegion label="Data locations">
          <table>
            <caption className="visually-hidden">Countries our data reaches</caption>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Jurisdiction of concern</th>
                <th scope="col">Vendors</th>
                <th scope="col">Providers</th>
                <th scope="col">Data received there</th>
              </tr>
            </thead>
            <tbody>
              {locations.map((l) => (
                <tr key={l.country} className={l.concern ? "row--concern" : undefined}>
                  <th scope="row">
                    {l.name} ({l.country})
                  </th>
                  <td>{l.concern ? <strong>Yes — of concern</strong> : "No"}</td>
                  <td>{l.vendors}</td>
                  <td>{l.providers}</td>
                  <td>{l.receives.map((k) => DATA_KIND_LABELS[k]).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
