import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { Builder } from "~/authoring/builder";
import { type DraftDoc } from "~/authoring/builder-model";
import {
  deleteDraft,
  getDraft,
  getLatestAuthoredVersion,
  getReservedSlugs,
  saveDraft,
} from "~/authoring/drafts.server";
import { getDb } from "~/db.server";
import { describeErrors, parseForm, parseQuery } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import builderStyles from "~/styles/builder.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: builderStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.draft.title || "Draft"} — questionnaire builder — Assay` },
  {
    name: "description",
    content: "Write a questionnaire draft: sections, questions, scoring and conditions.",
  },
];

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    document: z.string().transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "The draft could not be read" });
        return z.NEVER;
      }
    }),
    revision: z.coerce.number().int().min(1),
  }),
  z.object({ intent: z.literal("delete") }),
]);

// `?at=` opens the builder on one field, as the problem links of the import page do.
const QuerySchema = z.object({ at: z.string().max(300).optional() });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:read" }, context);
  const query = parseQuery(QuerySchema, request);
  if (!query.success) throw data("The field to open is not valid.", { status: 400 });
  const db = await getDb();
  const draft = await getDraft(db, params.draftId ?? "");
  if (!draft || draft.publishedAt) throw data("There is no such draft.", { status: 404 });
  const previous = await getLatestAuthoredVersion(db, draft.slug);
  return {
    draft: {
      id: draft.id,
      title: draft.title,
      slug: draft.slug,
      origin: draft.origin,
      notes: draft.notes,
      revision: draft.revision,
      content: draft.content as DraftDoc,
    },
    reservedSlugs: await getReservedSlugs(db),
    previous: previous?.questionnaire ?? null,
    canEdit: can(user, "questionnaires:author"),
    at: query.data.at ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:author" });
  const db = await getDb();
  const draft = await getDraft(db, params.draftId ?? "");
  if (!draft) throw data("There is no such draft.", { status: 404 });
  const parsed = parseForm(ActionSchema, await request.formData());
  if (!parsed.success)
    return data({ ok: false, message: describeErrors(parsed.errors) }, { status: 400 });
  if (parsed.data.intent === "delete") {
    const deleted = await deleteDraft(db, user, draft.id);
    if (!deleted.ok) throw data(deleted.message, { status: deleted.status });
    throw await redirectWithToast("/questionnaires", { message: "Draft deleted." });
  }
  const saved = await saveDraft(db, user, draft.id, {
    document: parsed.data.document,
    revision: parsed.data.revision,
  });
  if (!saved.ok) return data({ ok: false, message: saved.message }, { status: saved.status });
  return { ok: true, revision: saved.revision };
}

export default function DraftBuilderPage() {
  const { draft, reservedSlugs, previous, canEdit, at } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/questionnaires">Back to questionnaires</Link>
      </p>
      <h1>
        {draft.title || "Untitled draft"}{" "}
        <span className="hint">
          draft{previous ? ` of the version after ${previous.version}` : ""}
        </span>
      </h1>
      <noscript>
        <p className="panel">
          The builder needs JavaScript. Without it, export a version as YAML, edit it, and import it
          into a new draft.
        </p>
      </noscript>
      {draft.notes.length > 0 ? (
        <section className="panel" aria-labelledby="notes-title">
          <h2 id="notes-title">Notes from the import</h2>
          <ul>
            {draft.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <Builder
        key={draft.id}
        initial={draft.content}
        revision={draft.revision}
        reservedSlugs={reservedSlugs}
        previous={previous}
        canEdit={canEdit}
        initialPath={at}
      />
      <p className="actions">
        <Link to={`/questionnaires/drafts/${draft.id}/preview`}>
          Preview as the vendor (the saved draft)
        </Link>
      </p>
      {canEdit ? (
        // A div, not a p: the parser closes a p at a form, and the page then does not hydrate.
        <div className="actions">
          <Link to={`/questionnaires/drafts/${draft.id}/publish`}>Review changes and publish</Link>
          <Form method="post">
            <button type="submit" name="intent" value="delete" className="button--secondary">
              Delete this draft
            </button>
          </Form>
        </div>
      ) : null}
    </>
  );
}
