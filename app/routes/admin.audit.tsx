import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { listAuditActions, listAuditEvents } from "~/audit/audit.server";
import { requireUser } from "~/auth/session.server";
import { actionLabel } from "~/audit/describe";
import { AuditTable } from "~/components/audit-table";
import { ExportLinks } from "~/components/export-links";
import { SelectField } from "~/components/form";
import { getDb } from "~/db.server";
import { boundedIntField } from "~/forms/input";
import { requireQuery } from "~/forms/parse";

export const meta: MetaFunction = () => [
  { title: "Audit log — Assay" },
  { name: "description", content: "Who did what in Assay, and what it changed." },
];

const QuerySchema = z.object({
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/)
    .optional()
    .catch(undefined),
  // An audit event id: a bigint, so anything past 2^53 is refused rather than overflowing.
  before: boundedIntField(
    1,
    Number.MAX_SAFE_INTEGER,
    "“before” must be an event number",
  ).optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, { permission: "audit:read" }, context);
  const query = requireQuery(QuerySchema, request);
  const db = await getDb();
  const [page, actions] = await Promise.all([
    listAuditEvents(db, {
      action: query.action,
      before: query.before,
      limit: 50,
      names: true,
    }),
    listAuditActions(db),
  ]);
  return { ...page, actions, query };
}

export default function AuditLogPage() {
  const { events, names, nextBefore, actions, query } = useLoaderData<typeof loader>();
  const older = new URLSearchParams();
  if (query.action) older.set("action", query.action);
  if (nextBefore) older.set("before", String(nextBefore));
  return (
    <>
      <h1>Audit log</h1>
      <p className="lede">
        Every sign-in, sign-out, role change and other change of state, newest first.
      </p>
      <Form method="get" className="inline-form">
        <SelectField
          label="Action"
          name="action"
          defaultValue={query.action ?? ""}
          options={[
            { value: "", label: "All actions" },
            ...actions.map((a) => ({ value: a, label: actionLabel(a) })),
          ]}
        />
        <div className="field">
          <button type="submit">Filter</button>
        </div>
      </Form>
      <ExportLinks what="every matching event" path="/admin/audit/export" />
      <AuditTable events={events} names={names} />
      <p className="pager actions">
        {query.before ? (
          <Link to={query.action ? `?action=${query.action}` : "?"}>Newest events</Link>
        ) : null}
        {nextBefore ? <Link to={`?${older}`}>Older events</Link> : null}
      </p>
    </>
  );
}
