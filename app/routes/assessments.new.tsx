import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { createAssessment, recipientCandidates } from "~/assessments/assessments.server";
import { getReassessmentSource } from "~/assessments/reassessment.server";
import { NewAssessmentSchema } from "~/assessments/schemas";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary, SelectField, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { fail } from "~/forms/failure";
import { describeErrors, parseQuery } from "~/forms/parse";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { listLibrary } from "~/library/sync.server";
import { getActiveVendorName, searchVendors } from "~/vendors/vendors.server";
import { DateTime } from "~/components/date-time";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { OrganisationNotice } from "~/components/organisation-notice";
import { organisationIsSet } from "~/settings/settings";
import { getSettings, organisationNotSet } from "~/settings/settings.server";

export const meta: MetaFunction = () => [
  { title: "New assessment — Assay" },
  { name: "description", content: "Send a security questionnaire to a vendor's contacts." },
];

/** Vendors shown per search; more matches ask for a longer search. */
const VENDOR_MATCHES = 20;
// ?from=<assessment id> (a re-assessment), ?vendorId= (a chosen vendor), ?vendorQ= (a search).
// A malformed id is treated as absent (a mangled link still shows the page); a bad search is a 400.
const QuerySchema = z.object({
  from: z.string().optional().catch(undefined),
  vendorId: z.string().uuid().optional().catch(undefined),
  vendorQ: z.string().trim().max(200, "Keep the vendor search under 200 characters").default(""),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:manage" }, context);
  const db = await getDb();
  const library = await listLibrary(db);
  const search = parseQuery(QuerySchema, request);
  if (!search.success) throw data(describeErrors(search.errors), { status: 400 });
  // Re-assessment (?from=<assessment id>): that assessment's vendor, questionnaire and contacts.
  const fromId = search.data.from;
  const from = fromId
    ? z.string().uuid().safeParse(fromId).success
      ? await getReassessmentSource(db, fromId)
      : null
    : null;
  if (fromId && !from)
    throw data("There is no submitted assessment to start a re-assessment from.", { status: 404 });
  const requested = from?.vendorId ?? search.data.vendorId;
  // Archived vendors are not sent assessments.
  const vendor =
    requested && z.string().uuid().safeParse(requested).success
      ? await getActiveVendorName(db, requested)
      : null;
  const contacts = vendor ? await recipientCandidates(db, vendor.id) : [];
  // Without a vendor: a search, one short page of matches (a select of every vendor would not
  // scale to thousands).
  const vendorQ = search.data.vendorQ;
  const matches =
    !vendor && vendorQ ? await searchVendors(db, { q: vendorQ, pageSize: VENDOR_MATCHES }) : null;
  const defaultDue = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  return {
    vendorQ,
    matches: matches
      ? {
          total: matches.total,
          vendors: matches.vendors.map((v) => ({ id: v.id, name: v.name, website: v.website })),
        }
      : null,
    vendor: vendor ? { id: vendor.id, name: vendor.name } : null,
    contacts,
    // Latest version of each questionnaire first, older versions after it; a re-assessment
    // offers only the versions of its questionnaire (answers carry over within one).
    versions: library
      .filter((g) => !from || g.slug === from.slug)
      .flatMap((g) =>
        // Retired versions are not offered (decision 220); "latest" is the newest still offered.
        g.versions
          .filter((v) => !v.retired)
          .map((v, i) => ({
            id: v.id,
            label: `${v.title} — ${v.version}${i === 0 ? " (latest)" : ""}`,
          })),
      ),
    defaultDue,
    organisationSet: organisationIsSet(await getSettings(db)),
    canSetOrganisation: can(user, "settings:manage"),
    from: from
      ? {
          id: from.id,
          title: from.title,
          version: from.version,
          submittedAt: from.submittedAt,
          contactIds: from.contactIds,
        }
      : null,
  };
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    { permission: "assessments:manage", schema: NewAssessmentSchema },
    async ({ user, db, input }) => {
      const send = input.intent === "send";
      // Sending mails the vendor (docs/decisions/270-organisation-identity.md); a draft may wait.
      const notSet = send ? await organisationNotSet(db) : null;
      if (notSet) return fail(409, notSet);
      const result = await createAssessment(db, user, { ...input, send });
      if (!result.ok) return result;
      throw await redirectWithToast(`/assessments/${result.assessmentId}`, {
        message: send
          ? "Assessment sent. Each recipient was emailed a personal link."
          : "Draft saved. Send it when you are ready.",
      });
    },
  );
}

