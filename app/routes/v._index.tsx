import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "~/assessments/assessments.server";
import { loadVendorWorkspace, requireVendor } from "~/assessments/respond.server";
import { isOpenForAnswers } from "~/assessments/status";
import { VendorHeader } from "~/components/vendor-header";

export const meta: MetaFunction = () => [{ title: "Your assessment — Assay" }];

type SectionState = "Not started" | "In progress" | "Completed" | "There is a problem";

export async function loader({ request }: LoaderFunctionArgs) {
  const vendor = await requireVendor(request);
  const { summary, questionnaire, progress } = await loadVendorWorkspace(
    vendor.db,
    vendor.assessmentId,
  );
  const sections = progress.map((p) => {
    const state: SectionState =
      p.problems > 0
        ? "There is a problem"
        : p.answered === 0
          ? "Not started"
          : p.answered >= p.applicable
            ? "Completed"
            : "In progress";
    const section = questionnaire.sections.find((s) => s.id === p.sectionId)!;
    return { ...p, state, description: section.description ?? "" };
  });
  const answered = sections.reduce((n, s) => n + s.answered, 0);
  const applicable = sections.reduce((n, s) => n + s.applicable, 0);
  return {
    title: questionnaire.title,
    description: questionnaire.description,
    vendorName: summary.vendorName,
    dueDate: formatDate(summary.dueDate),
    recipientName: vendor.recipientName,
    open: isOpenForAnswers(vendor.status),
    status: vendor.status,
    sections,
    answered,
    applicable,
  };
}

export default function TaskListPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <VendorHeader
        title={page.title}
        vendorName={page.vendorName}
        dueDate={page.dueDate}
        recipientName={page.recipientName}
      />
      <h1>Your assessment</h1>
      {page.open ? (
        <p>{page.description}</p>
      ) : (
        <p role="status" className="panel">
          This assessment was submitted and its answers are locked. You can still read them below.
        </p>
      )}
      <p>
        <label htmlFor="overall-progress">
          {page.answered} of {page.applicable} questions answered
        </label>
        <br />
        <progress id="overall-progress" max={page.applicable} value={page.answered} />
      </p>
      <ol className="task-list">
        {page.sections.map((s) => (
          <li key={s.sectionId} className="task">
            <span className="task__name">
              <Link to={`/v/sections/${s.sectionId}`} aria-describedby={`status-${s.sectionId}`}>
                {s.title}
              </Link>
              <span className="hint">
                {" "}
                — {s.answered} of {s.applicable} answered
              </span>
            </span>
            <strong
              id={`status-${s.sectionId}`}
              className={`task__status task__status--${s.state.replace(/ /g, "-").toLowerCase()}`}
            >
              {s.state}
            </strong>
          </li>
        ))}
      </ol>
      <p>
        <Link to="/v/check" className="button">
          {page.open ? "Check your answers and submit" : "View your answers"}
        </Link>
      </p>
    </>
  );
}
