import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { can } from "~/auth/permissions";
import { requireUser } from "~/auth/session.server";
import { checkStoredDraft, getDraft, publishDraft } from "~/authoring/drafts.server";
import { ScoringSandbox } from "~/authoring/scoring-sandbox";
import { ErrorSummary, TextField } from "~/components/form";
import { getDb } from "~/db.server";
import { parseForm } from "~/forms/parse";
import { redirectWithToast } from "~/http/toast.server";
import { SemverSchema } from "~/questionnaire/definition";
import { describeChange, listChanges } from "~/questionnaire/diff";
import { getSettings } from "~/settings/settings.server";

export const meta: MetaFunction = () => [
  { title: "Publish a questionnaire — Assay" },
  {
    name: "description",
    content: "Publish a questionnaire draft as a new version of the library.",
  },
];

const PublishSchema = z.object({
  version: SemverSchema,
  revision: z.coerce.number().int().min(1),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:read" }, context);
  const db = await getDb();
  const draft = await getDraft(db, params.draftId ?? "");
  if (!draft || draft.publishedAt) throw data("There is no such draft.", { status: 404 });
  const check = await checkStoredDraft(db, draft);
  const settings = await getSettings(db);
  return {
    draft: { id: draft.id, title: draft.title, slug: draft.slug, revision: draft.revision },
    problems: check.problems,
    questionnaire: check.problems.length === 0 ? check.questionnaire : null,
    changes: check.diff
      ? listChanges(check.diff).map((c) => ({
          text: describeChange(c),
          bump: c.bump,
          reason: c.reason,
        }))
      : [],
    bump: check.bump,
    suggestedVersion: check.suggestedVersion,
    previousVersion: check.previousVersion,
    needsApproval: settings.questionnairePublishingNeedsApproval,
    approval:
      draft.approvalRequestedAt && draft.approvalRevision === draft.revision
        ? { version: draft.approvalVersion, mine: draft.approvalRequestedBy === user.id }
        : null,
    canPublish: can(user, "questionnaires:author"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, { permission: "questionnaires:author" });
  const parsed = parseForm(PublishSchema, await request.formData());
  if (!parsed.success) return data({ errors: parsed.errors, problems: [] }, { status: 400 });
  const result = await publishDraft(await getDb(), user, params.draftId ?? "", parsed.data);
  if (!result.ok)
    return data(
      { errors: { [result.field ?? "form"]: result.message }, problems: result.problems ?? [] },
      { status: result.status },
    );
  if (!result.published)
    throw await redirectWithToast(`/questionnaires/drafts/${params.draftId}/publish`, {
      message: "Publishing requested. Another author must approve it before it is published.",
    });
  throw await redirectWithToast(`/questionnaires/${result.slug}/${result.version}`, {
    message: `Published ${result.slug} ${result.version}. It can now be sent to vendors.`,
  });
}

export default function PublishPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const problems = actionData?.problems?.length ? actionData.problems : page.problems;
  return (
    <>
      <p>
        <Link to={`/questionnaires/drafts/${page.draft.id}`}>Back to the builder</Link>
      </p>
      <h1>Publish {page.draft.title || "this draft"}</h1>
      <ErrorSummary errors={errors} />
      {problems.length > 0 ? (
        <section className="panel" aria-labelledby="problems-title">
          <h2 id="problems-title">
            {problems.length === 1 ? "1 problem" : `${problems.length} problems`} stop this version
            from being published
          </h2>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                {p.path ? <code>{p.path}</code> : null} {p.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="diff-title">
        <h2 id="diff-title">
          {page.previousVersion ? `Changes since ${page.previousVersion}` : "First version"}
        </h2>
        {!page.previousVersion ? (
          <p>
            Nothing of {page.draft.slug || "this slug"} is published yet: this will be its first
            version.
          </p>
        ) : page.bump === null ? (
          <p>The changes are listed once the draft has no problems.</p>
        ) : page.changes.length === 0 ? (
          <p>Nothing changed since {page.previousVersion}.</p>
        ) : (
          <>
            <p>
              These changes need at least a <strong>{page.bump}</strong> version bump.
            </p>
            <ul>
              {page.changes.map((c, i) => (
                <li key={i}>
                  {c.text} <span className={`tag bump-${c.bump}`}>{c.bump}</span>{" "}
                  <span className="hint">({c.reason})</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {page.questionnaire ? <ScoringSandbox questionnaire={page.questionnaire} /> : null}
      {page.canPublish ? (
        <Form method="post" className="panel">
          <h2>Publish</h2>
          {page.needsApproval ? (
            <p>
              {page.approval
                ? page.approval.mine
                  ? `You asked to publish ${page.approval.version}; another author must approve it.`
                  : `Publishing ${page.approval.version} was requested: publishing it now approves it.`
                : "Publishing needs a second person: your request is recorded and another author approves it."}
            </p>
          ) : null}
          <input type="hidden" name="revision" value={page.draft.revision} />
          <TextField
            label="Version"
            name="version"
            hint={`MAJOR.MINOR.PATCH. The changes ask for ${page.suggestedVersion}; a smaller bump is refused. A published version never changes.`}
            defaultValue={page.approval?.version ?? page.suggestedVersion}
            error={errors.version}
          />
          <button type="submit">
            {page.needsApproval && !(page.approval && !page.approval.mine)
              ? "Ask to publish"
              : "Publish this version"}
          </button>
        </Form>
      ) : null}
    </>
  );
}
