import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigate } from "@remix-run/react";
import { type FormEvent } from "react";
import { can } from "~/auth/permissions";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ExportLinks } from "~/components/export-links";
import { RowLink, useRowLinks } from "~/components/row-link";
import { SelectField, TextField } from "~/components/form";
import { ScrollRegion } from "~/components/scroll-region";
import { SortHeader } from "~/components/sort-header";
import { TierTag } from "~/components/tier-tag";
import { getDb } from "~/db.server";
import {
  CRITICALITY,
  CRITICALITY_LABELS,
  DATA_ACCESS,
  DATA_ACCESS_LABELS,
  TIERS,
} from "~/scoring/risk";
import {
  DEFAULT_DIRECTION,
  parseVendorListQuery,
  type VendorListQuery,
  vendorListSearch,
  type VendorSort,
  VENDORS_PER_PAGE,
} from "~/vendors/schemas";
import { VENDOR_CATEGORIES, VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";
import { keptOwnerOptions, searchVendors } from "~/vendors/vendors.server";
import { Pager } from "~/components/pager";

export const meta: MetaFunction = () => [
  { title: "Vendors — Assay" },
  {
    name: "description",
    content: "Every AI supplier under assessment, with its inherent risk, owner and latest result.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "vendors:read" }, context);
  const query = parseVendorListQuery(new URL(request.url).searchParams);
  const db = await getDb();
  const [result, owners] = await Promise.all([
    searchVendors(db, query),
    // Kept, and checked against the revisions the session lookup read (decisions 438 and 439).
    keptOwnerOptions(db, requestRevisions(request, context, db)),
  ]);
  return { ...result, query, owners, canManage: can(user, "vendors:manage") };
}

const ARCHIVED_LABELS = {
  exclude: "Active vendors",
  only: "Archived vendors",
  include: "Active and archived vendors",
} as const;

const numberFormat = new Intl.NumberFormat("en-GB");

function resultSummary(total: number, page: number, shown: number, pageSize = VENDORS_PER_PAGE) {
  if (total === 0) return "No vendors match.";
  const noun = total === 1 ? "vendor" : "vendors";
  if (shown === 0) return `${numberFormat.format(total)} ${noun} match, but not on this page.`;
  if (total <= pageSize) return `${numberFormat.format(total)} ${noun}`;
  const from = (page - 1) * pageSize + 1;
  return `Showing ${numberFormat.format(from)}–${numberFormat.format(from + shown - 1)} of ${numberFormat.format(total)} vendors`;
}

export default function VendorsPage() {
  const rowLinks = useRowLinks<HTMLTableSectionElement>();
  const { vendors, total, page, pageCount, query, owners, canManage } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  const navigate = useNavigate();
  const filtered = vendorListSearch({ ...query, sort: "name", dir: "asc", page: 1 }) !== "";
  const link = (changes: Partial<VendorListQuery>) =>
    `/vendors${vendorListSearch({ ...query, ...changes })}`;
  const sortLink = (sort: VendorSort) => ({
    to: link({
      sort,
      dir: query.sort === sort ? (query.dir === "asc" ? "desc" : "asc") : DEFAULT_DIRECTION[sort],
      page: 1,
    }),
    sorted: query.sort === sort ? query.dir : (false as const),
  });
  // With JavaScript, empty fields are left out of the URL, so bookmarks stay short. Without
  // it the form still works: the loader ignores empty fields.
  function onFilter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fields = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget))
      if (typeof value === "string") fields.append(key, value);
    navigate(`/vendors${vendorListSearch(parseVendorListQuery(fields))}`);
  }
  return (
    <>
      <h1>Vendors</h1>
      {canManage ? (
        <p>
          <Link to="/vendors/new" className="button">
            Add a vendor
          </Link>
        </p>
      ) : null}
      {/* Keyed by the URL so the fields show the filters in force after back/forward too. */}
      <Form
        method="get"
        role="search"
        aria-label="Vendors"
        className="panel filters"
        key={location.search}
        onSubmit={onFilter}
      >
        <TextField
          label="Search"
          name="q"
          type="search"
          hint="Name, website, or a contact's name or email address"
          defaultValue={query.q}
          spellCheck={false}
        />
        <div className="filter-grid">
          <SelectField
            label="Category"
            name="category"
            defaultValue={query.category ?? ""}
            options={[
              { value: "", label: "All categories" },
              ...VENDOR_CATEGORIES.map((c) => ({ value: c, label: VENDOR_CATEGORY_LABELS[c] })),
            ]}
          />
          <SelectField
            label="Data access"
            name="dataAccess"
            defaultValue={query.dataAccess ?? ""}
            options={[
              { value: "", label: "Any data access" },
              ...DATA_ACCESS.map((d) => ({ value: d, label: DATA_ACCESS_LABELS[d] })),
            ]}
          />
          <SelectField
            label="Criticality"
            name="criticality"
            defaultValue={query.criticality ?? ""}
            options={[
              { value: "", label: "Any criticality" },
              ...CRITICALITY.map((c) => ({ value: c, label: CRITICALITY_LABELS[c] })),
            ]}
          />
          <SelectField
            label="Inherent risk"
            name="tier"
            defaultValue={query.tier ?? ""}
            options={[
              { value: "", label: "Any inherent risk" },
              ...TIERS.map((t) => ({ value: t, label: t })),
            ]}
          />
          <SelectField
            label="Owner"
            name="owner"
            defaultValue={query.owner ?? ""}
            options={[
              { value: "", label: "Anyone or no one" },
              { value: "none", label: "No owner" },
              ...owners.map((o) => ({ value: o.id, label: o.name })),
            ]}
          />
          <SelectField
            label="Show"
            name="archived"
            defaultValue={query.archived}
            options={Object.entries(ARCHIVED_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </div>
        {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
        {query.dir !== DEFAULT_DIRECTION[query.sort] ? (
          <input type="hidden" name="dir" value={query.dir} />
        ) : null}
        <div className="actions">
          <button type="submit">Apply filters</button>
          {filtered ? <Link to="/vendors">Clear filters</Link> : null}
        </div>
      </Form>

      <p role="status" className="result-count">
        {resultSummary(total, page, vendors.length)}
      </p>
      {total > 0 ? <ExportLinks what="every vendor that matches" path="/vendors/export" /> : null}
      {vendors.length > 0 ? (
        <ScrollRegion label="Vendors">
          <table>
            <thead>
              <tr>
                <SortHeader label="Vendor" {...sortLink("name")} />
                <SortHeader label="Category" {...sortLink("category")} />
                <th scope="col">Data access</th>
                <th scope="col">Criticality</th>
                <SortHeader label="Inherent risk" {...sortLink("tier")} />
                <SortHeader label="Owner" {...sortLink("owner")} />
                <SortHeader label="Added" {...sortLink("created")} />
              </tr>
            </thead>
            <tbody ref={rowLinks}>
              {vendors.map((v) => (
                <tr key={v.id}>
                  <th scope="row">
                    <RowLink to={`/vendors/${v.id}`}>{v.name}</RowLink>
                    {v.archivedAt ? (
                      <>
                        {" "}
                        <span className="tag status-deactivated">Archived</span>
                      </>
                    ) : null}
                    {v.website ? (
                      <span className="hint cell-note">
                        {v.website.replace(/^https?:\/\//, "")}
                      </span>
                    ) : null}
                  </th>
                  <td>{VENDOR_CATEGORY_LABELS[v.category]}</td>
                  <td>{DATA_ACCESS_LABELS[v.dataAccess]}</td>
                  <td>{CRITICALITY_LABELS[v.criticality]}</td>
                  <td>
                    <TierTag tier={v.inherentTier} />
                  </td>
                  <td>{v.ownerName ?? "—"}</td>
                  <td>
                    <DateTime value={v.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : total > 0 ? (
        <p>
          <Link to={link({ page: 1 })}>Go to the first page</Link>
        </p>
      ) : filtered ? (
        <p>
          Try other words or fewer filters, or <Link to="/vendors">clear the filters</Link>.
        </p>
      ) : canManage ? (
        <p>No vendors yet. Add the first one to start assessing it.</p>
      ) : (
        <p>No vendors yet.</p>
      )}
      {vendors.length > 0 ? (
        <Pager page={page} pageCount={pageCount} href={(to) => link({ page: to })} />
      ) : null}
    </>
  );
}
