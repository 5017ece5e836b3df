import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { listAuditEvents } from "~/audit/audit.server";
import { can } from "~/auth/permissions";
import { getVendorFindings } from "~/findings/vendor-findings.server";
import { VendorFindings } from "~/components/vendor-findings";
import { requireUser } from "~/auth/session.server";
import { AuditTable } from "~/components/audit-table";
import { ExportLinks } from "~/components/export-links";
import { DateTime } from "~/components/date-time";
import { ErrorSummary } from "~/components/form";
import { TierTag } from "~/components/tier-tag";
import { requireQuery } from "~/forms/parse";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { ContactsPanel } from "./contacts-panel";
import { CRITICALITY_LABELS, DATA_ACCESS_LABELS } from "~/scoring/risk";
import { requireVendorParam } from "~/vendors/vendor-param.server";
import { ContactSchema } from "~/vendors/schemas";
import { VENDOR_CATEGORY_LABELS } from "~/vendors/vendors";
import {
  addContact,
  archiveVendor,
  removeContact,
  restoreVendor,
  updateContact,
} from "~/vendors/vendors.server";

const contactId = z.string().uuid();

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("archive") }),
  z.object({ intent: z.literal("restore") }),
  ContactSchema.extend({ intent: z.literal("add-contact") }),
  ContactSchema.extend({ intent: z.literal("update-contact"), contactId }),
  z.object({ intent: z.literal("remove-contact"), contactId }),
]);

