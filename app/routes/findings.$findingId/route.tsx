// One finding for staff: what it is and where it came from, its remediation (owner, vendor
// contact, due date, sharing, status with the moves this user may make), severity changes,
// the history, and a comment thread where each comment is explicitly internal or shared.
// What the page shows and what its forms do: app/findings/finding-page.server.ts.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ErrorSummary } from "~/components/form";
import {
  getStaffFindingPage,
  requireFindingParam,
  runStaffFindingAction,
} from "~/findings/finding-page.server";
import { FindingActionSchema } from "~/findings/schemas";
import { staffAction } from "~/http/action.server";
import { redirectWithToast } from "~/http/toast.server";
import { ManageForms, StatusForms } from "./finding-forms";
import { FindingSummary } from "./finding-summary";
import { Comments, History } from "./finding-thread";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.finding.title} — Findings — Assay` : "Finding — Assay" },
  {
    name: "description",
    content: "A finding: its severity, the vendor's plan, remediation status and history.",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, { permission: "findings:read" }, context);
  const { db, found } = await requireFindingParam(params);
  return getStaffFindingPage(db, user, found);
}

export async function action(args: ActionFunctionArgs) {
  return staffAction(
    args,
    {
      permission: "findings:manage",
      schema: FindingActionSchema,
      record: async ({ params }) => (await requireFindingParam(params)).found.finding.id,
    },
    async ({ user, db, record: id, input }) => {
      const result = await runStaffFindingAction(db, user, id, input);
      if (!result.ok) return result;
      throw await redirectWithToast(`/findings/${id}`, { message: result.message });
    },
  );
}

export default function FindingPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const f = page.finding;
  return (
    <div className="panel">
      <p>
        <Link to="/findings">All findings</Link> ·{" "}
        <Link to={`/vendors/${f.vendorId}`}>{page.vendorName}</Link> ·{" "}
        <Link to={`/assessments/${f.assessmentId}`}>Assessment</Link>
      </p>
      <h1>{f.title}</h1>
      <ErrorSummary errors={errors} />
      <FindingSummary page={page} />
      <StatusForms page={page} errors={errors} busy={busy} />
      <ManageForms page={page} errors={errors} busy={busy} />
      <Comments page={page} errors={errors} busy={busy} />
      <History page={page} />
    </div>
  );
}
