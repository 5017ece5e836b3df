// The findings register across all vendors: filters in the URL (so the dashboard can link to
// any slice), sorting, paging, and CSV/XLSX export of every match.
import { ScrollRegion } from "~/components/scroll-region";
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireUser, requestRevisions } from "~/auth/session.server";
import { type RevisionSnapshot } from "~/dashboard/portfolio-cache.server";
import { formatDay } from "~/format";
import { ExportLinks } from "~/components/export-links";
import { RowLink, useRowLinks } from "~/components/row-link";
import { SelectField, TextField } from "~/components/form";
import { SortHeader } from "~/components/sort-header";
import { type Db, getDb } from "~/db.server";
import {
  listRegister,
  parseRegisterQuery,
  registerChoices,
  type RegisterQuery,
} from "~/findings/register.server";
import { FINDING_STATUS_LABELS, SEVERITIES, SEVERITY_LABELS } from "~/findings/status";
import { FRAMEWORKS } from "~/questionnaire/references";
import { Pager } from "~/components/pager";

export const meta: MetaFunction = () => [
  { title: "Findings — Assay" },
  {
    name: "description",
    content: "Every finding across vendors, with severity, status and due date.",
  },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "findings:read" }, context);
  const url = new URL(request.url);
  const query = parseRegisterQuery(url);
  const db = await getDb();
  return pageData(db, query, user.id, requestRevisions(request, context, db));
}

async function pageData(db: Db, query: RegisterQuery, userId: string, revisions: RevisionSnapshot) {
  const [result, choices] = await Promise.all([
    listRegister(db, query, userId),
    // Kept, and checked against the revisions the session lookup read (decisions 438 and 439).
    registerChoices(db, query.vendor, revisions),
  ]);
  // Only what the table shows goes to the browser (the export reads the rest): the page's data
  // is in its HTML twice, as markup and for hydration (docs/decisions/381-compare-render.md).
  const rows = result.rows.map(
    ({ assessmentId: _a, questionId: _q, references: _r, ...shown }) => shown,
  );
  return { ...result, rows, query, choices };
}

export default function FindingsRegister() {
  const rowLinks = useRowLinks<HTMLTableSectionElement>();
  const { rows, total, pageCount, query, choices } = useLoaderData<typeof pageData>();
  const page = query.page;
  const { search } = useLocation();
  const link = (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams(search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === "") params.delete(k);
      else params.set(k, String(v));
    }
    return `?${params.toString()}`;
  };
  const sortLink = (sort: string) =>
    link({
      sort,
      dir: query.sort === sort && query.dir === "asc" ? "desc" : "asc",
      page: undefined,
    });
  const sorted = (sort: string) => (query.sort === sort ? query.dir : false);
  return (
    <div className="panel">
      <h1>Findings</h1>
      <Form method="get" className="filters">
        <SelectField
          label="Severity"
          name="severity"
          defaultValue={query.severity[0] ?? ""}
          options={[
            { value: "", label: "Any" },
            ...SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
          ]}
        />
        <SelectField
          label="Status"
          name="status"
          defaultValue={query.status.length === 1 ? query.status[0] : ""}
          options={[
            { value: "", label: "Any" },
            { value: "open_any", label: "Any open status" },
            ...Object.entries(FINDING_STATUS_LABELS).map(([value, label]) => ({ value, label })),
          ]}
        />
        {choices.vendor ? (
          <p className="chosen-filter">
            <input type="hidden" name="vendor" value={choices.vendor.id} />
            Vendor: <strong>{choices.vendor.name}</strong>{" "}
            <Link to={link({ vendor: undefined, page: undefined })}>
              Show every vendor
              <span className="visually-hidden"> instead of {choices.vendor.name}</span>
            </Link>
          </p>
        ) : (
          <TextField
            label="Vendor name"
            name="vendorName"
            type="search"
            hint="Part of the name"
            defaultValue={query.vendorName ?? ""}
            spellCheck={false}
          />
        )}
        <SelectField
          label="Questionnaire"
          name="questionnaire"
          defaultValue={query.questionnaire ?? ""}
          options={[
            { value: "", label: "Any" },
            ...choices.questionnaires.map((q) => ({ value: q.slug, label: q.title })),
          ]}
        />
        <SelectField
          label="Reference framework"
          name="framework"
          defaultValue={query.framework ?? ""}
          options={[
            { value: "", label: "Any" },
            ...Object.entries(FRAMEWORKS).map(([prefix, f]) => ({ value: prefix, label: f.name })),
          ]}
        />
        <SelectField
          label="Owner"
          name="owner"
          defaultValue={query.owner === "me" ? "me" : ""}
          options={[
            { value: "", label: "Anyone" },
            { value: "me", label: "Me" },
          ]}
        />
        <div className="checkbox">
          <input
            type="checkbox"
            id="overdue"
            name="overdue"
            value="1"
            defaultChecked={query.overdue}
          />
          <label htmlFor="overdue">Overdue only</label>
        </div>
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <button type="submit">Filter</button>
        <Link to="/findings">Clear filters</Link>
      </Form>
      <p role="status">
        {total === 1 ? "1 finding" : `${total.toLocaleString("en-GB")} findings`}
        {pageCount > 1 ? `, page ${page} of ${pageCount}` : ""}
      </p>
      <ExportLinks what="these findings" path="/findings/export" />
      {rows.length > 0 ? (
        <ScrollRegion label="Findings">
          <table>
            <caption className="visually-hidden">Findings, sorted by {query.sort}</caption>
            <thead>
              <tr>
                <th scope="col">Finding</th>
                <SortHeader
                  label="Severity"
                  to={sortLink("severity")}
                  sorted={sorted("severity")}
                />
                <SortHeader label="Status" to={sortLink("status")} sorted={sorted("status")} />
                <SortHeader label="Due" to={sortLink("due")} sorted={sorted("due")} />
                <SortHeader label="Vendor" to={sortLink("vendor")} sorted={sorted("vendor")} />
                <th scope="col">Owner</th>
                <SortHeader label="Opened" to={sortLink("opened")} sorted={sorted("opened")} />
              </tr>
            </thead>
            <tbody ref={rowLinks}>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <RowLink to={`/findings/${r.id}`}>{r.title}</RowLink>
                    <br />
                    <span className="hint">{r.questionnaire}</span>
                  </td>
                  <td>
                    <span className={`tag severity-${r.severity}`}>
                      {SEVERITY_LABELS[r.severity]}
                    </span>
                  </td>
                  <td>
                    {FINDING_STATUS_LABELS[r.status]}
                    {r.acceptanceExpiresOn ? ` until ${formatDay(r.acceptanceExpiresOn)}` : ""}
                  </td>
                  <td>
                    {formatDay(r.dueDate)}
                    {r.overdue ? (
                      <>
                        {" "}
                        <strong className="overdue">Overdue</strong>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <RowLink to={`/vendors/${r.vendorId}`}>{r.vendorName}</RowLink>
                  </td>
                  <td>{r.ownerName ?? "—"}</td>
                  <td>{formatDay(new Date(r.createdAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p>No findings match these filters.</p>
      )}
      <Pager page={page} pageCount={pageCount} href={(to) => link({ page: to })} />
    </div>
  );
}
