// The answers a reviewer reopened with a question (docs/decisions/091). Each open one is a form of
// its own: the answer, editable again, and a reply; sending it saves the answer (against the
// revision the page showed) and returns it for review. Closed ones stay readable.
// What the page shows and what its forms do: app/review/vendor-clarification-page.server.ts.
import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireVendorSession } from "~/assessments/respond.server";
import { ErrorSummary } from "~/components/form";
import { getEnv } from "~/env.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import {
  type ClarificationActionResult,
  getVendorClarificationsView,
  runVendorClarificationAction,
} from "~/review/vendor-clarification-page.server";
import { ClarificationFileForms, ClarificationSection } from "./clarification-item";

export const meta: MetaFunction = () => [
  { title: "Clarifications requested — Assay" },
  { name: "description", content: "Answers the assessing organisation asks you to clarify." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  return getVendorClarificationsView(vendor);
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const outcome = await runVendorClarificationAction(vendor, request);
  if (!outcome.ok) return data(outcome.result, { status: outcome.status });
  throw await redirectWithToast(outcome.to, { message: outcome.message });
}

export default function ClarificationsPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ClarificationActionResult | undefined;
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  const open = page.items.filter((i) => i.open);
  return (
    <>
      <p>
        <Link to="/v">Back to your assessment</Link>
      </p>
      <h1>Clarifications requested</h1>
      <ErrorSummary errors={errors} />
      {page.items.length === 0 ? (
        <p className="panel">Nobody has asked you to clarify an answer.</p>
      ) : open.length === 0 ? (
        <p className="panel" role="status">
          You have answered every clarification request. Thank you.
        </p>
      ) : (
        <p>
          A reviewer asked about {open.length === 1 ? "one answer" : `${open.length} answers`}. Only{" "}
          {open.length === 1 ? "that answer is" : "those answers are"} open again: change it if
          needed, reply to the question, and send it back for review.
        </p>
      )}
      {page.items.map((item) => (
        <ClarificationSection
          key={item.questionId}
          item={item}
          mine={actionData?.questionId === item.questionId ? actionData : undefined}
          errors={errors}
          busy={navigation.state === "submitting"}
        />
      ))}
      <ClarificationFileForms open={open} />
    </>
  );
}