export default function NewAssessmentPage() {
  const {
    vendorQ,
    matches,
    vendor,
    contacts,
    versions,
    defaultDue,
    from,
    organisationSet,
    canSetOrganisation,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  return (
    <>
      <p>
        <Link to="/assessments">Back to assessments</Link>
      </p>
      <h1>{from ? "Re-assessment" : "New assessment"}</h1>
      {from ? (
        <p className="panel">
          Starting from the {from.title} {from.version} assessment submitted{" "}
          <DateTime value={from.submittedAt} />. Answers to questions whose meaning is unchanged in
          the version you choose carry over, marked for the vendor to confirm or change.{" "}
          <Link to={`/assessments/${from.id}`}>Back to that assessment</Link>
        </p>
      ) : null}
      {from ? null : vendor ? (
        <p>
          <Link to="/assessments/new">Choose another vendor</Link>
        </p>
      ) : (
        <>
          <Form method="get" role="search" className="inline-form panel">
            <TextField
              label="Vendor"
              name="vendorQ"
              type="search"
              hint="Part of the vendor's name or website, or a contact's name or email address"
              defaultValue={vendorQ}
              spellCheck={false}
            />
            <div className="field">
              <button type="submit" className="button--secondary">
                Find vendor
              </button>
            </div>
          </Form>
          {matches ? <VendorMatches query={vendorQ} matches={matches} /> : null}
        </>
      )}
      {vendor ? (
        <div className="panel">
          <h2>Send to {vendor.name}</h2>
          <ErrorSummary errors={errors} fieldIds={{ contactIds: "contact-0" }} />
          {organisationSet ? null : (
            <OrganisationNotice
              canFix={canSetOrganisation}
              returnTo={`/assessments/new?vendorId=${vendor.id}`}
            />
          )}
          <Form method="post" noValidate>
            <input type="hidden" name="vendorId" value={vendor.id} />
            {from ? <input type="hidden" name="previousAssessmentId" value={from.id} /> : null}
            <SelectField
              label="Questionnaire"
              name="questionnaireVersionId"
              error={errors.questionnaireVersionId}
              options={versions.map((v) => ({ value: v.id, label: v.label }))}
            />
            <TextField
              label="Due date"
              name="dueDate"
              type="date"
              defaultValue={defaultDue}
              error={errors.dueDate}
            />
            <div className={`field${errors.message ? " field--error" : ""}`}>
              <label htmlFor="message">Message to the vendor (optional)</label>
              <p className="hint" id="message-hint">
                Included in the invitation email.
              </p>
              <textarea id="message" name="message" rows={4} aria-describedby="message-hint" />
            </div>
            <fieldset className={`field${errors.contactIds ? " field--error" : ""}`}>
              <legend>Recipients</legend>
              {errors.contactIds ? <p className="field-error">{errors.contactIds}</p> : null}
              {contacts.length === 0 ? (
                <p>This vendor has no contacts yet. Add one on the vendor&apos;s page first.</p>
              ) : (
                <div className="radios">
                  {contacts.map((c, i) => (
                    <label key={c.id}>
                      <input
                        type="checkbox"
                        name="contactIds"
                        value={c.id}
                        id={`contact-${i}`}
                        defaultChecked={from ? from.contactIds.includes(c.id) : i === 0}
                      />
                      <span>
                        {c.name} &lt;{c.email}&gt;
                        {c.role ? <span className="hint"> — {c.role}</span> : null}
                      </span>
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
            <div className="actions">
              <button
                type="submit"
                name="intent"
                value="send"
                disabled={navigation.state === "submitting"}
              >
                Send assessment
              </button>
              <button type="submit" name="intent" value="draft" className="button--secondary">
                Save as draft
              </button>
            </div>
          </Form>
        </div>
      ) : null}
    </>
  );
}

function VendorMatches({
  query,
  matches,
}: {
  query: string;
  matches: { total: number; vendors: { id: string; name: string; website: string | null }[] };
}) {
  return (
    <section className="panel" aria-labelledby="vendor-matches">
      <h2 id="vendor-matches">Vendors matching “{query}”</h2>
      <p role="status">
        {matches.total === 0
          ? "No active vendor matches. Try part of the name, or add the vendor first."
          : matches.total > matches.vendors.length
            ? `${matches.total} vendors match; the first ${matches.vendors.length} are below. Type more of the name to narrow them.`
            : `${matches.total} ${matches.total === 1 ? "vendor matches" : "vendors match"}.`}
      </p>
      {matches.vendors.length > 0 ? (
        <ul className="work-list">
          {matches.vendors.map((v) => (
            <li key={v.id}>
              <Link to={`/assessments/new?vendorId=${v.id}`}>Choose {v.name}</Link>
              {v.website ? ` — ${v.website}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          <Link to="/vendors/new">Add a vendor</Link>
        </p>
      )}
    </section>
  );
}
