// Reviewing a submitted assessment, answer by answer: accept, ask the vendor for a
// clarification (reopens just that answer), staff-only notes, manual findings; then close the
// review with a decision. Everyone on staff can read it; acting needs canReview (settings).
// What the page shows and what its forms do: app/review/review-page.server.ts.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { DateTime } from "~/components/date-time";
import { ErrorSummary } from "~/components/form";
import { StatusTag } from "~/components/status-tag";
import { getDb } from "~/db.server";
import { ReviewActionSchema } from "~/findings/schemas";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { DECISION_LABELS } from "~/review/labels";
import {
  getReviewPage,
  requireReviewer,
  reviewAssessmentIdOf,
  runReviewAction,
} from "~/review/review-page.server";
import { CloseReviewForm } from "./close-review-form";
import { ReviewItem } from "./review-item";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `Review: ${data.summary.vendorName} — Assay` : "Review — Assay",
  },
  {
    name: "description",
    content: "Review a submitted assessment: accept answers, ask for clarification, add notes.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "assessments:read" }, context);
  return getReviewPage(await getDb(), user, reviewAssessmentIdOf(params));
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "assessments:read",
      schema: ReviewActionSchema,
      // Which answer's form was refused, so its messages show at that answer.
      echo: ["questionId"],
      record: async ({ user, db, params }) => {
        await requireReviewer(db, user);
        return reviewAssessmentIdOf(params);
      },
    },
    async ({ user, db, record: id, input }) => {
      const result = await runReviewAction(db, user, id, input);
      if (!result.ok) return result;
      const anchor = "questionId" in input ? `#q-${encodeURIComponent(input.questionId)}` : "";
      throw await redirectWithToast(`/assessments/${id}/review${anchor}`, {
        message: result.message,
      });
    },
  );
}

export default function ReviewPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const errorsFor = (questionId: string) => (actionData?.questionId === questionId ? errors : {});
  const open = page.mayReview && page.assessment.status !== "closed";
  return (
    <div className="panel">
      <p>
        <Link to={`/assessments/${page.summary.id}`}>Assessment</Link> ·{" "}
        <Link to={`/assessments/${page.summary.id}/result`}>Score and explanation</Link> ·{" "}
        <Link to={`/findings?assessment=${page.summary.id}`}>Findings</Link>
      </p>
      <h1>
        Review: {page.summary.vendorName}, {page.summary.questionnaireTitle}
      </h1>
      <p>
        <StatusTag status={page.assessment.status} /> {page.counts.accepted} accepted ·{" "}
        {page.counts.clarification_requested} waiting for the vendor · {page.counts.clarified}{" "}
        clarified · {page.counts.unreviewed} not reviewed
      </p>
      <ErrorSummary errors={actionData?.questionId ? {} : errors} />
      {page.assessment.status === "closed" ? (
        <div className="notice">
          <p>
            Review closed <DateTime value={page.assessment.reviewedAt} />:{" "}
            <strong>
              {page.assessment.reviewDecision
                ? DECISION_LABELS[page.assessment.reviewDecision]
                : "no decision"}
            </strong>
            {page.assessment.reviewNote ? `. ${page.assessment.reviewNote}` : ""}
          </p>
        </div>
      ) : null}
      {!page.mayReview ? (
        <p className="notice">
          You can read this review. Risk officers (and procurement, where an admin allows it) review
          assessments.
        </p>
      ) : null}
      {open && page.assessment.status === "submitted" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" disabled={busy}>
            Start the review
          </button>
        </Form>
      ) : null}
      {page.sections.map((section) => (
        <section key={section.id} aria-labelledby={`s-${section.id}`}>
          <h2 id={`s-${section.id}`}>{section.title}</h2>
          {section.questions.map((q) => (
            <ReviewItem
              key={q.id}
              q={q}
              qErrors={errorsFor(q.id)}
              open={open}
              expanded={actionData?.questionId === q.id}
              busy={busy}
            />
          ))}
        </section>
      ))}
      {open && page.assessment.status === "in_review" ? (
        <CloseReviewForm errors={errors} busy={busy} />
      ) : null}
    </div>
  );
}
