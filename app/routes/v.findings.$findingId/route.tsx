// One finding shared with the vendor (docs/decisions/090 and 091): what to fix, their plan and
// target date, files of evidence for the fix, the shared comment thread, and "Mark as fixed". The
// finding must belong to the session's assessment and be shared, or it does not exist (404).
// What the page shows and what its forms do: app/findings/vendor-finding-page.server.ts.
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
import { FINDING_STATUS_LABELS, SEVERITY_LABELS } from "~/findings/status";
import {
  getVendorFindingView,
  isVendorsFinding,
  runVendorFindingAction,
  type VendorFindingActionResult,
} from "~/findings/vendor-finding-page.server";
import { requireSameOrigin } from "~/http/origin.server";
import { redirectWithToast } from "~/http/toast.server";
import { EvidencePanel, MarkFixedPanel, PlanPanel, WhatToFix } from "./finding-panels";
import { Comments, History } from "./finding-thread";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.finding.title} — findings — Assay` : "Finding — Assay" },
  {
    name: "description",
    content:
      "A finding from your assessment: what to fix, your plan and the conversation about it.",
  },
];

const notFound = () => data("There is no such finding.", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const vendor = await requireVendorSession(request);
  const page = await getVendorFindingView(vendor, params.findingId ?? "");
  if (!page) throw notFound();
  return page;
}

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request, getEnv().APP_URL);
  const vendor = await requireVendorSession(request);
  const findingId = params.findingId ?? "";
  if (!(await isVendorsFinding(vendor, findingId))) throw notFound();
  const outcome = await runVendorFindingAction(vendor, findingId, request);
  if (!outcome.ok) return data(outcome.result, { status: outcome.status });
  throw await redirectWithToast(outcome.to, { message: outcome.message });
}

export default function VendorFindingPage() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as VendorFindingActionResult | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = actionData?.errors ?? {};
  const { finding } = page;
  return (
    <>
      <p>
        <Link to="/v/findings">Back to all findings</Link>
      </p>
      <h1>{finding.title}</h1>
      <dl className="summary">
        <dt>Severity</dt>
        <dd>
          <span className={`tag tier-${SEVERITY_LABELS[finding.severity]}`}>
            {SEVERITY_LABELS[finding.severity]}
          </span>
        </dd>
        <dt>Status</dt>
        <dd>{FINDING_STATUS_LABELS[finding.status]}</dd>
        <dt>Due</dt>
        <dd>{page.dueDate}</dd>
      </dl>
      <ErrorSummary errors={errors} />

      <WhatToFix page={page} />
      <PlanPanel page={page} actionData={actionData} busy={busy} />
      <EvidencePanel page={page} actionData={actionData} busy={busy} />
      <MarkFixedPanel page={page} actionData={actionData} busy={busy} />
      <Comments page={page} actionData={actionData} busy={busy} />
      <History page={page} />
    </>
  );
}