// ?contact=<id> opens that contact's edit form: a plain link, so it works without JavaScript.
const QuerySchema = z.object({ contact: contactId.optional().catch(undefined) });

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.vendor.name ?? "Vendor"} — Assay` },
  {
    name: "description",
    content: "A vendor's profile, contacts, assessments, findings and history.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "vendors:read" }, context);
  const { db, vendor } = await requireVendorParam(params);
  const query = requireQuery(QuerySchema, request);
  const { events, names } = await listAuditEvents(db, {
    names: true,
    target: { type: "vendor", id: vendor.id },
    limit: 50,
  });
  const canManage = can(user, "vendors:manage");
  const editing =
    canManage && !vendor.archivedAt
      ? (vendor.contacts.find((c) => c.id === query.contact) ?? null)
      : null;
  const findings = can(user, "findings:read") ? await getVendorFindings(db, vendor.id) : null;
  // Procurement sends assessments from here (the new-assessment form with this vendor chosen).
  const canSend = can(user, "assessments:manage") && !vendor.archivedAt;
  return { vendor, events, names, canManage, canSend, editing, findings };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "vendors:manage",
      schema: ActionSchema,
      // Which of the page's forms was refused, so its messages show at that form.
      echo: ["intent"],
      record: async ({ params }) => (await requireVendorParam(params)).vendor,
    },
    async ({ user, db, record: vendor, input }) => {
      const here = `/vendors/${vendor.id}`;
      if (input.intent === "archive") {
        const result = await archiveVendor(db, user, vendor.id);
        if (!result.ok) return result;
        throw await redirectWithToast(here, {
          message: `${vendor.name} was archived. It is hidden from the vendor list until restored.`,
        });
      }
      if (input.intent === "restore") {
        const result = await restoreVendor(db, user, vendor.id);
        if (!result.ok) return result;
        throw await redirectWithToast(here, { message: `${vendor.name} was restored.` });
      }
      if (input.intent === "add-contact") {
        const result = await addContact(db, user, vendor.id, input);
        if (!result.ok) return result;
        throw await redirectWithToast(here, { message: `${input.name} was added as a contact.` });
      }
      if (input.intent === "update-contact") {
        const result = await updateContact(db, user, vendor.id, input.contactId, input);
        if (!result.ok) return result;
        throw await redirectWithToast(
          here,
          result.changed
            ? { message: `The details of ${input.name} were saved.` }
            : { message: "Nothing was changed.", kind: "info" },
        );
      }
      const result = await removeContact(db, user, vendor.id, input.contactId);
      if (!result.ok) return result;
      throw await redirectWithToast(here, {
        message: result.archived
          ? `${result.name} was removed. They stay on record for the assessments they received.`
          : `${result.name} was removed.`,
      });
    },
  );
}

export default function VendorPage() {
  const { vendor, events, names, canManage, canSend, editing, findings } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errorsFor = (intent: string) =>
    actionData?.intent === intent ? actionData.errors : undefined;
  // Errors of the archive and remove buttons, or of a post with no known intent.
  const pageErrors =
    actionData && !["add-contact", "update-contact"].includes(actionData.intent)
      ? actionData.errors
      : {};
  const editable = canManage && !vendor.archivedAt;
  const busy = navigation.state === "submitting";
  return (
    <>
      <p>
        <Link to="/vendors">Back to vendors</Link> ·{" "}
        <Link to={`/vendors/${vendor.id}/trend`}>Scores over time</Link>
      </p>
      <div className="title-row">
        <h1>{vendor.name}</h1>
        {vendor.archivedAt ? <span className="tag status-deactivated">Archived</span> : null}
      </div>
      {canSend ? (
        <p>
          <Link to={`/assessments/new?vendorId=${vendor.id}`} className="button">
            Send assessment<span className="visually-hidden"> to {vendor.name}</span>
          </Link>
        </p>
      ) : null}
      {vendor.archivedAt ? (
        <p className="notice">
          Archived <DateTime value={vendor.archivedAt} />. It is hidden from the vendor list and
          cannot be changed until it is restored.
        </p>
      ) : null}
      <ErrorSummary errors={pageErrors} />

      <section className="panel" aria-labelledby="profile-heading">
        <div className="panel-heading">
          <h2 id="profile-heading">Profile</h2>
          {editable ? (
            <Link to={`/vendors/${vendor.id}/edit`}>
              Edit profile<span className="visually-hidden"> of {vendor.name}</span>
            </Link>
          ) : null}
        </div>
        <dl className="summary">
          <dt>Website</dt>
          <dd>
            {vendor.website ? (
              <a href={vendor.website} rel="noreferrer noopener" target="_blank">
                {vendor.website}
                <span className="visually-hidden"> (opens in a new tab)</span>
              </a>
            ) : (
              "—"
            )}
          </dd>
          <dt>Category</dt>
          <dd>{VENDOR_CATEGORY_LABELS[vendor.category]}</dd>
          <dt>Data access</dt>
          <dd>{DATA_ACCESS_LABELS[vendor.dataAccess]}</dd>
          <dt>Business criticality</dt>
          <dd>{CRITICALITY_LABELS[vendor.criticality]}</dd>
          <dt>Inherent risk</dt>
          <dd>
            <TierTag tier={vendor.inherentTier} />
          </dd>
          <dt>Owner</dt>
          <dd>
            {vendor.ownerName
              ? `${vendor.ownerName}${vendor.ownerActive ? "" : " (deactivated)"}`
              : "No owner"}
          </dd>
          <dt>Notes</dt>
          <dd className="notes">{vendor.notes || "—"}</dd>
          <dt>Added</dt>
          <dd>
            <DateTime value={vendor.createdAt} />
          </dd>
        </dl>
      </section>

      <ContactsPanel
        vendor={vendor}
        editable={editable}
        editing={editing}
        errorsFor={errorsFor}
        busy={busy}
      />

      {canManage ? (
        <section className="panel" aria-labelledby="archive-heading">
          {vendor.archivedAt ? (
            <>
              <h2 id="archive-heading">Restore</h2>
              <p>Restoring puts {vendor.name} back in the vendor list and lets you change it.</p>
              <Form method="post">
                <input type="hidden" name="intent" value="restore" />
                <button type="submit" disabled={busy}>
                  Restore {vendor.name}
                </button>
              </Form>
            </>
          ) : (
            <>
              <h2 id="archive-heading">Archive</h2>
              <p>
                Archive a vendor you no longer use. It leaves the vendor list but keeps its history,
                and you can restore it at any time.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="archive" />
                <button type="submit" className="button--danger" disabled={busy}>
                  Archive {vendor.name}
                </button>
              </Form>
            </>
          )}
        </section>
      ) : null}

      {findings ? <VendorFindings vendorId={vendor.id} {...findings} /> : null}
      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ExportLinks what="the history" path={`/tables/vendor-history/${vendor.id}`} />
        <AuditTable events={events} names={names} />
      </section>
    </>
  );
}
